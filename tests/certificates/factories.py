import datetime

import factory

from certificates.models import Certificate, Membership, Organisation, Standard, TrainingCentre
from servicedesk.national_code import check_digit
from tests.factories import UserFactory


def national_code(n: int) -> str:
    first_nine = f"{(n * 7919 + 123457) % 10**9:09d}"
    return first_nine + str(check_digit(first_nine))


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"7321-20-{n:03d}-1")
    title = "کاربر رایانه"
    title_en = "Computer Operator"


class TrainingCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCentre
        django_get_or_create = ("name", "province")

    name = "مرکز آموزش فنی و حرفه‌ای ساری"
    city = "ساری"
    province = "مازندران"


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"1402{n:07d}")
    national_id = factory.Sequence(national_code)
    first_name = "علی"
    last_name = "رضایی"
    father_name = "محمد"
    first_name_en = "Ali"
    last_name_en = "Rezaei"
    standard = factory.SubFactory(StandardFactory)
    grade = "درجه ۲"
    theory_score = 85
    practical_score = 90
    issue_date = datetime.date(2023, 8, 1)
    training_centre = factory.SubFactory(TrainingCentreFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Employer {n}")
    national_id = factory.Iterator(["10101541060", "10861901014", "14003951769"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
