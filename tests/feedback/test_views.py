"""The public pages through the test client, as a citizen (and staff where it matters)."""

import datetime
import re
import time

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from feedback import services
from feedback.forms import sign_start
from feedback.models import Feedback
from tests.conftest import verified_login
from tests.feedback.conftest import form_data
from tests.feedback.factories import submitted
from tests.sla.factories import ServiceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("promise")]

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def html(response) -> str:
    return response.content.decode()


# --- the form -----------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_sections_address_leads_to_the_form(client, prefix):
    response = client.get(f"{prefix}/feedback/")
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/feedback/new/"


def test_the_form_preselects_the_service_of_the_id_card(client, service):
    response = client.get("/en/feedback/new/", {"service": "۱۴۰۳۹۹۹۰۰۰۱"})
    assert response.status_code == 200
    assert re.search(rf'<option value="{service.service_id}"[^>]*selected', html(response))
    for name in ("service", "kind", "message", "contact_email", "contact_phone"):
        assert f'name="{name}"' in html(response)
    assert 'name="captcha_1"' not in html(response)  # nobody suspicious yet
    assert "Between 10 and 2,000 characters" in html(response)


def test_only_published_services_are_offered(client, service):
    draft = ServiceFactory(is_published=False)
    assert f'value="{draft.service_id}"' not in html(client.get("/feedback/new/"))


