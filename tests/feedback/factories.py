"""Factories of the feedback tests."""

import datetime

import factory
from django.utils import timezone

from feedback import services
from feedback.models import Choice, Question, ReplyTemplate, Survey
from tests.sla.factories import ServiceFactory


def submitted(service=None, **fields):
    """A suggestion filed through the service function, as the public form files it."""
    fields.setdefault("kind", "complaint")
    fields.setdefault("message", "پاسخ استعلام دیر رسید و کسی پاسخ تلفن را نداد.")
    return services.feedback_submit(service=service or ServiceFactory(), **fields)


class ReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyTemplate

    title = factory.Sequence(lambda n: f"قالب {n}")
    body = "با سپاس از پیام شما."


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    slug = factory.Sequence(lambda n: f"survey-{n}")
    title = factory.Sequence(lambda n: f"نظرسنجی {n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    is_published = True
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"پرسش {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")
    type = Question.Type.RATING
    required = True


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, type=Question.Type.SINGLE)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"گزینه {n}")
    text_en = factory.Sequence(lambda n: f"Choice {n}")


def national_survey(*, service=None, slug="satisfaction") -> Survey:
    """A survey with one question of each type; the overall rating measures satisfaction."""
    survey = SurveyFactory(slug=slug, service=service)
    QuestionFactory(survey=survey, order=1, text="توضیح مراحل", text_en="Steps explained")
    on_time = QuestionFactory(
        survey=survey, order=2, type=Question.Type.SINGLE, text="به‌موقع؟", text_en="On time?"
    )
    ChoiceFactory(question=on_time, order=1, text="بله", text_en="Yes")
    ChoiceFactory(question=on_time, order=2, text="خیر", text_en="No")
    improve = QuestionFactory(
        survey=survey,
        order=3,
        type=Question.Type.MULTIPLE,
        required=False,
        text="بهبود",
        text_en="Improve",
    )
    ChoiceFactory(question=improve, order=1, text="سرعت", text_en="Speed")
    ChoiceFactory(question=improve, order=2, text="اطلاع‌رسانی", text_en="Information")
    QuestionFactory(
        survey=survey,
        order=4,
        text="رضایت کلی",
        text_en="Overall satisfaction",
        measures_satisfaction=True,
    )
    QuestionFactory(
        survey=survey,
        order=5,
        type=Question.Type.TEXT,
        required=False,
        text="نکته دیگر",
        text_en="Anything else",
    )
    return survey
