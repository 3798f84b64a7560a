"""What feedback adds to sla's pages (registered in FeedbackConfig.ready()): on a service's ID
card, the feedback form and the survey it invites to; on the performance page, the surveys."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext

from feedback import selectors
from sla.links import Link
from sla.models import Service


def service_card_links(service: Service) -> list[Link]:
    query = urlencode({"service": service.service_id})
    links = [
        Link(
            gettext("Send a suggestion or complaint about this service"),
            f"{reverse('feedback:new')}?{query}",
        )
    ]
    survey = selectors.survey_for_service(service=service)
    if survey is not None:
        # A general survey asks which service it is about: the card answers for the reader.
        url = survey.get_absolute_url() + ("" if survey.service_id else f"?{query}")
        links.append(Link(gettext("Take the survey"), url))
    return links


def performance_page_links() -> list[Link]:
    return [
        Link(
            gettext("How satisfied are you? Answer a short survey"),
            reverse("feedback:survey-list"),
        )
    ]
