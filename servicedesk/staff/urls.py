from django.contrib import admin
from django.urls import path

from servicedesk.staff import views

app_name = "staff"
urlpatterns = [
    path("staff/two-factor/", views.verify, name="verify"),
    path("staff/two-factor/setup/", views.setup, name="setup"),
    path("staff/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    # In the admin (its look, its sign-in), before the admin's own catch-all URLs.
    path("admin/changes/", admin.site.admin_view(views.changes), name="changes"),
]
