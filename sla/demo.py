"""Demo data of the sla app: the directorate's services with every ID-card field filled, the
official holidays of 1405 and 1406, and a year of measurements, so every page shows real
numbers. Safe to run again: services and holidays are updated in place, measurements are
generated only once.

The services, their IDs and their figures are illustrative. The holidays on the solar calendar
are the official ones; those on the lunar calendar are computed (the tabular Islamic calendar,
anchored on 1 Muharram 1448 = 2026-06-16) and may differ by a day from the official calendar,
which staff import as CSV in admin.
"""

import datetime
import random
from decimal import Decimal

import jdatetime
from django.conf import settings
from django.utils import timezone

from sla import calendar
from sla.models import (
    FaqEntry,
    Holiday,
    LegalReference,
    Measurement,
    ProcessStep,
    RequiredDocument,
    Service,
    ServiceChannel,
    ServiceRecipient,
)
from sla.services import daily_tally_rebuild

PROVIDER = "اداره کل آموزش فنی و حرفه‌ای استان مازندران"
PARENT_AGENCY = "سازمان آموزش فنی و حرفه‌ای کشور"
SARI = "ساری، اداره کل آموزش فنی و حرفه‌ای استان مازندران"
OFFICE_HOURS = "شنبه تا چهارشنبه، ساعت ۷:۳۰ تا ۱۴:۳۰"

LAW_CIVIL_SERVICE = {
    "title": "قانون مدیریت خدمات کشوری",
    "number": "",
    "date": datetime.date(2007, 9, 30),
    "article": "فصل دوم، راهبردهای مدیریت خدمات",
}
LAW_INFORMATION = {
    "title": "قانون انتشار و دسترسی آزاد به اطلاعات",
    "number": "",
    "date": datetime.date(2009, 8, 22),
    "article": "حق دسترسی به اطلاعات عمومی",
}
TARIFF = {
    "title": "تعرفه خدمات سازمان آموزش فنی و حرفه‌ای کشور",
    "number": "",
    "date": datetime.date(2026, 3, 21),
    "article": "بند خدمات سنجش و ارزشیابی",
}


