from django.urls import path

from sla import views

app_name = "sla"

urlpatterns = [
    path("services/", views.service_list, name="service-list"),
    path("services.json", views.services_json, name="services-json"),
    path("services.csv", views.services_csv, name="services-csv"),
    path("services/<str:service_id>/", views.service_detail, name="service-detail"),
    path("sla/", views.agreement, name="agreement"),
    path("sla/versions/", views.version_list, name="version-list"),
    path("sla/versions/<int:pk>/", views.version_detail, name="version-detail"),
    path("sla/performance/", views.performance, name="performance"),
    path("sla/performance.csv", views.performance_csv, name="performance-csv"),
]
