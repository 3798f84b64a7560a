"""Links other apps add to sla's pages, without sla knowing those apps.

An app registers a provider from its ``AppConfig.ready()``: ``add_service_links`` for every
service's ID card (a function of the service), ``add_performance_links`` for the performance
page, ``add_invitations`` for what a person is invited to after using a service (a short
survey: the certificate check's result page asks for it). The arrows stay one way: the app imports sla, sla calls what was registered.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sla.models import Service


@dataclass(frozen=True)
class Link:
    label: str
    url: str


_service_providers: list[Callable[[Service], list[Link]]] = []
_performance_providers: list[Callable[[], list[Link]]] = []
_invitation_providers: list[Callable[[Service], list[Link]]] = []


def add_service_links(provider: Callable[[Service], list[Link]]) -> None:
    if provider not in _service_providers:
        _service_providers.append(provider)


def add_performance_links(provider: Callable[[], list[Link]]) -> None:
    if provider not in _performance_providers:
        _performance_providers.append(provider)


def add_invitations(provider: Callable[[Service], list[Link]]) -> None:
    if provider not in _invitation_providers:
        _invitation_providers.append(provider)


def service_links(service: Service) -> list[Link]:
    """What the installed apps offer on ``service``'s ID card, in the order they registered."""
    return [link for provider in _service_providers for link in provider(service)]


def performance_links() -> list[Link]:
    return [link for provider in _performance_providers for link in provider()]


def invitations(service: Service) -> list[Link]:
    """What the installed apps invite a person to after using ``service``."""
    return [link for provider in _invitation_providers for link in provider(service)]