def _services() -> list[dict]:
    certificate_check = settings.CERTIFICATE_SERVICE_ID
    return [
        {
            "service_id": certificate_check,
            "title": "پاسخ به استعلام اصالت گواهینامه مهارت",
            "title_en": "Answering inquiries about the authenticity of skill certificates",
            "summary": "بررسی فوری اصالت گواهینامه مهارت با شماره گواهینامه و کد ملی دارنده، "
            "و استعلام دستی گواهینامه‌های کاغذی قدیمی.",
            "summary_en": "Check at once whether a skill certificate is genuine, by its number "
            "and the holder's national code; old paper certificates are checked by hand.",
            "description": "کارفرمایان، دستگاه‌ها، ارزیابان خارجی و خود دارندگان گواهینامه می‌توانند "
            "در هر ساعت از شبانه‌روز اصالت گواهینامه مهارت صادرشده در استان را با شماره گواهینامه "
            "و کد ملی دارنده بررسی کنند و رسید استعلام بگیرند.\n\n"
            "گواهینامه‌های کاغذی قدیمی که در سامانه ثبت نشده‌اند با درخواست استعلام دستی و "
            "بارگذاری تصویر گواهینامه بررسی می‌شوند و پاسخ با کد رهگیری پیگیری می‌شود.",
            "service_type": Service.Type.G2B,
            "nature": Service.Nature.SOVEREIGN,
            "level": Service.Level.PROVINCIAL,
            "life_event": "اشتغال و استخدام",
            "trigger": Service.Trigger.APPLICANT_REQUEST,
            "cost_rials": 0,
            "payment_method": "رایگان؛ پرداختی ندارد",
            "delivery_working_days": 0,
            "validity": "نتیجه، وضعیت گواهینامه در لحظه استعلام است و رسید آن را ثبت می‌کند",
            "frequency_per_year": 48000,
            "in_person_visits": 0,
            "online": (True, True, True, True),
            "online_url": f"{settings.SITE_URL}/certificates/verify/",
            "where_to_apply": "میز خدمت الکترونیکی اداره کل؛ استعلام دستی: " + SARI,
            "opening_hours": "برخط: ۲۴ ساعت شبانه‌روز؛ حضوری: " + OFFICE_HOURS,
            "responsible_unit": "اداره سنجش و ارزشیابی مهارت",
            "contact": "sanjesh@example.ir",
            "recipients": ["citizens", "businesses", "government", "foreign_nationals"],
            "steps": [
                ("ورود به میز خدمت و انتخاب «استعلام اصالت گواهینامه»", ""),
                ("وارد کردن شماره گواهینامه و کد ملی دارنده", "با رقم‌های فارسی یا لاتین"),
                ("دیدن نتیجه و دریافت رسید استعلام", "نتیجه فوری است؛ کد رسید را نگه دارید"),
                (
                    "ثبت درخواست استعلام دستی برای گواهینامه‌های قدیمی",
                    "با بارگذاری تصویر گواهینامه؛ پاسخ با کد رهگیری پیگیری می‌شود",
                ),
            ],
            "documents": [
                (
                    "شماره گواهینامه و کد ملی دارنده",
                    RequiredDocument.Form.ELECTRONIC,
                    "در فرم استعلام",
                ),
                (
                    "تصویر گواهینامه کاغذی",
                    RequiredDocument.Form.ELECTRONIC,
                    "فقط برای استعلام دستی گواهینامه‌های قدیمی",
                ),
            ],
            "legal": [
                {**LAW_INFORMATION, "supports_time": True, "supports_validity": True},
                {**LAW_CIVIL_SERVICE, "supports_cost": True},
            ],
            "channels": [
                ("web", f"{settings.SITE_URL}/certificates/verify/"),
                ("in_person", SARI),
            ],
            "faqs": [
                (
                    "چرا هم شماره گواهینامه و هم کد ملی لازم است؟",
                    "برای حفاظت از اطلاعات دارنده، گواهینامه فقط به کسی نشان داده می‌شود که هر دو را بداند.",
                ),
                (
                    "گواهینامه من قدیمی است و پیدا نمی‌شود؛ چه کنم؟",
                    "درخواست استعلام دستی ثبت کنید؛ پاسخ در مهلت توافقنامه سطح خدمت داده می‌شود.",
                ),
            ],
        },
        {
            "service_id": "14031548101",
            "title": "صدور گواهینامه مهارت",
            "title_en": "Issuing skill certificates",
            "summary": "صدور گواهینامه مهارت پس از قبولی در آزمون‌های کتبی و عملی ارزشیابی مهارت.",
            "summary_en": "A skill certificate for everyone who passes the written and "
            "practical skill assessment.",
            "description": "پس از قبولی در آزمون کتبی و عملی استاندارد مهارتی، گواهینامه مهارت "
            "به صورت الکترونیکی صادر می‌شود و در سامانه قابل استعلام است.",
            "service_type": Service.Type.G2C,
            "nature": Service.Nature.SOVEREIGN,
            "level": Service.Level.PROVINCIAL,
            "life_event": "آموزش و مهارت‌آموزی",
            "trigger": Service.Trigger.EVENT,
            "cost_rials": 0,
            "payment_method": "هزینه در ثبت‌نام آزمون پرداخت شده است",
            "delivery_working_days": 10,
            "validity": "دائم",
            "frequency_per_year": 32000,
            "in_person_visits": 0,
            "online": (True, True, True, True),
            "online_url": "https://portal.example.ir/certificates/",
            "where_to_apply": "سامانه آزمون و گواهینامه؛ مراکز آموزش فنی و حرفه‌ای استان",
            "opening_hours": "برخط: ۲۴ ساعت شبانه‌روز",
            "responsible_unit": "اداره سنجش و ارزشیابی مهارت",
            "contact": "sanjesh@example.ir",
            "recipients": ["citizens", "foreign_nationals"],
            "steps": [
                ("قبولی در آزمون کتبی", ""),
                ("قبولی در آزمون عملی", "در کارگاه مرکز آزمون"),
                ("صدور الکترونیکی گواهینامه", "ظرف ده روز کاری پس از اعلام نتیجه عملی"),
                ("دریافت گواهینامه از سامانه", "نسخه چاپی با کد QR"),
            ],
            "documents": [
                ("کارت ملی", RequiredDocument.Form.ORIGINAL, "در روز آزمون"),
                ("عکس ۳×۴", RequiredDocument.Form.ELECTRONIC, "بارگذاری در ثبت‌نام"),
            ],
            "legal": [
                {**TARIFF, "supports_cost": True},
                {**LAW_CIVIL_SERVICE, "supports_time": True, "supports_validity": True},
            ],
            "channels": [("web", "https://portal.example.ir/certificates/"), ("sms", "۳۰۰۰۱۲۳۴")],
            "faqs": [("گواهینامه مهارت تاریخ انقضا دارد؟", "خیر، گواهینامه مهارت دائم است.")],
        },
        {
            "service_id": "14031548102",
            "parent": "14031548101",
            "title": "صدور المثنی گواهینامه مهارت",
            "title_en": "Duplicate of a skill certificate",
            "summary": "صدور نسخه المثنی برای گواهینامه مفقود یا فرسوده.",
            "summary_en": "A duplicate for a lost or damaged skill certificate.",
            "description": "دارنده گواهینامه مفقود یا فرسوده با ثبت درخواست و پرداخت هزینه، "
            "نسخه المثنی دریافت می‌کند. شماره گواهینامه تغییر نمی‌کند.",
            "service_type": Service.Type.G2C,
            "nature": Service.Nature.SOVEREIGN,
            "level": Service.Level.PROVINCIAL,
            "life_event": "اشتغال و استخدام",
            "trigger": Service.Trigger.APPLICANT_REQUEST,
            "cost_rials": 500000,
            "payment_method": "پرداخت الکترونیکی با کارت بانکی در سامانه",
            "delivery_working_days": 7,
            "validity": "دائم",
            "frequency_per_year": 2400,
            "in_person_visits": 1,
            "online": (True, True, True, False),
            "online_url": "https://portal.example.ir/duplicate/",
            "where_to_apply": SARI,
            "opening_hours": OFFICE_HOURS,
            "responsible_unit": "اداره سنجش و ارزشیابی مهارت",
            "contact": "sanjesh@example.ir",
            "recipients": ["citizens"],
            "steps": [
                ("ثبت درخواست المثنی در سامانه", ""),
                ("پرداخت هزینه", ""),
                ("بررسی سوابق و صدور المثنی", ""),
                ("دریافت حضوری گواهینامه", "با کارت ملی"),
            ],
            "documents": [
                ("کارت ملی", RequiredDocument.Form.ORIGINAL_AND_COPY, ""),
                ("گواهینامه فرسوده", RequiredDocument.Form.ORIGINAL, "در صورت فرسودگی"),
            ],
            "legal": [{**TARIFF, "supports_cost": True, "supports_time": True}],
            "channels": [("web", "https://portal.example.ir/duplicate/"), ("in_person", SARI)],
            "faqs": [("شماره گواهینامه المثنی تغییر می‌کند؟", "خیر، همان شماره باقی می‌ماند.")],
        },
        {
            "service_id": "14031548103",
            "title": "ثبت‌نام در دوره‌های آموزشی مراکز دولتی",
            "title_en": "Enrolling in training courses at public centres",
            "summary": "ثبت‌نام برخط در دوره‌های آموزش مهارت مراکز آموزش فنی و حرفه‌ای استان.",
            "summary_en": "Online enrolment in the skill courses of the province's public "
            "training centres.",
            "description": "فهرست دوره‌های هر مرکز با زمان‌بندی و ظرفیت منتشر می‌شود و متقاضی "
            "به صورت برخط ثبت‌نام می‌کند.",
            "service_type": Service.Type.G2C,
            "nature": Service.Nature.OPERATIONAL,
            "level": Service.Level.CITY,
            "life_event": "آموزش و مهارت‌آموزی",
            "trigger": Service.Trigger.APPLICANT_REQUEST,
            "cost_rials": 0,
            "payment_method": "دوره‌های مراکز دولتی رایگان است",
            "delivery_working_days": 0,
            "validity": "تا پایان دوره",
            "frequency_per_year": 41000,
            "in_person_visits": 1,
            "online": (True, True, True, True),
            "online_url": "https://portal.example.ir/courses/",
            "where_to_apply": "مراکز آموزش فنی و حرفه‌ای شهرستان‌های استان",
            "opening_hours": OFFICE_HOURS,
            "responsible_unit": "اداره آموزش",
            "contact": "amoozesh@example.ir",
            "recipients": ["citizens", "foreign_nationals"],
            "steps": [
                ("انتخاب دوره و مرکز", ""),
                ("ثبت‌نام برخط", ""),
                ("حضور در جلسه توجیهی", "در مرکز آموزشی"),
            ],
            "documents": [("کارت ملی", RequiredDocument.Form.COPY, "")],
            "legal": [{**LAW_CIVIL_SERVICE, "supports_cost": True, "supports_time": True}],
            "channels": [("web", "https://portal.example.ir/courses/"), ("app", "")],
            "faqs": [("دوره‌ها هزینه دارد؟", "دوره‌های مراکز دولتی رایگان است.")],
        },
        {
            "service_id": "14031548104",
            "title": "ثبت‌نام در آزمون ارزشیابی مهارت",
            "title_en": "Registering for a skill assessment",
            "summary": "ثبت‌نام آزاد در آزمون‌های کتبی و عملی برای کسانی که مهارت را در بازار کار آموخته‌اند.",
            "summary_en": "Registration for the written and practical assessments, for people "
            "who learned their skill at work.",
            "description": "متقاضیانی که دوره را در مراکز نگذرانده‌اند با ثبت‌نام آزاد در آزمون "
            "کتبی و سپس عملی شرکت می‌کنند.",
            "service_type": Service.Type.G2C,
            "nature": Service.Nature.SOVEREIGN,
            "level": Service.Level.PROVINCIAL,
            "life_event": "اشتغال و استخدام",
            "trigger": Service.Trigger.APPLICANT_REQUEST,
            "cost_rials": 1200000,
            "payment_method": "پرداخت الکترونیکی در سامانه آزمون",
            "delivery_working_days": 0,
            "validity": "کارت ورود به جلسه برای همان نوبت آزمون",
            "frequency_per_year": 27000,
            "in_person_visits": 2,
            "online": (True, True, False, True),
            "online_url": "https://portal.example.ir/exams/",
            "where_to_apply": "سامانه آزمون؛ مراکز آزمون استان",
            "opening_hours": "برخط: ۲۴ ساعت شبانه‌روز",
            "responsible_unit": "اداره سنجش و ارزشیابی مهارت",
            "contact": "sanjesh@example.ir",
            "recipients": ["citizens", "foreign_nationals"],
            "steps": [
                ("ثبت‌نام و پرداخت", ""),
                ("دریافت کارت ورود به جلسه", ""),
                ("آزمون کتبی", ""),
                ("آزمون عملی", ""),
            ],
            "documents": [
                ("کارت ملی", RequiredDocument.Form.ORIGINAL, ""),
                ("عکس ۳×۴", RequiredDocument.Form.ELECTRONIC, ""),
            ],
            "legal": [{**TARIFF, "supports_cost": True}],
            "channels": [("web", "https://portal.example.ir/exams/"), ("phone", "۱۵۷۰")],
            "faqs": [("نتیجه آزمون کتبی کی اعلام می‌شود؟", "ظرف دو روز کاری در سامانه.")],
        },
        {
            "service_id": "14031548105",
            "title": "صدور پروانه تأسیس آموزشگاه آزاد فنی و حرفه‌ای",
            "title_en": "Licensing private vocational training institutes",
            "summary": "صدور مجوز تأسیس آموزشگاه آزاد برای اشخاص حقیقی و حقوقی واجد شرایط.",
            "summary_en": "A licence to open a private vocational training institute.",
            "description": "متقاضی پس از ثبت درخواست، بازدید از محل و بررسی صلاحیت مربیان، "
            "پروانه تأسیس دریافت می‌کند.",
            "service_type": Service.Type.G2B,
            "nature": Service.Nature.SOVEREIGN,
            "level": Service.Level.PROVINCIAL,
            "life_event": "راه‌اندازی کسب و کار",
            "trigger": Service.Trigger.APPLICANT_REQUEST,
            "cost_rials": 8000000,
            "payment_method": "پرداخت الکترونیکی پس از تأیید مدارک",
            "delivery_working_days": 30,
            "validity": "پنج سال، قابل تمدید",
            "frequency_per_year": 180,
            "in_person_visits": 2,
            "online": (True, True, False, False),
            "online_url": "https://portal.example.ir/institutes/",
            "where_to_apply": SARI + "، اداره آموزشگاه‌های آزاد",
            "opening_hours": OFFICE_HOURS,
            "responsible_unit": "اداره آموزشگاه‌های آزاد و مشارکت‌های مردمی",
            "contact": "amoozeshgah@example.ir",
            "recipients": ["businesses", "training_institutes"],
            "steps": [
                ("ثبت درخواست و بارگذاری مدارک", ""),
                ("بازدید کارشناس از محل آموزشگاه", ""),
                ("بررسی صلاحیت مربیان", ""),
                ("پرداخت و صدور پروانه", ""),
            ],
            "documents": [
                ("سند یا اجاره‌نامه محل", RequiredDocument.Form.COPY, ""),
                ("مدرک تحصیلی و گواهینامه مهارت مؤسس", RequiredDocument.Form.ORIGINAL_AND_COPY, ""),
                ("گواهی عدم سوء پیشینه", RequiredDocument.Form.ORIGINAL, ""),
            ],
            "legal": [
                {**TARIFF, "supports_cost": True},
                {**LAW_CIVIL_SERVICE, "supports_time": True, "supports_validity": True},
            ],
            "channels": [("web", "https://portal.example.ir/institutes/"), ("in_person", SARI)],
            "faqs": [("پروانه چند سال اعتبار دارد؟", "پنج سال؛ تمدید آن ثبت درخواست جدید است.")],
        },
    ]


