"""Reads every kind of case shares: the tracking look-up and staff's queue (open, overdue,
due soon). Each takes the concrete model."""

import datetime

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from casework.models import Case
from sla import deadlines


def case_for_tracking(model: type[Case], *, code: str, related=()) -> Case | None:
    """The case with this (normalised) tracking code, with its public timeline
    (``public_events``) and ``related`` selected."""
    events = model._meta.get_field("events").related_model
    return (
        model.objects.select_related("agreement_version", *related)
        .prefetch_related(
            Prefetch(
                "events",
                queryset=events.objects.filter(is_public=True).order_by("at", "id"),
                to_attr="public_events",
            )
        )
        .filter(tracking_code=code)
        .first()
    )


def cases_open(model: type[Case]) -> QuerySet:
    return model.objects.filter(status__in=model.OPEN_STATUSES)


def cases_overdue(model: type[Case], *, at: datetime.datetime | None = None) -> QuerySet:
    return cases_open(model).filter(deadline__lt=at or timezone.now())


def cases_due_soon(model: type[Case], *, at: datetime.datetime | None = None) -> QuerySet:
    """Open cases not yet overdue but due soon (``sla.deadlines.due_soon``)."""
    return deadlines.due_soon(cases_open(model), at=at or timezone.now())


def case_models() -> list[type[Case]]:
    """Every installed kind of case, in a stable order (the overdue command runs them all)."""
    return sorted(
        (model for model in apps.get_models() if issubclass(model, Case)),
        key=lambda model: model._meta.label,
    )
