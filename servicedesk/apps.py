from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceDeskConfig(AppConfig):
    """The project package is an app too: it carries shared templates tags and commands."""

    name = "servicedesk"
    verbose_name = _("Electronic Service Desk")
