"""Factories for the sla app's tests."""

import datetime

import factory
from django.utils import timezone

from sla.models import (
    AgreementSection,
    AgreementVersion,
    Commitment,
    Holiday,
    Service,
    ServiceChannel,
    ServiceRecipient,
)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("service_id",)

    service_id = factory.Sequence(lambda n: f"{20000000000 + n}")
    title = factory.Sequence(lambda n: f"خدمت آزمایشی {n}")
    title_en = factory.Sequence(lambda n: f"Test service {n}")
    summary = "خلاصه خدمت"
    description = "شرح کامل خدمت"
    provider = "اداره کل آموزش فنی و حرفه‌ای استان مازندران"
    parent_agency = "سازمان آموزش فنی و حرفه‌ای کشور"
    service_type = Service.Type.G2C
    nature = Service.Nature.SOVEREIGN
    level = Service.Level.PROVINCIAL
    life_event = "اشتغال"
    trigger = Service.Trigger.APPLICANT_REQUEST
    responsible_unit = "اداره سنجش"
    is_published = True


class ServiceChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceChannel

    service = factory.SubFactory(ServiceFactory)
    channel = ServiceChannel.Channel.WEB


class ServiceRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRecipient

    service = factory.SubFactory(ServiceFactory)
    recipient = ServiceRecipient.Recipient.CITIZENS


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    """A draft; see ``published_version`` for one in force."""

    class Meta:
        model = AgreementVersion

    title = factory.Sequence(lambda n: f"توافقنامه سطح خدمت، نسخه {n}")


class AgreementSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementSection

    version = factory.SubFactory(AgreementVersionFactory)
    order = factory.Sequence(int)
    heading = "مقدمه"
    body = "متن بند"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    version = factory.SubFactory(AgreementVersionFactory)
    service = factory.SubFactory(ServiceFactory)
    kind = Commitment.Kind.INQUIRY_ANSWER
    working_days = 5


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    date = datetime.date(2026, 3, 21)
    title = "نوروز"


def draft_version(*, commitments=(), **fields) -> AgreementVersion:
    """A draft with one section and the given commitments: (service or None, kind, days)."""
    version = AgreementVersionFactory(**fields)
    AgreementSectionFactory(version=version)
    for service, kind, days in commitments:
        CommitmentFactory(version=version, service=service, kind=kind, working_days=days)
    return version


def published_version(*, effective_from=None, commitments=(), **fields) -> AgreementVersion:
    """A version published now (or taking effect at ``effective_from``)."""
    from sla.services import agreement_version_publish

    version = draft_version(commitments=commitments, **fields)
    now = timezone.now()
    return agreement_version_publish(
        version=version, effective_from=effective_from or now, now=min(now, effective_from or now)
    )
