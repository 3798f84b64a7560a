"""Staff's side of manual inquiries: a queue with overdue and due-soon filters, assignment,
status changes, the verdict (or a rejection) with a note to the filer, internal notes, the
timeline and the history of every change, and the scan, downloaded through a view that checks
permission.

Every change goes through certificates.manual.services, from the change form as from the
list's actions, so the rules (deadlines, measurements, notifications) exist once.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from certificates.manual import selectors, services
from certificates.models import ManualRequest, ManualRequestEvent, ManualRequestNote
from servicedesk import admin_queue
from servicedesk.numbers import format_number

Status = ManualRequest.Status
Verdict = ManualRequest.Verdict
REJECT = "rejected"


# --- the queue ----------------------------------------------------------------------------------
class DueFilter(admin_queue.DueFilter):
    overdue = staticmethod(selectors.manual_requests_overdue)
    due_soon = staticmethod(selectors.manual_requests_due_soon)


def _decision(manual_request: ManualRequest) -> str:
    """The decision as the change form shows it: a verdict, "rejected", or empty."""
    if manual_request.status == Status.REJECTED:
        return REJECT
    return manual_request.verdict if manual_request.status == Status.ANSWERED else ""


class ManualRequestAdminForm(admin_queue.QueueItemAdminForm):
    new_status = forms.ChoiceField(
        required=False,
        label=_("Change the status"),
        choices=[
            ("", _("Keep the status")),
            (Status.RECEIVED, Status.RECEIVED.label),
            (Status.IN_REVIEW, Status.IN_REVIEW.label),
        ],
        help_text=_(
            "“Answered” and “Rejected” are set by saving a decision below; choose “In review” to reopen an answered or rejected request."
        ),
    )
    decision = forms.ChoiceField(
        required=False,
        label=_("Decision"),
        choices=[
            ("", _("No decision yet")),
            *Verdict.choices,
            (REJECT, _("Reject the request (the note gives the reason)")),
        ],
    )
    note = forms.CharField(
        required=False,
        label=_("Note to the filer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown on the tracking page with the decision and sent to the filer by email or SMS. Required for a rejection or when authenticity cannot be determined."
        ),
    )
    internal_note = forms.CharField(
        required=False,
        label=_("Add an internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only: never shown to the filer."),
    )

    class Meta:
        model = ManualRequest
        fields = ["assigned_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("decision", _decision(self.instance))
            self.initial.setdefault("note", self.instance.answer_note)

    def clean(self):
        cleaned = super().clean()
        manual_request = self.instance
        decision = cleaned.get("decision", "")
        note = (cleaned.get("note") or "").strip()
        status = cleaned.get("new_status", "")
        before = _decision(manual_request)
        changed = (decision, note) != (before, manual_request.answer_note)
        reopening = status == Status.IN_REVIEW and manual_request.status != Status.IN_REVIEW
        if (
            status
            and status != manual_request.status
            and status not in services.TRANSITIONS.get(manual_request.status, set())
        ):
            self.add_error(
                "new_status",
                gettext("A request cannot go from “%(old)s” to “%(new)s”.")
                % {"old": manual_request.get_status_display(), "new": Status(status).label},
            )
        if not changed:
            return cleaned
        if not decision:
            if before:
                self.add_error("decision", gettext("A decision can be corrected, not removed."))
            elif note:
                self.add_error("decision", gettext("Choose a decision to send this note with."))
        elif decision == REJECT and not note:
            self.add_error("note", gettext("A rejection needs a reason for the filer."))
        elif decision == Verdict.UNDETERMINED and not note:
            self.add_error(
                "note", gettext("Explain in the note why the authenticity cannot be determined.")
            )
        elif before and (before == REJECT) != (decision == REJECT) and not reopening:
            self.add_error(
                "decision",
                gettext(
                    "To turn a rejection into a verdict or the other way round, reopen the request first (status “In review”)."
                ),
            )
        return cleaned


class ManualRequestEventInline(admin_queue.TimelineInline):
    model = ManualRequestEvent


class ManualRequestNoteInline(admin_queue.NotesInline):
    model = ManualRequestNote


@admin.register(ManualRequest)
class ManualRequestAdmin(admin_queue.QueueAdminMixin, SimpleHistoryAdmin):
    form = ManualRequestAdminForm
    service_error = services.ManualRequestError
    tracking_page_label = _("As the filer sees it")
    code_search_fields = ["tracking_code", "national_id", "certificate_number"]
    list_display = [
        "code",
        "holder_name",
        "masked_national_id",
        "certificate_number",
        "issue_year",
        "status",
        "verdict",
        "filed",
        "due",
        "due_state",
        "assigned_to",
        "organisation",
    ]
    list_filter = [
        DueFilter,
        "status",
        "verdict",
        admin_queue.AssignedFilter,
        "scan_type",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "tracking_code",
        "=certificate_number",
        "=national_id",
        "holder_name",
        "training_centre",
        "contact_email",
        "contact_mobile",
    ]
    list_select_related = ["assigned_to", "organisation"]
    # The queue: the nearest deadline first (requests without one last).
    ordering = ["deadline", "-filed_at"]
    list_per_page = 50
    inlines = [ManualRequestNoteInline, ManualRequestEventInline]
    actions = ["take_into_review", "assign_to_me", "reopen_selected"]
    readonly_fields = [
        "code",
        "tracking_page",
        "certificate_number",
        "national_id",
        "holder_name",
        "issue_year",
        "training_centre",
        "scan_link",
        "contact_email",
        "contact_mobile",
        "organisation",
        "filed_by",
        "language",
        "filed",
        "agreement_version",
        "promised_working_days",
        "due",
        "status",
        "overdue_flagged_at",
        "answered",
        "answered_by",
        "working_days_taken",
        "met_deadline",
    ]
    fieldsets = [
        (
            _("The request"),
            {
                "fields": [
                    "code",
                    "tracking_page",
                    "certificate_number",
                    "national_id",
                    "holder_name",
                    "issue_year",
                    "training_centre",
                    "scan_link",
                    "contact_email",
                    "contact_mobile",
                    "organisation",
                    "filed_by",
                    "language",
                ]
            },
        ),
        admin_queue.PROMISE_AND_STATUS,
        (
            _("Decision"),
            {
                "fields": [
                    "decision",
                    "note",
                    "answered",
                    "answered_by",
                    "working_days_taken",
                    "met_deadline",
                ]
            },
        ),
        (_("Internal note"), {"fields": ["internal_note"]}),
    ]

    def has_add_permission(self, request):
        # Requests arrive through the public form, which hands out the tracking code.
        return False

    def has_delete_permission(self, request, obj=None):
        # A request is a record of what was asked and answered (and its scan): kept.
        return False

    # --- the scan, for staff who may view requests ---
    def get_urls(self):
        return [
            path(
                "<int:pk>/scan/",
                self.admin_site.admin_view(self.scan_view),
                name="certificates_manualrequest_scan",
            ),
            *super().get_urls(),
        ]

    def scan_view(self, request, pk):
        """The scan as a download (admin_view already refuses non-staff and forbids caching)."""
        manual_request = get_object_or_404(ManualRequest, pk=pk)
        if not self.has_view_permission(request, manual_request):
            raise PermissionDenied
        try:
            stream = manual_request.scan.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(
            stream,
            as_attachment=True,
            filename=manual_request.scan_download_name,
            content_type=manual_request.scan_content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    # --- columns ---
    @admin.display(description=_("national code"))
    def masked_national_id(self, obj):
        return obj.masked_national_id

    @admin.display(description=_("scanned copy"))
    def scan_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · {} · {}',
            reverse("admin:certificates_manualrequest_scan", args=[obj.pk]),
            gettext("Download"),
            obj.get_scan_type_display(),
            gettext("%(size)s KB") % {"size": format_number(max(1, round(obj.scan_size / 1024)))},
        )

    # --- saving goes through the services ---
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        manual_request = ManualRequest.objects.get(pk=obj.pk)
        # What the form showed: a decision left as it was is not given again after a reopening.
        shown = (_decision(manual_request), manual_request.answer_note)
        try:
            if "assigned_to" in form.changed_data:
                manual_request = services.manual_request_assign(
                    manual_request=manual_request, assignee=data["assigned_to"], by=request.user
                )
            status = data.get("new_status")
            if status and status != manual_request.status:
                manual_request = services.manual_request_change_status(
                    manual_request=manual_request, status=status, by=request.user
                )
            decision, note = data.get("decision", ""), (data.get("note") or "").strip()
            if decision and (decision, note) != shown:
                if decision == REJECT:
                    manual_request = services.manual_request_reject(
                        manual_request=manual_request, reason=note, by=request.user
                    )
                else:
                    manual_request = services.manual_request_answer(
                        manual_request=manual_request, verdict=decision, note=note, by=request.user
                    )
            if (data.get("internal_note") or "").strip():
                services.manual_request_note_add(
                    manual_request=manual_request, text=data["internal_note"], author=request.user
                )
        except services.ManualRequestError as error:
            self.message_user(request, str(error), messages.ERROR)

    # --- actions ---
    def _change_status(self, request, queryset, status, done_message):
        self.apply_each(
            request,
            queryset,
            lambda r: services.manual_request_change_status(
                manual_request=r, status=status, by=request.user
            ),
            done_message,
        )

    @admin.action(description=_("Take the selected requests into review"), permissions=["change"])
    def take_into_review(self, request, queryset):
        self._change_status(
            request, queryset, Status.IN_REVIEW, gettext("Requests in review: %(count)s.")
        )

    @admin.action(description=_("Assign the selected requests to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        self.apply_each(
            request,
            queryset,
            lambda r: services.manual_request_assign(
                manual_request=r, assignee=request.user, by=request.user
            ),
            gettext("Requests assigned to you: %(count)s."),
        )

    @admin.action(description=_("Reopen the selected requests"), permissions=["change"])
    def reopen_selected(self, request, queryset):
        self._change_status(
            request, queryset, Status.IN_REVIEW, gettext("Requests reopened: %(count)s.")
        )
