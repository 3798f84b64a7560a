"""The directorate's agreement statement as the first published version, with the service it
is about (the certificate-authenticity inquiry) and the commitments the portal starts from.

The text comes from sla/data/sla-statement.fa.txt (a copy of the directorate's document,
unchanged) and is published as is: its first line is the caption, its second the title, and
every line ending in a colon starts a section whose body is the paragraphs up to the next one.
"""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

STATEMENT = Path(__file__).resolve().parent.parent / "data" / "sla-statement.fa.txt"

# The statement carries no date. It is the directorate's standing agreement, so the portal
# dates it from the first day of 1403 (2024-03-20, Tehran), before anything the portal records;
# a later change is a new version, never an edit of this one.
EFFECTIVE_FROM = datetime.datetime(2024, 3, 20, tzinfo=ZoneInfo("Asia/Tehran"))

# The statement promises answers without a number of days; these are the portal's starting
# answer times, which only a new version can change.
INQUIRY_ANSWER_WORKING_DAYS = 7
FEEDBACK_ANSWER_WORKING_DAYS = 10

CERTIFICATE_SERVICE = {
    "title": "پاسخ به استعلام اصالت گواهینامه مهارت",
    "title_en": "Answering inquiries about the authenticity of skill certificates",
    "summary": "استعلام اصالت گواهینامه‌های مهارت صادرشده توسط اداره کل آموزش فنی و حرفه‌ای مازندران",
    "summary_en": "Checking whether a skill certificate issued by the directorate is genuine.",
    "description": (
        "شهروندان، کارفرمایان و دستگاه‌ها اصالت گواهینامه مهارت را با شماره گواهینامه و کد ملی "
        "دارنده به صورت برخط استعلام می‌کنند؛ گواهینامه‌های قدیمی که در سامانه نیستند با درخواست "
        "استعلام دستی بررسی می‌شوند."
    ),
    "provider": "اداره کل آموزش فنی و حرفه‌ای استان مازندران",
    "parent_agency": "سازمان آموزش فنی و حرفه‌ای کشور",
    "service_type": "g2b",
    "nature": "sovereign",
    "level": "provincial",
    "trigger": "applicant_request",
    "responsible_unit": "اداره سنجش و ارزشیابی مهارت",
}


def _clean(line: str) -> str:
    return line.strip()


def parse_statement(text: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(caption, title, [(heading, body)]) of the statement; bodies keep their paragraphs."""
    lines = [_clean(line) for line in text.splitlines()]
    content = [line for line in lines if line]
    caption, title = content[0], content[1]
    sections: list[tuple[str, list[str]]] = []
    for line in content[2:]:
        if line.endswith(":") and len(line) < 80:
            sections.append((re.sub(r"\s*:$", "", line), []))
        else:
            sections[-1][1].append(line)
    return caption, title, [(heading, "\n\n".join(body)) for heading, body in sections]


def load_first_agreement(apps, schema_editor):
    Service = apps.get_model("sla", "Service")
    AgreementVersion = apps.get_model("sla", "AgreementVersion")
    AgreementSection = apps.get_model("sla", "AgreementSection")
    Commitment = apps.get_model("sla", "Commitment")
    from sla.search import searchable

    service, _ = Service.objects.get_or_create(
        service_id=settings.CERTIFICATE_SERVICE_ID,
        defaults={
            **CERTIFICATE_SERVICE,
            # A draft: staff complete its ID card before the public sees it.
            "is_published": False,
            "informing_online": True,
            "request_online": True,
            "production_online": True,
            "delivery_online": True,
            "search_text": searchable(
                " ".join([settings.CERTIFICATE_SERVICE_ID, *CERTIFICATE_SERVICE.values()])
            ),
        },
    )
    caption, title, sections = parse_statement(STATEMENT.read_text(encoding="utf-8"))
    version = AgreementVersion.objects.create(
        title=title,
        caption=caption,
        effective_from=EFFECTIVE_FROM,
        published_at=EFFECTIVE_FROM,
    )
    AgreementSection.objects.bulk_create(
        AgreementSection(version=version, order=order, heading=heading, body=body)
        for order, (heading, body) in enumerate(sections, start=1)
    )
    around_the_clock = "۲۴ ساعت شبانه‌روز و ۷ روز هفته"
    Commitment.objects.bulk_create(
        [
            Commitment(
                version=version,
                service=service,
                kind="inquiry_answer",
                working_days=INQUIRY_ANSWER_WORKING_DAYS,
            ),
            Commitment(
                version=version,
                service=service,
                kind="feedback_answer",
                working_days=FEEDBACK_ANSWER_WORKING_DAYS,
            ),
            Commitment(
                version=version,
                service=service,
                kind="availability",
                description=f"استعلام برخط اصالت گواهینامه: {around_the_clock}",
            ),
            # The defaults for every service: suggestions about any service are registered
            # and tracked around the clock and answered in the same time.
            Commitment(
                version=version,
                service=None,
                kind="feedback_answer",
                working_days=FEEDBACK_ANSWER_WORKING_DAYS,
            ),
            Commitment(
                version=version,
                service=None,
                kind="availability",
                description=f"ثبت و پیگیری نظرات و پیشنهادها درباره هر خدمت: {around_the_clock}",
            ),
        ]
    )


def unload_first_agreement(apps, schema_editor):
    AgreementVersion = apps.get_model("sla", "AgreementVersion")
    Service = apps.get_model("sla", "Service")
    caption, title, _ = parse_statement(STATEMENT.read_text(encoding="utf-8"))
    AgreementVersion.objects.filter(title=title, effective_from=EFFECTIVE_FROM).delete()
    Service.objects.filter(
        service_id=settings.CERTIFICATE_SERVICE_ID, commitments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(load_first_agreement, unload_first_agreement)]