CHILDREN = {
    "steps": ProcessStep,
    "documents": RequiredDocument,
    "legal": LegalReference,
    "channels": ServiceChannel,
    "recipients": ServiceRecipient,
    "faqs": FaqEntry,
}


def _save_service(data: dict, today: datetime.date) -> Service:
    data = dict(data)
    parts = {name: data.pop(name) for name in CHILDREN}
    parent_id = data.pop("parent", None)
    informing, request, production, delivery = data.pop("online")
    service, _ = Service.objects.update_or_create(
        service_id=data.pop("service_id"),
        defaults={
            **data,
            "parent": Service.objects.get(service_id=parent_id) if parent_id else None,
            "provider": PROVIDER,
            "parent_agency": PARENT_AGENCY,
            "informing_online": informing,
            "request_online": request,
            "production_online": production,
            "delivery_online": delivery,
            "last_reviewed": today - datetime.timedelta(days=40),
            "is_published": True,
        },
    )
    for model in CHILDREN.values():
        model.objects.filter(service=service).delete()
    ProcessStep.objects.bulk_create(
        ProcessStep(service=service, order=order, title=title, description=text)
        for order, (title, text) in enumerate(parts["steps"], start=1)
    )
    RequiredDocument.objects.bulk_create(
        RequiredDocument(service=service, order=order, name=name, form=form, note=note)
        for order, (name, form, note) in enumerate(parts["documents"], start=1)
    )
    LegalReference.objects.bulk_create(
        LegalReference(service=service, **ref) for ref in parts["legal"]
    )
    ServiceChannel.objects.bulk_create(
        ServiceChannel(service=service, channel=channel, detail=detail)
        for channel, detail in parts["channels"]
    )
    ServiceRecipient.objects.bulk_create(
        ServiceRecipient(service=service, recipient=recipient) for recipient in parts["recipients"]
    )
    FaqEntry.objects.bulk_create(
        FaqEntry(service=service, order=order, question=question, answer=answer)
        for order, (question, answer) in enumerate(parts["faqs"], start=1)
    )
    return service


