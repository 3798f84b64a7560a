from django.urls import include, path

from certificates.views import api_docs, organisations, verification

app_name = "certificates"

urlpatterns = [
    path("certificates/verify/", verification.verify, name="verify"),
    path("c/<str:token>", verification.qr, name="qr"),
    path("certificates/receipts/", verification.receipt_lookup, name="receipt-lookup"),
    path("certificates/receipts/<str:code>/", verification.receipt, name="receipt"),
    path("certificates/receipts/<str:code>/qr.svg", verification.receipt_qr, name="receipt-qr"),
    path("certificates/bulk/", organisations.bulk_check, name="bulk"),
    path(
        "certificates/bulk/template.<str:kind>",
        organisations.bulk_check_template,
        name="bulk-template",
    ),
    path("certificates/bulk/<int:pk>/", organisations.bulk_check_detail, name="bulk-detail"),
    path(
        "certificates/bulk/<int:pk>/result.<str:kind>",
        organisations.bulk_check_download,
        name="bulk-download",
    ),
    path("certificates/history/", organisations.history, name="history"),
    path("api/", api_docs.api_docs, name="api-docs"),
    path("certificates/requests/", include("certificates.manual.urls")),
]
