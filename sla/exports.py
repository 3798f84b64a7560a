"""The catalogue and the performance figures as open data: JSON and CSV for national portals.

Field names are English and stable (other systems read them); texts stay as the directorate
wrote them, except that in CSV one a spreadsheet would run as a formula gets a leading
apostrophe. Dates are ISO 8601 with the Jalali date beside.
"""

import datetime
from decimal import Decimal

from django.conf import settings

from servicedesk import spreadsheets
from servicedesk.jalali import jalali_iso
from sla.models import Service
from sla.performance import Report

LIST_SEPARATOR = " | "


def _date(value):
    return value.isoformat() if value else None


def _jalali(value):
    return jalali_iso(value) if value else None


def service_as_dict(service: Service) -> dict:
    """One service's ID card, every field, in the order of the national form."""
    return {
        "service_id": service.service_id,
        "parent_service_id": service.parent.service_id if service.parent_id else None,
        "url": settings.SITE_URL + service.get_absolute_url(),
        "title": service.title,
        "title_en": service.title_en,
        "summary": service.summary,
        "summary_en": service.summary_en,
        "description": service.description,
        "provider": service.provider,
        "parent_agency": service.parent_agency,
        "type": service.service_type,
        "recipients": [r.recipient for r in service.recipients.all()],
        "nature": service.nature,
        "level": service.level,
        "life_event": service.life_event,
        "trigger": service.trigger,
        "steps": [
            {"order": step.order, "title": step.title, "description": step.description}
            for step in service.steps.all()
        ],
        "documents": [
            {"name": doc.name, "form": doc.form, "note": doc.note}
            for doc in service.documents.all()
        ],
        "legal_basis": [
            {
                "title": ref.title,
                "number": ref.number,
                "date": _date(ref.date),
                "date_jalali": _jalali(ref.date),
                "article": ref.article,
                "supports": [
                    claim
                    for claim, supported in (
                        ("cost", ref.supports_cost),
                        ("time", ref.supports_time),
                        ("validity", ref.supports_validity),
                    )
                    if supported
                ],
            }
            for ref in service.legal_references.all()
        ],
        "cost_rials": service.cost_rials,
        "free": service.is_free,
        "payment_method": service.payment_method,
        "delivery_working_days": service.delivery_working_days,
        "immediate": service.is_immediate,
        "validity": service.validity,
        "frequency_per_year": service.frequency_per_year,
        "in_person_visits": service.in_person_visits,
        "channels": [
            {"channel": channel.channel, "detail": channel.detail}
            for channel in service.channels.all()
        ],
        "e_readiness": {
            "informing": service.informing_online,
            "request": service.request_online,
            "production": service.production_online,
            "delivery": service.delivery_online,
        },
        "fully_electronic": service.is_fully_electronic,
        "online_url": service.online_url,
        "where_to_apply": service.where_to_apply,
        "opening_hours": service.opening_hours,
        "responsible_unit": service.responsible_unit,
        "contact": service.contact,
        "faq": [{"question": faq.question, "answer": faq.answer} for faq in service.faqs.all()],
        "last_reviewed": _date(service.last_reviewed),
        "last_reviewed_jalali": _jalali(service.last_reviewed),
    }


CSV_COLUMNS = [
    "service_id",
    "parent_service_id",
    "url",
    "title",
    "title_en",
    "summary",
    "description",
    "provider",
    "parent_agency",
    "type",
    "recipients",
    "nature",
    "level",
    "life_event",
    "trigger",
    "steps",
    "documents",
    "legal_basis",
    "cost_rials",
    "payment_method",
    "delivery_working_days",
    "validity",
    "frequency_per_year",
    "in_person_visits",
    "channels",
    "informing_online",
    "request_online",
    "production_online",
    "delivery_online",
    "fully_electronic",
    "online_url",
    "where_to_apply",
    "opening_hours",
    "responsible_unit",
    "contact",
    "faq",
    "last_reviewed",
    "last_reviewed_jalali",
]


def _flat(data: dict) -> dict:
    """A JSON card as one CSV row: lists joined with " | ", booleans as 1/0."""
    join = LIST_SEPARATOR.join
    row = dict(data)
    row["recipients"] = join(data["recipients"])
    row["steps"] = join(f"{s['order']}. {s['title']}" for s in data["steps"])
    row["documents"] = join(f"{d['name']} ({d['form']})" for d in data["documents"])
    row["legal_basis"] = join(
        " ".join(
            part for part in (r["title"], r["number"], r["date_jalali"] or "", r["article"]) if part
        )
        for r in data["legal_basis"]
    )
    row["channels"] = join(
        f"{c['channel']}: {c['detail']}" if c["detail"] else c["channel"] for c in data["channels"]
    )
    for stage, ready in data["e_readiness"].items():
        row[f"{stage}_online"] = ready
    row["faq"] = join(f["question"] for f in data["faq"])
    return {
        key: int(value) if isinstance(value, bool) else ("" if value is None else value)
        for key, value in row.items()
        if key in CSV_COLUMNS
    }


def _csv_text(header: list[str], rows) -> str:
    """The rows (dictionaries) under ``header``, as the portal writes every CSV."""
    return spreadsheets.csv_text([header, *([row.get(key, "") for key in header] for row in rows)])


def services_csv(services) -> str:
    return _csv_text(CSV_COLUMNS, (_flat(service_as_dict(s)) for s in services))


PERFORMANCE_COLUMNS = [
    "service_id",
    "service",
    "measure",
    "period",
    "first_day",
    "last_day",
    "records",
    "value",
    "p90",
    "promise",
]


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def performance_rows(report: Report):
    """Every figure of the page, one per row; ``value`` is empty where nothing was recorded."""
    for item in report.services:
        service = item.service
        base = {"service_id": service.service_id, "service": service.title}
        for row in item.rows:
            for days, cell in zip(report.periods, row.cells, strict=True):
                yield {
                    **base,
                    "measure": row.measure,
                    "period": f"last_{days}_days",
                    "first_day": (report.today - datetime.timedelta(days=days - 1)).isoformat(),
                    "last_day": report.today.isoformat(),
                    "records": cell.records,
                    "value": _plain(cell.value),
                    "p90": _plain(cell.second),
                    "promise": row.promise,
                }
        for month in item.months:
            for measure, cell, recorded in (
                ("online_checks", month.checks, item.has_checks),
                ("inquiry_on_time", month.inquiries_on_time, item.has_inquiries),
                ("feedback_on_time", month.feedback_on_time, item.has_feedback),
                ("satisfaction", month.satisfaction, item.has_satisfaction),
            ):
                if not recorded:
                    continue
                yield {
                    **base,
                    "measure": measure,
                    "period": f"month_{month.key}",
                    "first_day": month.first.isoformat(),
                    "last_day": min(month.last, report.today).isoformat(),
                    "records": cell.records,
                    "value": _plain(cell.value),
                    "p90": "",
                    "promise": "",
                }


def performance_csv(report: Report) -> str:
    return _csv_text(PERFORMANCE_COLUMNS, performance_rows(report))