# --- holidays ---------------------------------------------------------------------------------
SOLAR_HOLIDAYS = [
    ((1, 1), "جشن نوروز"),
    ((1, 2), "عید نوروز"),
    ((1, 3), "عید نوروز"),
    ((1, 4), "عید نوروز"),
    ((1, 12), "روز جمهوری اسلامی ایران"),
    ((1, 13), "روز طبیعت"),
    ((3, 14), "رحلت امام خمینی"),
    ((3, 15), "قیام ۱۵ خرداد"),
    ((11, 22), "پیروزی انقلاب اسلامی"),
]
LUNAR_HOLIDAYS = [
    ((1, 9), "تاسوعای حسینی"),
    ((1, 10), "عاشورای حسینی"),
    ((2, 20), "اربعین حسینی"),
    ((2, 28), "رحلت رسول اکرم و شهادت امام حسن مجتبی"),
    ((2, 29), "شهادت امام رضا"),
    ((3, 8), "شهادت امام حسن عسکری"),
    ((3, 17), "میلاد رسول اکرم و امام جعفر صادق"),
    ((6, 3), "شهادت حضرت فاطمه زهرا"),
    ((7, 13), "ولادت امام علی"),
    ((7, 27), "مبعث رسول اکرم"),
    ((8, 15), "ولادت حضرت قائم"),
    ((9, 21), "شهادت امام علی"),
    ((10, 1), "عید سعید فطر"),
    ((10, 2), "تعطیل به مناسبت عید سعید فطر"),
    ((10, 25), "شهادت امام جعفر صادق"),
    ((12, 10), "عید سعید قربان"),
    ((12, 18), "عید سعید غدیر خم"),
]
# The end of lunar year 1447 as Iran's calendar has it (1 Shawwal fell on 1405/01/01).
LUNAR_1447_IN_1405 = [
    ((1, 1), "عید سعید فطر"),
    ((1, 2), "تعطیل به مناسبت عید سعید فطر"),
    ((1, 25), "شهادت امام جعفر صادق"),
    ((3, 6), "عید سعید قربان"),
    ((3, 14), "عید سعید غدیر خم"),
]
# From 1448 on: the tabular calendar, anchored on 1 Muharram 1448 (Tasua fell on 1405/04/03).
MUHARRAM_1448 = datetime.date(2026, 6, 16)


