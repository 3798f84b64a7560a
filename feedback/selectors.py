"""Reads of the feedback app: tracking look-ups, staff's queue, the public showcase, surveys
and their aggregated results."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone

from casework.selectors import case_for_tracking
from feedback.models import (
    RATING_LABELS,
    Answer,
    Choice,
    Feedback,
    Question,
    Survey,
    SurveyResponse,
)
from servicedesk.language import localized
from servicedesk.numbers import format_number
from sla.models import Service


# --- suggestions and complaints ------------------------------------------------------------------
def feedback_for_tracking(*, code: str) -> Feedback | None:
    """The suggestion with this (normalised) tracking code, with its public timeline."""
    return case_for_tracking(Feedback, code=code, related=["service"])


def feedback_showcase_list() -> QuerySet[Feedback]:
    """The "you said, we did" page: staff's public wording only, never the message itself."""
    return (
        Feedback.objects.filter(showcase=True)
        .select_related("service")
        .only(
            "kind",
            "answered_at",
            "public_summary",
            "public_change",
            "service__service_id",
            "service__title",
            "service__title_en",
        )
        .order_by("-answered_at", "-id")
    )


def feedback_services() -> QuerySet[Service]:
    """The services one can send a suggestion about: the published ones, in ID order."""
    return Service.objects.filter(is_published=True).order_by("service_id")


# --- surveys ------------------------------------------------------------------------------------
def _with_questions(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    return surveys.select_related("service").prefetch_related(
        Prefetch(
            "questions",
            queryset=Question.objects.prefetch_related(
                Prefetch("choices", queryset=Choice.objects.order_by("order", "id"))
            ).order_by("order", "id"),
        )
    )


def survey_get(*, slug: str, include_drafts: bool = False) -> Survey:
    """A published survey (drafts only for staff) with its questions and choices; raises
    Survey.DoesNotExist."""
    surveys = Survey.objects.all() if include_drafts else Survey.objects.filter(is_published=True)
    return _with_questions(surveys).get(slug=slug)


def _active(at: datetime.datetime) -> Q:
    return Q(is_published=True, opens_at__lte=at) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=at)
    )


def surveys_open(*, at: datetime.datetime | None = None) -> QuerySet[Survey]:
    """Open surveys, the general ones first, then by service."""
    return (
        Survey.objects.filter(_active(at or timezone.now()))
        .select_related("service")
        .order_by(F("service__service_id").asc(nulls_first=True), "-opens_at", "id")
    )


def survey_for_service(
    *, service: Service | None = None, at: datetime.datetime | None = None
) -> Survey | None:
    """The survey to invite someone to: the open survey of ``service``, else the open survey
    inviting from its ID card (``Survey.card_services``), else the newest open general survey."""
    open_surveys = Survey.objects.filter(_active(at or timezone.now()))
    if service is None:
        return open_surveys.filter(service__isnull=True).order_by("-opens_at", "-id").first()
    # One query for the three choices, the first in this order found.
    invited = Survey.card_services.through.objects.filter(
        survey_id=OuterRef("pk"), service_id=service.pk
    )
    rank = Case(When(service=service, then=0), When(Exists(invited), then=1), default=2)
    return (
        open_surveys.filter(Q(service=service) | Exists(invited) | Q(service__isnull=True))
        .order_by(rank, "-opens_at", "-id")
        .first()
    )


# --- aggregated results -------------------------------------------------------------------------
@dataclass
class Bar:
    label: str
    count: int
    share: Decimal | None  # percent of the question's respondents


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    excerpts: list[str] = field(default_factory=list)
    text_answers: int = 0

    @property
    def question_label(self) -> str:
        return localized(self.question, "text")


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]


def _share(count: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(count) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def survey_results(*, survey: Survey) -> SurveyResults:
    """Counts, mean and distribution per question in four grouped queries, whatever the
    number of responses. ``survey`` comes from survey_get (questions prefetched)."""
    questions = list(survey.questions.all())
    answered = dict(
        Answer.objects.filter(question__survey=survey)
        .order_by()
        .values_list("question_id")
        .annotate(n=Count("id"))
    )
    ratings: dict[int, dict[int, int]] = {}
    for question_id, rating, n in (
        Answer.objects.filter(question__survey=survey, rating__isnull=False)
        .order_by()
        .values_list("question_id", "rating")
        .annotate(n=Count("id"))
    ):
        ratings.setdefault(question_id, {})[rating] = n
    chosen = dict(
        Answer.choices.through.objects.filter(answer__question__survey=survey)
        .order_by()
        .values_list("choice_id")
        .annotate(n=Count("id"))
    )
    excerpts: dict[int, list[str]] = {}
    for question_id, excerpt in (
        Answer.objects.filter(question__survey=survey, excerpt_published=True)
        .order_by("id")
        .values_list("question_id", "excerpt")
    ):
        excerpts.setdefault(question_id, []).append(excerpt)

    results = []
    for question in questions:
        total = answered.get(question.pk, 0)
        result = QuestionResult(question=question, answered=total)
        if question.type == Question.Type.RATING:
            counts = ratings.get(question.pk, {})
            result.bars = [
                Bar(
                    label=f"{format_number(value)} · {RATING_LABELS[value]}",
                    count=counts.get(value, 0),
                    share=_share(counts.get(value, 0), total),
                )
                for value in range(1, 6)
            ]
            rated = sum(counts.values())
            if rated:
                mean = Decimal(sum(v * n for v, n in counts.items())) / rated
                result.mean = mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        elif question.type in Question.CHOICE_TYPES:
            result.bars = [
                Bar(
                    label=localized(choice, "text"),
                    count=chosen.get(choice.pk, 0),
                    share=_share(chosen.get(choice.pk, 0), total),
                )
                for choice in question.choices.all()
            ]
        else:
            result.text_answers = total
            result.excerpts = excerpts.get(question.pk, [])
        results.append(result)
    responses = SurveyResponse.objects.filter(survey=survey).count()
    return SurveyResults(survey=survey, responses=responses, questions=results)


def survey_responses_for_export(*, survey: Survey) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.filter(survey=survey)
        .select_related("service")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.prefetch_related("choices")))
        .order_by("submitted_at", "id")
    )
