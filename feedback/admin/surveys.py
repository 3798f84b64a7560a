"""Staff's side of surveys: questions and choices, responses (read-only), and excerpts of
written answers that may be published."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from feedback import services
from feedback.models import Answer, Choice, Question, Survey, SurveyResponse


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "text_en", "type", "required", "measures_satisfaction"]
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["order", "text", "text_en"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "title",
        "service",
        "is_published",
        "opens_at",
        "closes_at",
        "response_count",
        "pages",
    ]
    list_filter = ["is_published", "results_public"]
    search_fields = ["slug", "title", "title_en"]
    list_select_related = ["service"]
    raw_id_fields = ["service", "card_services"]
    readonly_fields = ["pages", "created", "updated"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    @admin.display(description=_("responses"), ordering="n_responses")
    def response_count(self, obj):
        return obj.n_responses if hasattr(obj, "n_responses") else obj.responses.count()

    @admin.display(description=_("pages"))
    def pages(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}?preview">{}</a> · <a href="{}?preview">{}</a> · <a href="{}">{}</a>',
            obj.get_absolute_url(),
            gettext("Survey"),
            obj.get_results_url(),
            gettext("Results"),
            reverse("feedback:survey-results-csv", args=[obj.slug]),
            gettext("CSV"),
        )


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "type", "required", "order"]
    list_filter = ["survey", "type"]
    search_fields = ["text", "text_en"]
    list_select_related = ["survey"]
    raw_id_fields = ["survey"]
    inlines = [ChoiceInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "rating", "chosen", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("choices"))
    def chosen(self, obj):
        return "; ".join(choice.text for choice in obj.choices.all())


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "service", "submitted_at", "language"]
    list_filter = ["survey", "language"]
    list_select_related = ["survey", "service"]
    readonly_fields = ["survey", "service", "submitted_at", "language"]
    fields = readonly_fields
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False


class AnswerExcerptForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["excerpt", "excerpt_published"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("excerpt_published") and not (cleaned.get("excerpt") or "").strip():
            self.add_error("excerpt", gettext("Write the excerpt before publishing it."))
        return cleaned

    def _post_clean(self):
        pass  # written by survey_answer_set_excerpt in save_model


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Written answers: private, unless staff publish an excerpt in their own words."""

    form = AnswerExcerptForm
    list_display = ["pk", "survey", "question", "text_start", "excerpt_published"]
    list_filter = ["excerpt_published", "question__survey"]
    search_fields = ["text", "excerpt"]
    list_select_related = ["question__survey"]
    readonly_fields = ["question", "text"]
    fields = ["question", "text", "excerpt", "excerpt_published"]
    actions = ["hide_excerpts"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(question__type=Question.Type.TEXT)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("survey"))
    def survey(self, obj):
        return obj.question.survey

    @admin.display(description=_("text"))
    def text_start(self, obj):
        return Truncator(obj.text).chars(80)

    def save_model(self, request, obj, form, change):
        services.survey_answer_set_excerpt(
            answer=Answer.objects.select_related("question").get(pk=obj.pk),
            excerpt=form.cleaned_data.get("excerpt", ""),
            publish=form.cleaned_data.get("excerpt_published", False),
        )

    @admin.action(
        description=_("Hide the excerpts of the selected answers"), permissions=["change"]
    )
    def hide_excerpts(self, request, queryset):
        count = 0
        for answer in queryset.select_related("question"):
            services.survey_answer_set_excerpt(answer=answer, excerpt=answer.excerpt, publish=False)
            count += 1
        self.message_user(request, gettext("Excerpts hidden: %(count)s.") % {"count": count})
