"""Staff's queue of suggestions and complaints: overdue and due-soon filters, assignment,
internal notes kept apart from the public answer, and reply templates.

The queue, its columns, filters, actions and saving are casework's (``casework.admin``); this
adds what is a suggestion's own: the public answer, closing, the showcase, reply templates.
"""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework import admin as casework
from feedback import services
from feedback.models import (
    Feedback,
    FeedbackEvent,
    FeedbackNote,
    ReplyTemplate,
)

Status = Feedback.Status


class ReplyTemplateSelect(forms.Select):
    """Options carry their template's text, which admin.js copies into the answer."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-body"] = instance.body
        return option


class FeedbackAdminForm(casework.CaseAdminForm):
    reply_template = forms.ModelChoiceField(
        ReplyTemplate.objects.filter(is_active=True),
        required=False,
        label=_("Reply template"),
        help_text=_("Copies the template's text into the public answer, where you adapt it."),
        widget=ReplyTemplateSelect,
    )
    close_after_answer = forms.BooleanField(required=False, label=_("Close it once answered"))
    status_help_text = _("“Answered” is set by saving a public answer.")

    class Meta:
        model = Feedback
        fields = ["assigned_to", "answer", "showcase", "public_summary", "public_change"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_template"].widget.attrs["data-confirm"] = gettext(
            "Replace the answer written so far with the template's text?"
        )
        if "answer" in self.fields:
            self.fields["answer"].help_text = _(
                "Shown on the tracking page and mailed to the sender if they left an address."
            )

    def clean_work(self, cleaned):
        feedback = self.instance
        template = cleaned.get("reply_template")
        if template and not (cleaned.get("answer") or "").strip():
            cleaned["answer"] = template.body
        answer = (cleaned.get("answer") or "").strip()
        if answer != (feedback.answer or ""):
            if not answer and feedback.has_answer:
                self.add_error(
                    "answer", gettext("A published answer can be corrected, not removed.")
                )
            elif answer and cleaned.get("new_status") != Status.IN_REVIEW:
                self.refuse_unless("answer", services.check_answerable, feedback)
        if cleaned.get("showcase"):
            self.refuse_unless(
                "showcase",
                services.check_showcase,
                answered=feedback.has_answer or bool(answer),
                summary=cleaned.get("public_summary", ""),
                change=cleaned.get("public_change", ""),
            )


class FeedbackEventInline(casework.TimelineInline):
    model = FeedbackEvent


class FeedbackNoteInline(casework.NotesInline):
    model = FeedbackNote


@admin.register(Feedback)
class FeedbackAdmin(casework.CaseAdmin):
    form = FeedbackAdminForm
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
        casework.DueFilter,
        "status",
        "kind",
        casework.AssignedFilter,
        "helpful",
        ("service", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["tracking_code", "message", "contact_email", "contact_mobile"]
    list_select_related = ["service", "assigned_to"]
    inlines = [FeedbackNoteInline, FeedbackEventInline]
    actions = ["take_into_review", "assign_to_me", "close_selected", "reopen_selected"]
    readonly_fields = [*casework.READ_ONLY, "service", "kind", "message", "closed_at", "helpful"]
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
                    "contact_mobile",
                    "language",
                ]
            },
        ),
        casework.PROMISE_AND_STATUS,
        (
            _("Public answer"),
            {
                "fields": [
                    "reply_template",
                    "answer",
                    "close_after_answer",
                    *casework.FIRST_ANSWER,
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

    # --- columns ---
    @admin.display(description=_("service"), ordering="service__service_id")
    def service_title(self, obj):
        return Truncator(obj.service.title).chars(40)

    @admin.display(description=_("message"))
    def message_start(self, obj):
        return Truncator(obj.message).chars(60)

    # --- saving: reopening, the answer, closing, the showcase ---
    def save_work(self, request, feedback, form):
        data = form.cleaned_data
        status = data.get("new_status")
        if status == Status.IN_REVIEW and feedback.status == Status.CLOSED:
            feedback = self.change_status(request, feedback, status)
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
        feedback = self.change_status(request, feedback, status)
        if {"showcase", "public_summary", "public_change"} & set(form.changed_data):
            services.feedback_showcase_set(
                feedback=feedback,
                show=data.get("showcase", False),
                summary=data.get("public_summary", ""),
                change=data.get("public_change", ""),
            )
        return feedback

    # --- actions ---
    @admin.action(description=_("Close the selected"), permissions=["change"])
    def close_selected(self, request, queryset):
        self.change_status_of_each(request, queryset, Status.CLOSED, gettext("Closed: %(count)s."))


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "is_active", "updated"]
    list_filter = ["is_active"]
    search_fields = ["title", "body"]
