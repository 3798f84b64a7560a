from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from certificates.api import api
from certificates.seal import urls as seal_urls
from servicedesk import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The JSON API is the same in every language: outside the language prefixes.
    path("api/v1/", api.urls),
    # The seal's public keys and status lookup: the same in every language.
    path("", include(seal_urls.public)),
]

# Persian at unprefixed paths, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    # Staff: two-factor sign-in and the supervisors' recent changes (before the admin's URLs).
    path("", include("servicedesk.staff.urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("sla.urls")),
    path("", include("certificates.urls")),
    path("", include("certificates.seal.urls")),
    path("", include("feedback.urls")),
    prefix_default_language=False,
)

# The admin's home links to the staff pages (recent changes, two-factor sign-in).
admin.site.index_template = "staff/admin/index.html"

handler400 = "servicedesk.views.bad_request"
handler403 = "servicedesk.views.permission_denied"
handler404 = "servicedesk.views.page_not_found"
handler500 = "servicedesk.views.server_error"
