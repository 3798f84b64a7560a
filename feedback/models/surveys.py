"""Satisfaction surveys: questions and choices kept by staff, anonymous responses."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicedesk.models import Timestamped
from sla.models import Service

# The five points of a rating question, as respondents see them and results show them.
RATING_LABELS = {
    1: _("Very poor"),
    2: _("Poor"),
    3: _("Fair"),
    4: _("Good"),
    5: _("Very good"),
}


# --- surveys ------------------------------------------------------------------------------------
class Survey(Timestamped):
    """A questionnaire about one service or (service empty) about the directorate's services."""

    slug = models.SlugField(
        _("address name"),
        max_length=60,
        help_text=_("The survey's address: /surveys/<address name>/."),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        help_text=_("Empty: a general survey; respondents may say which service they used."),
    )
    card_services = models.ManyToManyField(
        Service,
        verbose_name=_("invited to from the ID cards of"),
        blank=True,
        related_name="+",
        help_text=_(
            "Services whose ID card invites to this survey when they have no open survey of "
            "their own."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    results_public = models.BooleanField(
        _("results are public"),
        default=True,
        help_text=_("Aggregates only; free text stays hidden unless an excerpt is published."),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="feedback_survey_unique_slug"),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="feedback_survey_closes_after_opening",
            ),
        ]
        indexes = [
            # "The active survey of this service" (invitation links): published, by service.
            models.Index(
                fields=["service", "opens_at"],
                condition=Q(is_published=True),
                name="feedback_survey_active_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:survey", args=[self.slug])

    def get_results_url(self):
        return reverse("feedback:survey-results", args=[self.slug])

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.is_published
            and self.opens_at <= at
            and (self.closes_at is None or self.closes_at > at)
        )


class Question(models.Model):
    class Type(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    CHOICE_TYPES = (Type.SINGLE, Type.MULTIPLE)

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    required = models.BooleanField(_("required"), default=True)
    measures_satisfaction = models.BooleanField(
        _("overall satisfaction"),
        default=False,
        help_text=_("Its score is recorded as the service's satisfaction on the performance page."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=["rating", "single", "multiple", "text"]),
                name="feedback_question_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(measures_satisfaction=False) | Q(type="rating"),
                name="feedback_question_satisfaction_is_rating",
            ),
            models.UniqueConstraint(
                fields=["survey"],
                condition=Q(measures_satisfaction=True),
                name="feedback_question_one_satisfaction_per_survey",
            ),
        ]

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("choice"), max_length=200)
    text_en = models.CharField(_("choice in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    """One anonymous set of answers. ``respondent`` is a hash of a random token kept in the
    browser session: it allows one response per session and identifies nobody."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    respondent = models.CharField(_("respondent"), max_length=64, editable=False)
    language = models.CharField(_("language"), max_length=8, default="fa")

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="feedback_surveyresponse_once_per_session"
            ),
        ]
        # The CSV export reads one survey's responses: the unique constraint's index
        # (survey, respondent) serves the filter by survey.

    def __str__(self):
        return f"{self.survey.slug} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="answers",
        # The composite index below starts with the question.
        db_index=False,
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    choices = models.ManyToManyField(Choice, verbose_name=_("choices"), blank=True)
    text = models.TextField(_("text"), blank=True)
    # Free text stays private; staff may publish an excerpt of it, in their own wording.
    excerpt = models.TextField(_("published excerpt"), blank=True)
    excerpt_published = models.BooleanField(_("excerpt published"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="feedback_answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_answer_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(excerpt_published=False) | ~Q(excerpt=""),
                name="feedback_answer_published_excerpt_not_empty",
            ),
        ]
        indexes = [
            # The results page: the answers to a survey's questions, grouped by rating.
            models.Index(fields=["question", "rating"], name="feedback_answer_results_idx"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.rating or self.text[:40]}"
