"""load_demo's part: surveys modelled on the national questionnaire and sample suggestions,
twice without duplicates."""

import io

import pytest
from django.core.management import call_command

from feedback.models import Feedback, Question, Survey, SurveyResponse
from sla.models import Measurement

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates():
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    counts = (
        Survey.objects.count(),
        Question.objects.count(),
        SurveyResponse.objects.count(),
        Feedback.objects.count(),
        Measurement.objects.filter(kind="satisfaction").count(),
    )
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert counts == (
        Survey.objects.count(),
        Question.objects.count(),
        SurveyResponse.objects.count(),
        Feedback.objects.count(),
        Measurement.objects.filter(kind="satisfaction").count(),
    )
    assert "/surveys/satisfaction/" in out.getvalue()
    general = Survey.objects.get(slug="satisfaction")
    assert general.service is None
    assert general.questions.filter(measures_satisfaction=True).count() == 1
    assert Survey.objects.get(slug="certificate-check").service.service_id == "14031548100"
    assert Feedback.objects.filter(showcase=True).count() == 2
    assert Feedback.objects.get(tracking_code="DEMC2345").status == Feedback.Status.RECEIVED
