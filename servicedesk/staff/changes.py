"""Reads for the supervisors' page of recent changes: the history tables (django-simple-history)
of the records staff change, one feed newest first, each entry with what it changed."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, Model, OuterRef, Q, Subquery, Value
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from servicedesk.jalali import format_date, format_datetime


@dataclass(frozen=True)
class Source:
    """A model whose history the page shows; ``parent`` names the field that leads to the
    admin page it is edited on, when it has none of its own."""

    key: str
    label: str
    model_path: str
    parent: str = ""

    @property
    def model(self) -> type[Model]:
        from django.apps import apps

        return apps.get_model(self.model_path)

    @property
    def permission(self) -> str:
        historical = self.model.history.model._meta
        return f"{historical.app_label}.view_{historical.model_name}"


SOURCES = [
    Source("certificate", _("certificates"), "certificates.Certificate"),
    Source("manualrequest", _("manual inquiries"), "certificates.ManualRequest"),
    Source("feedback", _("suggestions and complaints"), "feedback.Feedback"),
    Source("service", _("services"), "sla.Service"),
    Source("agreementversion", _("agreement versions"), "sla.AgreementVersion"),
    Source("agreementsection", _("agreement sections"), "sla.AgreementSection", "version"),
    Source("commitment", _("agreement commitments"), "sla.Commitment", "version"),
]

# Reasons written by the code (not by a person), as staff should read them.
REASONS = {
    "published": _("published"),
    "closed by the next version": _("closed by the next version"),
    "history begins": _("history begins"),
}
KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def sources_for(user) -> list[Source]:
    """The sources whose history this user may read (a supervisor: all of them)."""
    return [source for source in SOURCES if user.has_perm(source.permission)]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    source: Source
    record: Model
    previous: Model | None = None
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def at(self) -> datetime.datetime:
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def kind(self) -> str:
        return KINDS.get(self.record.history_type, self.record.history_type)

    @property
    def reason(self) -> str:
        reason = self.record.history_change_reason or ""
        return str(REASONS.get(reason, reason))

    @property
    def object_label(self) -> str:
        # history_object is built from the record alone (``instance`` would read the database
        # for the fields the history leaves out).
        return str(self.record.history_object)

    @property
    def object_url(self) -> str:
        """The admin page the object is edited on (its version's, for a part of a version)."""
        meta = self.source.model._meta
        pk = self.record.id
        if self.source.parent:
            related = meta.get_field(self.source.parent).related_model._meta
            meta, pk = related, getattr(self.record, f"{self.source.parent}_id")
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
        except NoReverseMatch:
            return ""


def changes_list(
    *,
    sources: list[Source],
    user_id: int | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    object_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
) -> list[Change]:
    """The changes recorded in ``sources``, newest first, each with what it changed.

    One query finds the page across every history table; then two per source on the page: its
    records and the records before them (to say what changed).
    """
    # Where the database allows it, each table gives only its newest rows (its date index read
    # backwards): else PostgreSQL sorts the union of every table, a million rows and more.
    newest_first = len(sources) > 1 and connection.features.supports_slicing_ordering_in_compound
    branches = []
    for source in sources:
        history = source.model.history.all()
        if user_id is not None:
            history = history.filter(history_user_id=user_id)
        if since is not None:
            history = history.filter(history_date__gte=since)
        if until is not None:
            history = history.filter(history_date__lt=until)
        if object_id is not None:
            history = history.filter(id=object_id)
        branch = (
            history.order_by()
            .annotate(source=Value(source.key, output_field=CharField()))
            .values_list("history_id", "history_date", "source")
        )
        if newest_first:
            branch = branch.order_by("-history_date", "-history_id")[: offset + limit]
        branches.append(branch)
    if not branches:
        return []
    feed = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    page = list(feed.order_by("-history_date", "-history_id")[offset : offset + limit])
    by_key = {source.key: source for source in sources}
    records = {}
    for key in {row[2] for row in page}:
        ids = [history_id for history_id, _at, k in page if k == key]
        records.update(_records_with_changes(by_key[key], ids))
    return [records[(key, history_id)] for history_id, _at, key in page]


def _records_with_changes(source: Source, history_ids: list[int]) -> dict:
    history = source.model.history
    # Each record's predecessor: the same object's record just before it. Only its id is read
    # in the database, however long the object's history (an import writes one per row).
    before = history.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    records = list(
        history.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(
            previous_id=Subquery(
                before.order_by("-history_date", "-history_id").values("history_id")[:1]
            )
        )
    )
    previous_records = history.in_bulk({r.previous_id for r in records if r.previous_id})
    changes = {}
    for record in records:
        previous = previous_records.get(record.previous_id)
        change = Change(source=source, record=record, previous=previous)
        if previous is not None and record.history_type == "~":
            change.fields = _field_changes(source, record, previous)
        changes[(source.key, record.history_id)] = change
    return changes


def _field_changes(source: Source, record, previous) -> list[FieldChange]:
    """Every tracked field that differs, the ones the code sets (publication dates, tracking
    codes) included: simple-history's own diff compares only the editable ones."""
    return [
        FieldChange(
            label=str(model_field.verbose_name),
            old=_display(model_field, getattr(previous, model_field.attname)),
            new=_display(model_field, getattr(record, model_field.attname)),
        )
        for model_field in record.tracked_fields
        if getattr(previous, model_field.attname) != getattr(record, model_field.attname)
    ]


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    elif isinstance(value, datetime.datetime):
        return format_datetime(value)
    elif isinstance(value, datetime.date):
        return format_date(value)
    elif isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    elif model_field.is_relation:
        return f"#{value}"
    return Truncator(str(value)).chars(160)