def _lunar_to_gregorian(year: int, month: int, day: int) -> datetime.date:
    """A date of lunar year 1448 or later in the tabular Islamic calendar."""
    days = sum(355 if (14 + 11 * y) % 30 < 11 else 354 for y in range(1448, year))
    days += sum(30 if m % 2 else 29 for m in range(1, month)) + day - 1
    return MUHARRAM_1448 + datetime.timedelta(days=days)


def demo_holidays(years=(1405, 1406)) -> dict[datetime.date, str]:
    """The official holidays of the Jalali ``years`` (1405 and 1406 by default)."""
    first = jdatetime.date(min(years), 1, 1).togregorian()
    after = jdatetime.date(max(years) + 1, 1, 1).togregorian()
    holidays: dict[datetime.date, list[str]] = {}

    def add(date: datetime.date, title: str) -> None:
        if first <= date < after and title not in holidays.setdefault(date, []):
            holidays[date].append(title)

    for year in years:
        for (month, day), title in SOLAR_HOLIDAYS:
            add(jdatetime.date(year, month, day).togregorian(), title)
        add(jdatetime.date(year, 12, 29).togregorian(), "ملی شدن صنعت نفت")
    for (month, day), title in LUNAR_1447_IN_1405:
        add(jdatetime.date(1405, month, day).togregorian(), title)
    for lunar_year in (1448, 1449):
        for (month, day), title in LUNAR_HOLIDAYS:
            add(_lunar_to_gregorian(lunar_year, month, day), title)
    return {date: "؛ ".join(titles) for date, titles in sorted(holidays.items())}


