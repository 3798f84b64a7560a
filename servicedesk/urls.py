from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from servicedesk import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

# Persian at unprefixed paths, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("", include("sla.urls")),
    path("", include("certificates.urls")),
    path("", include("feedback.urls")),
    prefix_default_language=False,
)

handler400 = "servicedesk.views.bad_request"
handler403 = "servicedesk.views.permission_denied"
handler404 = "servicedesk.views.page_not_found"
handler500 = "servicedesk.views.server_error"