def test_a_message_is_filed_and_the_thank_you_page_gives_code_and_deadline(client, service):
    response = client.post(
        "/en/feedback/new/",
        form_data(service, contact_phone="+98 912 123 4567", contact_email=" Ali@Example.org "),
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.contact_mobile == "09121234567"
    assert feedback.contact_email == "Ali@Example.org"
    assert feedback.language == "en"
    assert feedback.deadline is not None

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'data-tracking-code="{feedback.tracking_code}"' in html(page)
    assert feedback.display_code in html(page)
    assert "within 3 working day(s)" in html(page)
    assert 'href="/en/surveys/' not in html(page)  # no survey is open


def test_the_thank_you_page_is_only_for_the_browser_that_sent_it(client):
    assert client.get("/feedback/thanks/")["Location"] == "/feedback/new/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("message", "کوتاه", "Please write at least 10 characters"),
        ("message", "x" * 2001, "Please shorten your message to 2,000 characters; it has 2,001."),
        ("contact_phone", "0912", "Enter an Iranian mobile number"),
        ("contact_email", "not-an-address", "Enter an email address such as name@example.com."),
        ("kind", "spam", "Choose one of the listed kinds."),
        ("service", "99999999999", "Choose one of the listed services."),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_400(client, service, field, value, message):
    response = client.post("/en/feedback/new/", form_data(service, **{field: value}))
    assert response.status_code == 400
    assert message in html(response)
    assert not Feedback.objects.exists()


def test_the_honeypot_refuses_with_a_message_and_asks_for_the_captcha_next(client, service):
    response = client.post("/en/feedback/new/", form_data(service, website="http://spam.example"))
    assert response.status_code == 400
    assert "a field that only automated programs see was filled in" in html(response)
    assert 'name="captcha_1"' in html(response)
    assert "لطفاً ساعت پاسخ‌گویی" in html(response)  # what was typed is kept
    assert not Feedback.objects.exists()
    # From now on this client proves it is a person.
    assert 'name="captcha_1"' in html(client.get("/en/feedback/new/"))


def test_a_form_sent_faster_than_a_person_types_is_refused(client, service):
    response = client.post("/en/feedback/new/", form_data(service, started=sign_start()))
    assert response.status_code == 400
    assert "faster than a person can type" in html(response)
    assert not Feedback.objects.exists()


def test_a_tampered_start_time_is_refused_as_expired(client, service):
    response = client.post("/en/feedback/new/", form_data(service, started="12345:forged"))
    assert response.status_code == 400
    assert "This form has expired" in html(response)


def captcha_answer(response) -> tuple[str, str]:
    key = re.search(r'name="captcha_0" value="(\w+)"', html(response)).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


def test_after_suspicious_activity_the_captcha_is_needed_and_accepts_persian_digits(
    client, service
):
    refused = client.post("/en/feedback/new/", form_data(service, started=sign_start()))
    key, _ = captcha_answer(refused)
    wrong = client.post("/en/feedback/new/", form_data(service, captcha_0=key, captcha_1="999"))
    assert wrong.status_code == 400
    assert "That is not the answer to the sum in the picture" in html(wrong)

    key, answer = captcha_answer(wrong)
    persian = answer.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    right = client.post("/en/feedback/new/", form_data(service, captcha_0=key, captcha_1=persian))
    assert right.status_code == 302
    assert Feedback.objects.count() == 1


def test_the_captcha_picture_is_served_by_the_portal(client, service):
    refused = client.post("/en/feedback/new/", form_data(service, website="x"))
    src = re.search(
        r'<img src="([^"]+)" alt="A small sum written as a picture"', html(refused)
    ).group(1)
    image = client.get(src)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


def test_several_messages_in_an_hour_bring_the_captcha(client, service, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback-captcha": "2/h"}
    for _ in range(2):
        assert client.post("/feedback/new/", form_data(service)).status_code == 302
    assert 'name="captcha_1"' in html(client.get("/feedback/new/"))
    assert client.post("/feedback/new/", form_data(service)).status_code == 400
    assert Feedback.objects.count() == 2


def test_too_many_messages_are_refused_with_a_429_and_the_text_kept(client, service, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": "2/h", "feedback-captcha": "9/h"}
    for _ in range(2):
        client.post("/feedback/new/", form_data(service))
    response = client.post(
        "/en/feedback/new/", form_data(service, message="پیام سوم من درباره خدمت")
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "You have sent many messages in a short time" in html(response)
    assert "پیام سوم من درباره خدمت" in html(response)
    assert Feedback.objects.count() == 2


def test_a_get_is_never_counted_against_the_limit(client, service, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": "1/h"}
    for _ in range(3):
        client.get("/feedback/new/")
    assert client.post("/feedback/new/", form_data(service)).status_code == 302


# --- tracking -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    ["{code}", "{lower}", "{dashed}", " {dashed_lower} ", "{persian}"],
)
def test_a_code_is_found_however_it_is_typed(client, service, typed):
    feedback = submitted(service)
    code = feedback.tracking_code
    variants = {
        "code": code,
        "lower": code.lower(),
        "dashed": feedback.display_code,
        "dashed_lower": feedback.display_code.lower(),
        "persian": code.translate(str.maketrans("23456789", "۲۳۴۵۶۷۸۹")),
    }
    response = client.get("/en/feedback/track/", {"code": typed.format(**variants)})
    assert response.status_code == 200
    assert 'data-feedback-status="received"' in html(response)


def test_a_new_code_typed_in_lower_case_with_spaces_is_found(client, service):
    feedback = submitted(service)
    assert len(feedback.tracking_code) == 12
    typed = " " + feedback.display_code.lower().replace("-", " ") + " "
    response = client.get("/en/feedback/track/", {"code": typed})
    assert 'data-feedback-status="received"' in html(response)


@pytest.mark.parametrize("typed", ["ABCD2345", "abcd-2345", "abcd ۲۳۴۵"])
def test_a_code_handed_out_before_codes_grew_is_still_found(client, service, typed):
    feedback = submitted(service)
    Feedback.objects.filter(pk=feedback.pk).update(tracking_code="ABCD2345")
    response = client.get("/en/feedback/track/", {"code": typed})
    assert 'data-feedback-status="received"' in html(response)
    assert "ABCD-2345" in html(response)


def test_the_tracking_page_shows_status_deadline_answer_and_timeline(client, service):
    feedback = submitted(service)
    services.feedback_answer(feedback=feedback, answer="We extended the opening hours.")
    page = html(client.get("/en/feedback/track/", {"code": feedback.tracking_code}))
    assert 'data-feedback-status="answered"' in page
    assert "We extended the opening hours." in page
    assert "Answer promised by" in page
    assert page.count("<time datetime=") == 2
    assert "Did this answer help you?" in page
    assert feedback.contact_email == ""


def test_an_unknown_code_gets_a_clear_message_not_an_error(client):
    response = client.get("/en/feedback/track/", {"code": "ABCD-2345"})
    assert response.status_code == 404
    assert "We found no suggestion or complaint with the code ABCD-2345" in html(response)
    assert 'data-feedback-status="not_found"' in html(response)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter your tracking code."),
        ("ABC", "A tracking code has 12 letters and digits"),
        ("ABCD-234O", "A tracking code has 12 letters and digits"),  # O is not in the alphabet
        ("A" * 300, "A tracking code has 12 letters and digits"),
    ],
)
def test_a_malformed_code_gets_a_clear_message_and_a_400(client, code, message):
    response = client.get("/en/feedback/track/", {"code": code})
    assert response.status_code == 400
    assert message in html(response)


def test_tracking_look_ups_are_rate_limited_per_client(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback-track": "3/10m"}
    for _ in range(3):
        assert client.get("/feedback/track/", {"code": "ABCD2345"}).status_code == 404
    response = client.get("/en/feedback/track/", {"code": "ABCD2345"})
    assert response.status_code == 429
    assert "Too many attempts" in html(response)
    other = client.get("/feedback/track/", {"code": "ABCD2345"}, REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 404


def test_the_sender_says_whether_the_answer_helped_once(client, service):
    feedback = submitted(service)
    services.feedback_answer(feedback=feedback, answer="Done.")
    response = client.post(
        "/en/feedback/track/helpful/", {"code": feedback.display_code.lower(), "helpful": "no"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.helpful is False
    page = html(client.get(response["Location"], follow=True))
    assert "You told us the answer did not help" in page
    again = client.post(
        "/en/feedback/track/helpful/",
        {"code": feedback.tracking_code, "helpful": "yes"},
        follow=True,
    )
    assert "already told us" in html(again)
    feedback.refresh_from_db()
    assert feedback.helpful is False


def test_rating_needs_a_valid_code_and_verdict(client):
    assert (
        client.post("/feedback/track/helpful/", {"code": "ABCD2345", "helpful": "yes"}).status_code
        == 404
    )
    assert (
        client.post(
            "/feedback/track/helpful/", {"code": "ABCD2345", "helpful": "maybe"}
        ).status_code
        == 400
    )


# --- escaping -----------------------------------------------------------------------------------
def test_what_people_type_is_escaped_on_every_page(client, service, staff_user):
    response = client.post("/feedback/new/", form_data(service, message=f"{SCRIPT} خدمت کند است"))
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert SCRIPT in feedback.message  # stored as typed

    thanks = html(client.get("/feedback/thanks/"))
    track = html(client.get("/feedback/track/", {"code": feedback.tracking_code}))
    assert ESCAPED in track
    services.feedback_answer(feedback=feedback, answer=f"پاسخ {SCRIPT}")
    services.feedback_showcase_set(
        feedback=feedback, show=True, summary=f"گفتید {SCRIPT}", change=f"کردیم {SCRIPT}"
    )
    answered = html(client.get("/feedback/track/", {"code": feedback.tracking_code}))
    showcase = html(client.get("/feedback/you-said-we-did/"))
    for page in (thanks, track, answered, showcase):
        assert SCRIPT not in page
    assert answered.count(ESCAPED) == 2
    assert showcase.count(ESCAPED) == 2

    verified_login(client, staff_user)
    changelist = html(client.get("/admin/feedback/feedback/"))
    change = html(client.get(f"/admin/feedback/feedback/{feedback.pk}/change/"))
    for page in (changelist, change):
        assert SCRIPT not in page
        assert ESCAPED in page or "&lt;script&gt;" in page


def test_an_unknown_code_typed_with_markup_is_escaped(client):
    response = client.get("/en/feedback/track/", {"code": "<b>ABCD2345"})
    assert "<b>" not in html(response).split("<main", 1)[1]


# --- you said, we did ---------------------------------------------------------------------------
def test_the_showcase_shows_staff_wording_and_never_personal_details(client, service):
    feedback = submitted(
        service,
        message="من علی رضایی هستم",
        contact_email="ali@example.org",
        contact_mobile="09121234567",
    )
    services.feedback_answer(feedback=feedback, answer="Thank you, Ali.")
    services.feedback_showcase_set(
        feedback=feedback,
        show=True,
        summary="Someone asked for longer hours.",
        change="We open until 16:00.",
    )
    hidden = submitted(service, message="پیام دیگری که نباید دیده شود")
    page = html(client.get("/en/feedback/you-said-we-did/"))
    assert "Someone asked for longer hours." in page
    assert "We open until 16:00." in page
    for private in (
        "علی رضایی",
        "ali@example.org",
        "09121234567",
        "Thank you, Ali.",
        hidden.message,
    ):
        assert private not in page


def test_the_showcase_page_reads_in_one_query_however_long(
    client, service, django_assert_num_queries
):
    for index in range(5):
        feedback = submitted(service)
        services.feedback_answer(feedback=feedback, answer="Done.")
        services.feedback_showcase_set(
            feedback=feedback, show=True, summary=f"S{index}", change="C"
        )
    with django_assert_num_queries(2):  # the count for the pager and the page itself
        client.get("/feedback/you-said-we-did/")


# --- time ---------------------------------------------------------------------------------------
def test_an_overdue_item_says_so_on_its_tracking_page(client, service):
    feedback = submitted(service, now=timezone.now() - datetime.timedelta(days=30))
    page = html(client.get("/en/feedback/track/", {"code": feedback.tracking_code}))
    assert "The promised time has passed without an answer" in page


def test_the_minimum_fill_time_follows_the_clock(client, service, monkeypatch):
    started = sign_start(1_000_000)
    monkeypatch.setattr(time, "time", lambda: 1_000_002.0)
    assert client.post("/feedback/new/", form_data(service, started=started)).status_code == 400
    monkeypatch.setattr(time, "time", lambda: 1_000_030.0)
    # Another client: the first, refused as too fast, must now answer the captcha.
    response = client.post(
        "/feedback/new/", form_data(service, started=started), REMOTE_ADDR="192.0.2.8"
    )
    assert response.status_code == 302


def test_a_null_character_anywhere_is_a_400_not_a_500(client, service):
    assert client.get("/feedback/track/", {"code": "AB\x00CD2345"}).status_code == 400
    response = client.post("/feedback/new/", form_data(service, service="1403\x00"))
    assert response.status_code == 400
    response = client.post("/feedback/new/", form_data(service, message="سلام\x00 دنیا خوب است"))
    assert response.status_code == 400
    assert client.get("/feedback/new/", {"service": "\x00"}).status_code == 200