# --- measurements ---------------------------------------------------------------------------------
def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        day,
        datetime.time(rng.randint(8, 13), rng.randint(0, 59)),
        tzinfo=timezone.get_default_timezone(),
    )


def _measurements(services: list[Service], today: datetime.date) -> list[Measurement]:
    """A year of plausible figures; the certificate check is the busy one."""
    rng = random.Random(1405)
    certificate = next(s for s in services if s.service_id == settings.CERTIFICATE_SERVICE_ID)
    holidays = set(Holiday.objects.values_list("date", flat=True))
    days_off = calendar.weekly_days_off()
    rows: list[Measurement] = []

    def add(service, kind, day, value, met=None, daily=False):
        rows.append(
            Measurement(
                service=service,
                kind=kind,
                occurred_at=_moment(day, rng),
                day=day,
                value=Decimal(value),
                met_deadline=met,
                is_daily_total=daily,
            )
        )

    for offset in range(365, -1, -1):
        day = today - datetime.timedelta(days=offset)
        working = day.weekday() not in days_off and day not in holidays
        growth = 1 + (365 - offset) / 730  # the online check catches on over the year
        checks = rng.randint(110, 190) if working else rng.randint(20, 45)
        add(certificate, Measurement.Kind.ONLINE_CHECKS, day, int(checks * growth), daily=True)
        if not working:
            continue
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            taken = rng.choices(range(1, 11), weights=[6, 14, 18, 16, 12, 9, 8, 7, 6, 4])[0]
            add(certificate, Measurement.Kind.INQUIRY_ANSWERED, day, taken, met=taken <= 7)
        for service in services:
            busy = 2 if service == certificate else 1
            for _ in range(rng.choice([0, 0, 1, busy])):
                taken = rng.choices(
                    range(1, 15), weights=[9, 14, 15, 13, 11, 9, 7, 6, 5, 4, 3, 2, 1, 1]
                )[0]
                add(service, Measurement.Kind.FEEDBACK_ANSWERED, day, taken, met=taken <= 10)
            for _ in range(rng.randint(0, 6 if service == certificate else 2)):
                score = rng.choices([1, 2, 3, 4, 5], weights=[3, 5, 12, 35, 45])[0]
                add(service, Measurement.Kind.SATISFACTION, day, score)
    return rows


def load(stdout):
    today = timezone.localdate()
    services = [_save_service(data, today) for data in _services()]
    stdout.write(
        f"Services: {len(services)} published (the certificate check is {settings.CERTIFICATE_SERVICE_ID})."
    )

    created = 0
    for date, title in demo_holidays().items():
        _, was_created = Holiday.objects.update_or_create(date=date, defaults={"title": title})
        created += was_created
    stdout.write(f"Holidays of 1405 and 1406: {created} added.")

    # The institute licence is new on the portal: nothing measured yet, and its page says so.
    measured = [s for s in services if s.service_id != "14031548105"]
    if Measurement.objects.filter(service__in=services).exists():
        stdout.write("Measurements: already loaded.")
        return
    rows = _measurements(measured, today)
    Measurement.objects.bulk_create(rows, batch_size=2000)
    tallies = daily_tally_rebuild(service_ids=[s.pk for s in services])
    stdout.write(f"Measurements: {len(rows)} recorded over a year ({tallies} daily tallies).")
