"""Staff's side of manual inquiries: a queue with overdue and due-soon filters, assignment,
status changes, the verdict (or a rejection) with a note to the filer, internal notes, the
timeline and the history of every change, and the scan, downloaded through a view that checks
permission.

The queue, its columns, filters, actions and saving are casework's (``casework.admin``); this
adds what is a manual inquiry's own: the decision, the scan, the holder's identity.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from casework import admin as casework
from certificates.manual import services
from certificates.models import ManualRequest, ManualRequestEvent, ManualRequestNote
from servicedesk.numbers import format_number

Status = ManualRequest.Status
Verdict = ManualRequest.Verdict
REJECT = "rejected"


def _decision(manual_request: ManualRequest) -> str:
    """The decision as the change form shows it: a verdict, "rejected", or empty."""
    if manual_request.status == Status.REJECTED:
        return REJECT
    return manual_request.verdict if manual_request.status == Status.ANSWERED else ""


class ManualRequestAdminForm(casework.CaseAdminForm):
    status_help_text = _(
        "“Answered” and “Rejected” are set by saving a decision below; choose “In review” to reopen an answered or rejected request."
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

    class Meta:
        model = ManualRequest
        fields = ["assigned_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("decision", _decision(self.instance))
            self.initial.setdefault("note", self.instance.answer_note)

    def clean_work(self, cleaned):
        manual_request = self.instance
        decision = cleaned.get("decision", "")
        note = (cleaned.get("note") or "").strip()
        before = _decision(manual_request)
        if (decision, note) == (before, manual_request.answer_note):
            return
        if not decision:
            if before:
                self.add_error("decision", gettext("A decision can be corrected, not removed."))
            elif note:
                self.add_error("decision", gettext("Choose a decision to send this note with."))
            return
        reopening = (
            cleaned.get("new_status") == Status.IN_REVIEW
            and manual_request.status != Status.IN_REVIEW
        )
        if before and (before == REJECT) != (decision == REJECT) and not reopening:
            self.add_error(
                "decision",
                gettext(
                    "To turn a rejection into a verdict or the other way round, reopen the request first (status “In review”)."
                ),
            )
            return
        self.refuse_unless("note", services.check_decision, decision, note)


class ManualRequestEventInline(casework.TimelineInline):
    model = ManualRequestEvent


class ManualRequestNoteInline(casework.NotesInline):
    model = ManualRequestNote


@admin.register(ManualRequest)
class ManualRequestAdmin(casework.CaseAdmin, SimpleHistoryAdmin):
    form = ManualRequestAdminForm
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
        casework.DueFilter,
        "status",
        "verdict",
        casework.AssignedFilter,
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
    inlines = [ManualRequestNoteInline, ManualRequestEventInline]
    readonly_fields = [
        *casework.READ_ONLY,
        "certificate_number",
        "national_id",
        "holder_name",
        "issue_year",
        "training_centre",
        "scan_link",
        "organisation",
        "filed_by",
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
        casework.PROMISE_AND_STATUS,
        (_("Decision"), {"fields": ["decision", "note", *casework.FIRST_ANSWER]}),
        (_("Internal note"), {"fields": ["internal_note"]}),
    ]

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

    # --- saving: the decision, after any reopening ---
    def save_work(self, request, manual_request, form):
        data = form.cleaned_data
        # What the form showed: a decision left as it was is not given again after a reopening.
        shown = (_decision(manual_request), manual_request.answer_note)
        manual_request = self.change_status(request, manual_request, data.get("new_status"))
        decision, note = data.get("decision", ""), (data.get("note") or "").strip()
        if not decision or (decision, note) == shown:
            return manual_request
        if decision == REJECT:
            return services.manual_request_reject(
                manual_request=manual_request, reason=note, by=request.user
            )
        return services.manual_request_answer(
            manual_request=manual_request, verdict=decision, note=note, by=request.user
        )
