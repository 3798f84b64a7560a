from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/verify/", views.verify, name="verify"),
    path("c/<str:token>", views.qr, name="qr"),
    path("certificates/receipts/", views.receipt_lookup, name="receipt-lookup"),
    path("certificates/receipts/<str:code>/", views.receipt, name="receipt"),
    path("certificates/receipts/<str:code>/qr.svg", views.receipt_qr, name="receipt-qr"),
]
