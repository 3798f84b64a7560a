"""Demo data of the feedback app: the satisfaction survey modelled on the national
questionnaire (general, and one for the certificate check), reply templates, and a few
suggestions and complaints at each stage of their life, two of them on the "you said, we did"
page. Safe to run again: what exists is left as it is.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from feedback import services
from feedback.models import Choice, Feedback, Question, ReplyTemplate, Survey
from sla.models import Service

GENERAL_SURVEY = "satisfaction"
CERTIFICATE_SURVEY = "certificate-check"  # the certificate check's own survey

# The national questionnaire of client satisfaction: how the steps and time were explained,
# whether the promised time was kept, the staff's accuracy, how many follow-ups were needed,
# and overall satisfaction; then what to improve and a free word.
QUESTIONS = [
    {
        "text": "مراحل انجام کار و زمان لازم برای آن تا چه اندازه روشن به شما توضیح داده شد؟",
        "text_en": "How clearly were the steps and the time needed explained to you?",
        "type": Question.Type.RATING,
    },
    {
        "text": "آیا خدمت در زمان وعده‌داده‌شده انجام شد؟",
        "text_en": "Was the service delivered in the promised time?",
        "type": Question.Type.SINGLE,
        "choices": [
            ("بله، به‌موقع یا زودتر", "Yes, on time or earlier"),
            ("کمی دیرتر", "A little later"),
            ("بسیار دیرتر از وعده", "Much later than promised"),
            ("زمانی وعده داده نشده بود", "No time was promised"),
        ],
    },
    {
        "text": "دقت و درستی کار کارکنان را چگونه ارزیابی می‌کنید؟",
        "text_en": "How accurate and correct was the staff's work?",
        "type": Question.Type.RATING,
    },
    {
        "text": "برای گرفتن این خدمت چند بار پیگیری یا مراجعه لازم شد؟",
        "text_en": "How many follow-ups or visits did you need to get the service?",
        "type": Question.Type.SINGLE,
        "choices": [
            ("هیچ، یک بار کافی بود", "None, once was enough"),
            ("دو بار", "Twice"),
            ("سه بار", "Three times"),
            ("بیش از سه بار", "More than three times"),
        ],
    },
    {
        "text": "در مجموع چقدر از این خدمت رضایت دارید؟",
        "text_en": "Overall, how satisfied are you with this service?",
        "type": Question.Type.RATING,
        "measures_satisfaction": True,
    },
    {
        "text": "چه چیزی این خدمت را بیشتر بهتر می‌کند؟",
        "text_en": "What would improve this service most?",
        "type": Question.Type.MULTIPLE,
        "required": False,
        "choices": [
            ("اطلاع‌رسانی روشن‌تر", "Clearer information"),
            ("پاسخ سریع‌تر", "Faster answers"),
            ("انجام کامل به‌صورت برخط", "Doing it all online"),
            ("مدارک کمتر", "Fewer documents"),
            ("برخورد بهتر کارکنان", "Better conduct of staff"),
        ],
    },
    {
        "text": "اگر نکته دیگری دارید بنویسید.",
        "text_en": "Anything else you would like to tell us?",
        "type": Question.Type.TEXT,
        "required": False,
    },
]

REPLY_TEMPLATES = [
    (
        "سپاس و پیگیری",
        "با سپاس از پیام شما. موضوع بررسی شد و نتیجه به این شرح است: …\n"
        "اگر پرسش دیگری دارید، با همین کد رهگیری پیگیری کنید.",
    ),
    (
        "ارجاع به واحد مسئول",
        "با سپاس از پیام شما. موضوع به واحد مسئول ارجاع شد و نتیجه در همین صفحه اعلام می‌شود.",
    ),
]

# (code, kind, days ago, message, answer or None, close, showcase: (said, did) or None)
SAMPLES = [
    (
        "DEMA2345",
        Feedback.Kind.SUGGESTION,
        20,
        "لطفاً امکان استعلام گواهینامه با کد ملی و بدون شماره گواهینامه هم فراهم شود.",
        "با سپاس. برای حفظ حریم دارندگان، استعلام به هر دو شماره نیاز دارد؛ اما راهنمای یافتن "
        "شماره گواهینامه روی برگه گواهینامه به صفحه استعلام افزوده شد.",
        True,
        (
            "پیدا کردن شماره گواهینامه روی برگه برای برخی دشوار بود.",
            "راهنمای تصویری یافتن شماره گواهینامه به صفحه استعلام افزوده شد.",
        ),
    ),
    (
        "DEMB2345",
        Feedback.Kind.COMPLAINT,
        12,
        "پاسخ استعلام دستی من دیرتر از زمان اعلام‌شده رسید.",
        "از تأخیر پوزش می‌خواهیم. از این پس پیامک یادآوری به کارشناس در روز پیش از مهلت ارسال می‌شود.",
        False,
        (
            "پاسخ برخی استعلام‌های دستی دیرتر از مهلت می‌رسید.",
            "یادآوری خودکار به کارشناسان در روز پیش از مهلت راه‌اندازی شد.",
        ),
    ),
    (
        "DEMC2345",
        Feedback.Kind.QUESTION,
        3,
        "آیا گواهینامه‌های صادرشده پیش از سال ۱۳۹۰ هم در سامانه هستند؟",
        None,
        False,
        None,
    ),
    (
        "DEMD2345",
        Feedback.Kind.PRAISE,
        1,
        "از سرعت پاسخ‌گویی همکاران اداره سنجش سپاسگزارم.",
        None,
        False,
        None,
    ),
]


def _survey(slug: str, *, title: str, title_en: str, service: Service | None, now) -> Survey:
    survey, _ = Survey.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "title_en": title_en,
            "intro": "پاسخ شما ناشناس است و به بهتر شدن خدمات کمک می‌کند. پاسخ دادن حدود دو دقیقه طول می‌کشد.",
            "intro_en": "Your answers are anonymous and help us improve our services. It takes about two minutes.",
            "service": service,
            "is_published": True,
            "opens_at": now - datetime.timedelta(days=30),
        },
    )
    if not survey.questions.exists():
        for order, spec in enumerate(QUESTIONS, start=1):
            question = Question.objects.create(
                survey=survey,
                order=order,
                text=spec["text"],
                text_en=spec["text_en"],
                type=spec["type"],
                required=spec.get("required", True),
                measures_satisfaction=spec.get("measures_satisfaction", False),
            )
            Choice.objects.bulk_create(
                Choice(question=question, order=index, text=text, text_en=text_en)
                for index, (text, text_en) in enumerate(spec.get("choices", []), start=1)
            )
    return survey


def _sample_responses(survey: Survey, services_: list[Service], now, count: int) -> int:
    """Plausible answers so the results page has numbers (only for a survey without any)."""
    if survey.responses.exists():
        return 0
    rng = random.Random(survey.slug)
    questions = list(survey.questions.prefetch_related("choices"))
    for index in range(count):
        answers = {}
        for question in questions:
            choices = list(question.choices.all())
            if question.type == Question.Type.RATING:
                answers[question] = rng.choices([1, 2, 3, 4, 5], weights=[3, 5, 12, 35, 45])[0]
            elif question.type == Question.Type.SINGLE:
                answers[question] = rng.choices(choices, weights=[60, 20, 8, 12][: len(choices)])[0]
            elif question.type == Question.Type.MULTIPLE:
                answers[question] = rng.sample(choices, rng.randint(0, 2))
            else:
                answers[question] = "" if index % 4 else "نمونه پاسخ نوشتاری"
        services.survey_response_submit(
            survey=survey,
            answers=answers,
            respondent=f"demo-{survey.slug}-{index}",
            service=None if survey.service_id else rng.choice(services_),
            now=now - datetime.timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 8)),
        )
    return count


def load(stdout):
    now = timezone.now()
    published = list(Service.objects.filter(is_published=True).order_by("service_id"))
    certificate = Service.objects.filter(service_id=settings.CERTIFICATE_SERVICE_ID).first()
    if certificate is None or not published:
        stdout.write("Feedback: no published service yet; load the sla demo first.")
        return

    general = _survey(
        GENERAL_SURVEY,
        title="نظرسنجی رضایت از خدمات اداره کل",
        title_en="Satisfaction with the directorate's services",
        service=None,
        now=now,
    )
    own = _survey(
        CERTIFICATE_SURVEY,
        title="نظرسنجی استعلام اصالت گواهینامه مهارت",
        title_en="Survey of the certificate authenticity check",
        service=certificate,
        now=now,
    )
    answered = _sample_responses(general, published, now, 24) + _sample_responses(
        own, published, now, 16
    )
    stdout.write(
        f"Surveys: /surveys/{GENERAL_SURVEY}/ and /surveys/{CERTIFICATE_SURVEY}/"
        f" ({answered} sample responses added)."
    )

    for title, body in REPLY_TEMPLATES:
        ReplyTemplate.objects.get_or_create(title=title, defaults={"body": body})

    created = 0
    for code, kind, days_ago, message, answer, close, showcase in SAMPLES:
        if Feedback.objects.filter(tracking_code=code).exists():
            continue
        filed = now - datetime.timedelta(days=days_ago)
        feedback = services.feedback_submit(
            service=certificate, kind=kind, message=message, language="fa", now=filed
        )
        Feedback.objects.filter(pk=feedback.pk).update(tracking_code=code)
        feedback.refresh_from_db()
        if answer:
            feedback = services.feedback_answer(
                feedback=feedback,
                answer=answer,
                close=close,
                now=filed + datetime.timedelta(days=min(days_ago - 1, 6), hours=2),
            )
        if showcase:
            said, did = showcase
            services.feedback_showcase_set(feedback=feedback, show=True, summary=said, change=did)
        created += 1
    stdout.write(
        f"Suggestions: {created} samples added; track one at /feedback/track/?code=DEMA2345 "
        "(answered) or DEMC2345 (in the queue)."
    )
