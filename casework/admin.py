"""The admin base of every queue of cases (manual inquiries, suggestions and complaints): the
deadline and assignee filters, the read-only timeline and internal notes, the change form's
promise-and-status block and its checks, the queue's columns, the tracking-code search, saving
through the services, and list actions that hand each selected case to a service.

A kind's admin subclasses ``CaseAdmin`` and ``CaseAdminForm``, adds its own fields and
implements ``save_work`` (its answer, decision, showcase…); the rest is here, once.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework import selectors, services
from casework.services import CaseError
from servicedesk.jalali import format_date, format_datetime
from servicedesk.text import normalize_code


# --- filters ------------------------------------------------------------------------------------
class DueFilter(admin.SimpleListFilter):
    """The queue by deadline."""

    title = _("deadline")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due within two working days")),
            ("open", _("Open, on time")),
            ("none", _("No deadline")),
        ]

    def queryset(self, request, queryset):
        now, model = timezone.now(), queryset.model
        if self.value() == "overdue":
            return queryset.filter(pk__in=selectors.cases_overdue(model, at=now).values("pk"))
        if self.value() == "soon":
            return queryset.filter(pk__in=selectors.cases_due_soon(model, at=now).values("pk"))
        if self.value() == "open":
            return queryset.filter(status__in=model.OPEN_STATUSES, deadline__gte=now)
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
class CaseAdminForm(forms.ModelForm):
    """A kind's form says how its other statuses are reached (``status_help_text``) and checks
    its own fields in ``clean_work`` with ``refuse_unless``, calling the same rules its services
    apply."""

    status_help_text = ""
    new_status = forms.ChoiceField(required=False, label=_("Change the status"))
    internal_note = forms.CharField(
        required=False,
        label=_("Add an internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only: never shown to the sender or the public."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The statuses staff set directly (the others are reached by answering).
        model = self._meta.model
        reachable = set().union(*model.TRANSITIONS.values())
        self.fields["new_status"].choices = [
            ("", _("Keep the status")),
            *((status.value, status.label) for status in model.Status if status in reachable),
        ]
        self.fields["new_status"].help_text = self.status_help_text
        # Staff who may only view a case get a form without the model's fields.
        if "assigned_to" in self.fields:
            # Staff are chosen here, not created or edited: no add/change links beside the list.
            assigned = self.fields["assigned_to"].widget
            for permission in ("add", "change", "delete", "view"):
                setattr(assigned, f"can_{permission}_related", False)

    def refuse_unless(self, field: str, rule: Callable, *args, **kwargs) -> None:
        """Show on ``field`` the message of the CaseError ``rule(*args, **kwargs)`` raises."""
        try:
            rule(*args, **kwargs)
        except CaseError as error:
            self.add_error(field, str(error))

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("new_status")
        if status:
            self.refuse_unless("new_status", services.check_transition, self.instance, status)
        self.clean_work(cleaned)
        return cleaned

    def clean_work(self, cleaned: dict) -> None:
        """Check the kind's own fields (answer, decision…)."""

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
    """A case's events; set ``model``."""

    fields = ["at_display", "kind", "by", "is_public", "detail"]
    readonly_fields = fields
    verbose_name_plural = _("timeline (public and internal)")

    @admin.display(description=_("at"))
    def at_display(self, obj):
        return format_datetime(obj.at)


class NotesInline(_ReadOnlyInline):
    """Staff's internal notes on a case; set ``model``."""

    fields = ["created_display", "author", "text"]
    readonly_fields = fields

    @admin.display(description=_("written"))
    def created_display(self, obj):
        return format_datetime(obj.created)


# The change form's block on the promise and where the case stands (``new_status`` is a field
# of the kind's admin form).
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
# The first answer as the change form shows it.
FIRST_ANSWER = ["answered", "answered_by", "working_days_taken", "met_deadline"]
# What staff read but never type on every kind's change form (a kind adds its own).
READ_ONLY = [
    "code",
    "tracking_page",
    "contact_email",
    "contact_mobile",
    "language",
    "filed",
    "agreement_version",
    "promised_working_days",
    "due",
    "status",
    "overdue_flagged_at",
    *FIRST_ANSWER,
]


# --- the queue ----------------------------------------------------------------------------------
class CaseAdmin(admin.ModelAdmin):
    """The ModelAdmin of a queue of cases. Set ``tracking_page_label`` and, to find more than
    the tracking code by a code typed with dashes or Persian digits, ``code_search_fields``."""

    tracking_page_label: str
    code_search_fields = ["tracking_code"]
    # The queue: the nearest deadline first (cases without one last).
    ordering = ["deadline", "-filed_at"]
    list_per_page = 50
    actions = ["take_into_review", "assign_to_me", "reopen_selected"]

    def has_add_permission(self, request):
        # Cases arrive through the public forms, which hand out the tracking codes.
        return False

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

    # --- saving goes through the services ---
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        case = type(obj).objects.get(pk=obj.pk)
        try:
            if "assigned_to" in form.changed_data:
                case = services.case_assign(
                    case=case, assignee=data["assigned_to"], by=request.user
                )
            case = self.save_work(request, case, form)
            if (data.get("internal_note") or "").strip():
                services.case_note_add(case=case, text=data["internal_note"], author=request.user)
        except CaseError as error:
            self.message_user(request, str(error), messages.ERROR)

    def save_work(self, request, case, form):
        """The kind's own changes (status, answer, decision…); returns the case."""
        return self.change_status(request, case, form.cleaned_data.get("new_status"))

    def change_status(self, request, case, status):
        if status and status != case.status:
            case = services.case_change_status(case=case, status=status, by=request.user)
        return case

    # --- actions ---
    def apply_each(self, request, queryset, action, done_message: str) -> None:
        """Call ``action(case)`` for each selected case; say how many were done, and why each
        refused one was refused."""
        done, refused = 0, []
        for case in queryset:
            try:
                action(case)
                done += 1
            except CaseError as error:
                refused.append(f"{case.display_code}: {error}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def change_status_of_each(self, request, queryset, status, done_message):
        self.apply_each(
            request,
            queryset,
            lambda case: services.case_change_status(case=case, status=status, by=request.user),
            done_message,
        )

    @admin.action(description=_("Take the selected into review"), permissions=["change"])
    def take_into_review(self, request, queryset):
        self.change_status_of_each(request, queryset, "in_review", gettext("In review: %(count)s."))

    @admin.action(description=_("Assign the selected to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        self.apply_each(
            request,
            queryset,
            lambda case: services.case_assign(case=case, assignee=request.user, by=request.user),
            gettext("Assigned to you: %(count)s."),
        )

    @admin.action(description=_("Reopen the selected"), permissions=["change"])
    def reopen_selected(self, request, queryset):
        self.change_status_of_each(request, queryset, "in_review", gettext("Reopened: %(count)s."))
