"""The demo data: realistic, complete, and safe to load twice."""

import io

import pytest
from django.conf import settings

from sla import demo
from sla.models import Holiday, Measurement, Service

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_complete_services_holidays_and_a_year_of_measurements(client):
    demo.load(io.StringIO())
    services = Service.objects.filter(is_published=True)
    assert services.filter(service_id=settings.CERTIFICATE_SERVICE_ID).exists()
    assert services.count() >= 5
    for service in services:
        for field in Service._meta.concrete_fields:
            if field.name not in {"parent", "title_en", "summary_en"}:
                assert getattr(service, field.attname) not in ("", None), (service, field.name)
        for part in ["steps", "documents", "legal_references", "channels", "recipients", "faqs"]:
            assert getattr(service, part).exists(), (service, part)
    assert Holiday.objects.filter(title__contains="نوروز").count() == 8  # 1405 and 1406
    assert Measurement.objects.count() > 1000
    html = client.get("/en/sla/performance/").content.decode()
    assert html.count("<svg") >= 4


def test_loading_the_demo_twice_changes_nothing():
    demo.load(io.StringIO())
    counts = (Service.objects.count(), Holiday.objects.count(), Measurement.objects.count())
    demo.load(io.StringIO())
    assert (Service.objects.count(), Holiday.objects.count(), Measurement.objects.count()) == counts
