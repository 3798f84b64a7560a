"""Staff's queue of suggestions and complaints: overdue and due-soon filters, assignment,
internal notes kept apart from the public answer, and reply templates.

Every change of a suggestion goes through feedback.services, from the change form as from the
list's actions, so the rules (deadlines, measurements, mail) exist once.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from feedback import selectors, services
from feedback.models import (
    Feedback,
    FeedbackEvent,
    FeedbackNote,
    ReplyTemplate,
)
from servicedesk import admin_queue

Status = Feedback.Status


# --- the queue ----------------------------------------------------------------------------------
class DueFilter(admin_queue.DueFilter):
    overdue = staticmethod(selectors.feedback_overdue)
    due_soon = staticmethod(selectors.feedback_due_soon)


class ReplyTemplateSelect(forms.Select):
    """Options carry their template's text, which admin.js copies into the answer."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-body"] = instance.body
        return option


class FeedbackAdminForm(admin_queue.QueueItemAdminForm):
    reply_template = forms.ModelChoiceField(
        ReplyTemplate.objects.filter(is_active=True),
        required=False,
        label=_("Reply template"),
        help_text=_("Copies the template's text into the public answer, where you adapt it."),
        widget=ReplyTemplateSelect,
    )
    close_after_answer = forms.BooleanField(required=False, label=_("Close it once answered"))
    new_status = forms.ChoiceField(
        required=False,
        label=_("Change the status"),
        choices=[
            ("", _("Keep the status")),
            (Status.RECEIVED, Status.RECEIVED.label),
            (Status.IN_REVIEW, Status.IN_REVIEW.label),
            (Status.CLOSED, Status.CLOSED.label),
        ],
        help_text=_("“Answered” is set by saving a public answer."),
    )
    internal_note = forms.CharField(
        required=False,
        label=_("Add an internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only: never shown to the sender or the public."),
    )

    class Meta:
        model = Feedback
        fields = ["assigned_to", "answer", "showcase", "public_summary", "public_change"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_template"].widget.attrs["data-confirm"] = gettext(
            "Replace the answer written so far with the template's text?"
        )
        # Staff who may only view a suggestion get a form without the model's fields.
        if "assigned_to" in self.fields:
            # Staff are chosen here, not created or edited: no add/change links beside the list.
            assigned = self.fields["assigned_to"].widget
            for permission in ("add", "change", "delete", "view"):
                setattr(assigned, f"can_{permission}_related", False)
        if "answer" in self.fields:
            self.fields["answer"].help_text = _(
                "Shown on the tracking page and mailed to the sender if they left an address."
            )

    def clean(self):
        cleaned = super().clean()
        feedback = self.instance
        template = cleaned.get("reply_template")
        if template and not (cleaned.get("answer") or "").strip():
            cleaned["answer"] = template.body
        answer = (cleaned.get("answer") or "").strip()
        answer_changed = answer != (feedback.answer or "")
        status = cleaned.get("new_status")
        if answer_changed and not answer and feedback.has_answer:
            self.add_error("answer", gettext("A published answer can be corrected, not removed."))
        if (
            answer_changed
            and answer
            and feedback.status == Status.CLOSED
            and status != Status.IN_REVIEW
        ):
            self.add_error("answer", gettext("This suggestion is closed; reopen it to answer it."))
        if (
            status
            and status != feedback.status
            and status not in services.TRANSITIONS.get(feedback.status, set())
        ):
            self.add_error(
                "new_status",
                gettext("A suggestion cannot go from “%(old)s” to “%(new)s”.")
                % {"old": feedback.get_status_display(), "new": Status(status).label},
            )
        if cleaned.get("showcase"):
            if not (feedback.has_answer or answer):
                self.add_error(
                    "showcase", gettext("Only an answered suggestion can be shown publicly.")
                )
            if not (
                cleaned.get("public_summary", "").strip()
                and cleaned.get("public_change", "").strip()
            ):
                self.add_error(
                    "showcase",
                    gettext("Write what was said and what was done before showing it publicly."),
                )
        return cleaned


class FeedbackEventInline(admin_queue.TimelineInline):
    model = FeedbackEvent


class FeedbackNoteInline(admin_queue.NotesInline):
    model = FeedbackNote


