"""Admin pieces staff's two queues share (suggestions and complaints, manual inquiries): the
deadline and assignee filters, the read-only timeline and internal notes, the change form's
promise-and-status block, the queue's columns, the tracking-code search, and list actions that
hand each selected item to a service.

Imports no app: an app's admin subclasses these and names its own selectors, models and the
error its services raise.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from servicedesk.jalali import format_date, format_datetime
from servicedesk.text import normalize_code


# --- filters ------------------------------------------------------------------------------------
class DueFilter(admin.SimpleListFilter):
    """The queue by deadline. A subclass sets ``overdue`` and ``due_soon`` to the app's
    selectors (called with ``at=``, they return the open items concerned)."""

    title = _("deadline")
    parameter_name = "due"
    overdue: Callable[..., QuerySet]
    due_soon: Callable[..., QuerySet]

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due within two working days")),
            ("open", _("Open, on time")),
            ("none", _("No deadline")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "overdue":
            return queryset.filter(pk__in=self.overdue(at=now).values("pk"))
        if self.value() == "soon":
            return queryset.filter(pk__in=self.due_soon(at=now).values("pk"))
        if self.value() == "open":
            return queryset.filter(status__in=queryset.model.OPEN_STATUSES, deadline__gte=now)
        if self.value() == "none":
            return queryset.filter(deadline__isnull=True)
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("Me")), ("nobody", _("Nobody"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


# --- the change form ----------------------------------------------------------------------------
class QueueItemAdminForm(forms.ModelForm):
    def _post_clean(self):
        # The change form never writes the model itself: save_model hands the cleaned data to
        # the services.
        pass


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TimelineInline(_ReadOnlyInline):
    """An item's events (``at``, ``kind``, ``by``, ``is_public``, ``detail``); set ``model``."""

    fields = ["at_display", "kind", "by", "is_public", "detail"]
    readonly_fields = fields
    verbose_name_plural = _("timeline (public and internal)")

    @admin.display(description=_("at"))
    def at_display(self, obj):
        return format_datetime(obj.at)


class NotesInline(_ReadOnlyInline):
    """Staff's internal notes on an item (``created``, ``author``, ``text``); set ``model``."""

    fields = ["created_display", "author", "text"]
    readonly_fields = fields

    @admin.display(description=_("written"))
    def created_display(self, obj):
        return format_datetime(obj.created)


# --- the queue ----------------------------------------------------------------------------------
# The change form's block on the promise and where the item stands (``new_status`` is a field
# of the app's admin form).
PROMISE_AND_STATUS = (
    _("Promise and status"),
    {
        "fields": [
            "filed",
            "agreement_version",
            "promised_working_days",
            "due",
            "status",
            "overdue_flagged_at",
            "assigned_to",
            "new_status",
        ]
    },
)


class QueueAdminMixin:
    """For the ModelAdmin of a queue of ``servicedesk.queue.QueueItem`` rows. Set
    ``service_error`` (what the app's services raise, with a message for staff),
    ``tracking_page_label`` and, to find more than the tracking code by a code typed with
    dashes or Persian digits, ``code_search_fields``."""

    service_error: type[Exception]
    tracking_page_label: str
    code_search_fields = ["tracking_code"]

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        code = normalize_code(search_term)
        if code and code != search_term:
            for field in self.code_search_fields:
                results |= queryset.filter(**{field: code})
        return results, duplicates

    # --- columns ---
    @admin.display(description=_("tracking code"), ordering="tracking_code")
    def code(self, obj):
        return obj.display_code

    @admin.display(description=_("filed"), ordering="filed_at")
    def filed(self, obj):
        return format_datetime(obj.filed_at)

    @admin.display(description=_("deadline"), ordering="deadline")
    def due(self, obj):
        return format_date(obj.deadline) if obj.deadline else "–"

    @admin.display(description=_("on time?"))
    def due_state(self, obj):
        if obj.met_deadline is not None:
            return gettext("answered on time") if obj.met_deadline else gettext("answered late")
        if not obj.is_open or obj.deadline is None:
            return "–"
        if obj.is_overdue():
            return gettext("OVERDUE")
        return gettext("open")

    @admin.display(description=_("answered"), ordering="answered_at")
    def answered(self, obj):
        return format_datetime(obj.answered_at) if obj.answered_at else "–"

    @admin.display(description=_("tracking page"))
    def tracking_page(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_absolute_url(),
            self.tracking_page_label,
        )

    # --- actions ---
    def apply_each(self, request, queryset, action, done_message: str) -> None:
        """Call ``action(item)`` for each selected item; say how many were done, and why each
        refused one was refused."""
        done, refused = 0, []
        for item in queryset:
            try:
                action(item)
                done += 1
            except self.service_error as error:
                refused.append(f"{item.display_code}: {error}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)
