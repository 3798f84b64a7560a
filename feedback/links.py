"""What feedback adds to sla's pages (registered in FeedbackConfig.ready()): on a service's ID
card, the feedback form and the survey it invites to; on the performance page, the surveys."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext

from feedback import selectors
from sla.links import Link
from sla.models import Service


def _survey_url(service: Service) -> str | None:
    survey = selectors.survey_for_service(service=service)
    if survey is None:
        return None
    # A general survey asks which service it is about: the link answers for the reader.
    query = "" if survey.service_id else "?" + urlencode({"service": service.service_id})
    return survey.get_absolute_url() + query


def service_card_links(service: Service) -> list[Link]:
    query = urlencode({"service": service.service_id})
    links = [
        Link(
            gettext("Send a suggestion or complaint about this service"),
            f"{reverse('feedback:new')}?{query}",
        )
    ]
    if url := _survey_url(service):
        links.append(Link(gettext("Take the survey"), url))
    return links


def survey_invitations(service: Service) -> list[Link]:
    """After using ``service`` (a certificate check, say): its open survey, if any."""
    url = _survey_url(service)
    return [Link(gettext("Answer a short anonymous survey"), url)] if url else []


def performance_page_links() -> list[Link]:
    return [
        Link(
            gettext("How satisfied are you? Answer a short survey"),
            reverse("feedback:survey-list"),
        )
    ]