@admin.register(Feedback)
class FeedbackAdmin(admin_queue.QueueAdminMixin, admin.ModelAdmin):
    form = FeedbackAdminForm
    service_error = services.FeedbackError
    tracking_page_label = _("As the sender sees it")
    list_display = [
        "code",
        "service_title",
        "kind",
        "status",
        "filed",
        "due",
        "due_state",
        "assigned_to",
        "message_start",
    ]
    list_filter = [
        DueFilter,
        "status",
        "kind",
        admin_queue.AssignedFilter,
        "helpful",
        ("service", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["tracking_code", "message", "contact_email", "contact_phone"]
    list_select_related = ["service", "assigned_to"]
    # The queue: the nearest deadline first (items without one last).
    ordering = ["deadline", "-filed_at"]
    list_per_page = 50
    inlines = [FeedbackNoteInline, FeedbackEventInline]
    actions = ["take_into_review", "assign_to_me", "close_selected", "reopen_selected"]
    readonly_fields = [
        "code",
        "service",
        "kind",
        "message",
        "contact_email",
        "contact_phone",
        "language",
        "filed",
        "agreement_version",
        "promised_working_days",
        "due",
        "status",
        "answered",
        "answered_by",
        "working_days_taken",
        "met_deadline",
        "closed_at",
        "helpful",
        "overdue_flagged_at",
        "tracking_page",
    ]
    fieldsets = [
        (
            _("The message"),
            {
                "fields": [
                    "code",
                    "tracking_page",
                    "service",
                    "kind",
                    "message",
                    "contact_email",
                    "contact_phone",
                    "language",
                ]
            },
        ),
        admin_queue.PROMISE_AND_STATUS,
        (
            _("Public answer"),
            {
                "fields": [
                    "reply_template",
                    "answer",
                    "close_after_answer",
                    "answered",
                    "answered_by",
                    "working_days_taken",
                    "met_deadline",
                    "closed_at",
                    "helpful",
                ]
            },
        ),
        (_("Internal note"), {"fields": ["internal_note"]}),
        (
            _("“You said, we did” page"),
            {
                "fields": ["showcase", "public_summary", "public_change"],
                "description": _(
                    "Write both texts in your own words, without names, numbers or anything that identifies the sender."
                ),
            },
        ),
    ]

    class Media:
        js = ["feedback/admin.js"]

    def has_add_permission(self, request):
        # Suggestions arrive through the public form, which hands out the tracking code.
        return False

    # --- columns ---
    @admin.display(description=_("service"), ordering="service__service_id")
    def service_title(self, obj):
        return Truncator(obj.service.title).chars(40)

    @admin.display(description=_("message"))
    def message_start(self, obj):
        return Truncator(obj.message).chars(60)

    # --- saving goes through the services ---
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        feedback = Feedback.objects.get(pk=obj.pk)
        try:
            if "assigned_to" in form.changed_data:
                feedback = services.feedback_assign(
                    feedback=feedback, assignee=data["assigned_to"], by=request.user
                )
            status = data.get("new_status")
            if status == Status.IN_REVIEW and feedback.status == Status.CLOSED:
                feedback = services.feedback_change_status(
                    feedback=feedback, status=status, by=request.user
                )
                status = ""
            answer = (data.get("answer") or "").strip()
            if answer and answer != feedback.answer:
                feedback = services.feedback_answer(
                    feedback=feedback,
                    answer=answer,
                    by=request.user,
                    close=data.get("close_after_answer", False),
                )
            elif data.get("close_after_answer") and feedback.status == Status.ANSWERED:
                status = Status.CLOSED
            if status and status != feedback.status:
                feedback = services.feedback_change_status(
                    feedback=feedback, status=status, by=request.user
                )
            if data.get("internal_note", "").strip():
                services.feedback_note_add(
                    feedback=feedback, text=data["internal_note"], author=request.user
                )
            showcase_fields = {"showcase", "public_summary", "public_change"}
            if showcase_fields & set(form.changed_data):
                services.feedback_showcase_set(
                    feedback=feedback,
                    show=data.get("showcase", False),
                    summary=data.get("public_summary", ""),
                    change=data.get("public_change", ""),
                )
        except services.FeedbackError as error:
            self.message_user(request, str(error), messages.ERROR)

    # --- actions ---
    def _change_status(self, request, queryset, status, done_message):
        self.apply_each(
            request,
            queryset,
            lambda f: services.feedback_change_status(feedback=f, status=status, by=request.user),
            done_message,
        )

    @admin.action(description=_("Take the selected into review"), permissions=["change"])
    def take_into_review(self, request, queryset):
        self._change_status(request, queryset, Status.IN_REVIEW, gettext("In review: %(count)s."))

    @admin.action(description=_("Assign the selected to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        self.apply_each(
            request,
            queryset,
            lambda f: services.feedback_assign(feedback=f, assignee=request.user, by=request.user),
            gettext("Assigned to you: %(count)s."),
        )

    @admin.action(description=_("Close the selected"), permissions=["change"])
    def close_selected(self, request, queryset):
        self._change_status(request, queryset, Status.CLOSED, gettext("Closed: %(count)s."))

    @admin.action(description=_("Reopen the selected"), permissions=["change"])
    def reopen_selected(self, request, queryset):
        self._change_status(request, queryset, Status.IN_REVIEW, gettext("Reopened: %(count)s."))


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "is_active", "updated"]
    list_filter = ["is_active"]
    search_fields = ["title", "body"]
