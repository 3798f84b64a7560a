from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback and surveys")

    def ready(self):
        from feedback import links
        from sla import links as sla_links

        sla_links.add_service_links(links.service_card_links)
        sla_links.add_performance_links(links.performance_page_links)
        sla_links.add_invitations(links.survey_invitations)
