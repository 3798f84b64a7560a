"""Suggestions and surveys in a real headless Chromium on a 360 px phone, in both languages:
send, track, answer a survey, and the pages pass axe without serious violations."""

import datetime

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Feedback, SurveyResponse
from sla.models import Commitment, Measurement
from tests.conftest import axe_violations, has_horizontal_scroll, save_screenshot, totp_now
from tests.feedback.factories import national_survey
from tests.sla.factories import ServiceFactory, published_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [("", "fa", "rtl"), ("/en", "en", "ltr")]


@pytest.fixture
def world(transactional_db, settings):
    """A published service with a three-working-day promise and an open general survey.
    A person in the browser is quick: the minimum fill time is mocked away."""
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    service = ServiceFactory(
        service_id="14039990001",
        title="صدور گواهینامه مهارت برای دوره‌های کوتاه‌مدت آموزشی",
        title_en="Issuing skill certificates for short training courses",
    )
    published_version(
        effective_from=timezone.now() - datetime.timedelta(days=30),
        commitments=[(None, Commitment.Kind.FEEDBACK_ANSWER, 3)],
    )
    survey = national_survey()
    return service, survey


def check(page, *, lang, direction, name):
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert not has_horizontal_scroll(page), f"{name} scrolls sideways at 360 px"
    save_screenshot(page, f"{name}-{lang}-360")
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_a_suggestion_sent_and_tracked_on_a_phone(
    live_server, phone, world, prefix, lang, direction
):
    service, _ = world
    phone.goto(f"{live_server.url}{prefix}/feedback/new/?service={service.service_id}")
    assert phone.locator("#id_service").input_value() == service.service_id
    check(phone, lang=lang, direction=direction, name="feedback-form")

    phone.locator("#id_kind_1").check()  # a complaint
    message = "پاسخ تلفنی در ساعت اداری برقرار نیست."
    phone.locator("#id_message").fill(message)
    count = str(len(message))
    expected = count.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) if lang == "fa" else count
    assert phone.locator("#message-counter").inner_text().startswith(expected)
    phone.locator("#id_contact_phone").fill("۰۹۱۲ ۱۲۳ ۴۵۶۷")
    phone.locator("form button[type=submit]").click()
    phone.wait_for_url("**/feedback/thanks/")

    receipt = phone.locator("[data-tracking-code]")
    code = receipt.get_attribute("data-tracking-code")
    feedback = Feedback.objects.get(tracking_code=code)
    assert feedback.contact_mobile == "09121234567"
    assert feedback.kind == "complaint"
    assert phone.locator(".survey-invitation a").count() == 1
    check(phone, lang=lang, direction=direction, name="feedback-thanks")

    phone.locator(".tracking-receipt a.btn").click()
    phone.wait_for_url("**/feedback/track/?code=*")
    assert phone.locator('[data-feedback-status="received"]').count() == 1
    check(phone, lang=lang, direction=direction, name="feedback-track")

    # Staff answer; the sender types the code by hand, in lower case with a dash.
    services.feedback_answer(feedback=feedback, answer="خط تلفن از شنبه تا ساعت ۱۶ پاسخ می‌دهد.")
    phone.goto(f"{live_server.url}{prefix}/feedback/track/")
    phone.locator("#id_code").fill(feedback.display_code.lower())
    phone.locator("form button[type=submit]").click()
    assert phone.locator('[data-feedback-status="answered"]').count() == 1
    phone.locator('button[name="helpful"][value="yes"]').click()
    phone.wait_for_url("**/feedback/track/?code=*")
    feedback.refresh_from_db()
    assert feedback.helpful is True
    check(phone, lang=lang, direction=direction, name="feedback-track-answered")


def test_a_quick_robot_meets_a_clear_refusal_and_the_captcha(live_server, phone, world, settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 600
    service, _ = world
    phone.goto(f"{live_server.url}/en/feedback/new/")
    phone.locator("#id_service").select_option(service.service_id)
    phone.locator("#id_kind_0").check()
    phone.locator("#id_message").fill("A message typed faster than any person can.")
    phone.locator("form button[type=submit]").click()
    refusal = phone.locator("[data-refusal]")
    assert "faster than a person can type" in refusal.inner_text()
    phone.wait_for_function("() => document.querySelector('img.captcha-image').complete")
    assert phone.locator("img.captcha-image").evaluate("img => img.naturalWidth") > 0
    assert phone.locator("#id_message").input_value().startswith("A message typed")
    check(phone, lang="en", direction="ltr", name="feedback-refused")
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_a_survey_answered_on_a_phone(live_server, phone, world, prefix, lang, direction):
    service, survey = world
    phone.goto(f"{live_server.url}{prefix}/surveys/{survey.slug}/?service={service.service_id}")
    check(phone, lang=lang, direction=direction, name="survey")

    questions = list(survey.questions.order_by("order"))
    steps, on_time, improve, overall, other = questions
    phone.locator(f'input[name="q{steps.pk}"][value="4"]').check()
    phone.locator(f'input[name="q{on_time.pk}"]').first.check()
    phone.locator(f'input[name="q{improve.pk}"]').last.check()
    phone.locator(f'input[name="q{overall.pk}"][value="5"]').check()
    phone.locator(f'textarea[name="q{other.pk}"]').fill("سپاس")
    phone.locator("form.survey-form button[type=submit]").click()
    assert phone.locator('[data-survey-status="answered"]').count() == 1

    response = SurveyResponse.objects.get()
    assert response.service == service
    assert Measurement.objects.get(kind="satisfaction").value == 5

    phone.goto(f"{live_server.url}{prefix}/surveys/{survey.slug}/results/")
    assert phone.locator("svg.result-chart").count() == 4
    check(phone, lang=lang, direction=direction, name="survey-results")


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_the_other_feedback_pages_on_a_phone(live_server, phone, world, prefix, lang, direction):
    service, _ = world
    feedback = services.feedback_submit(
        service=service, kind="suggestion", message="ساعت کاری طولانی‌تر"
    )
    services.feedback_answer(feedback=feedback, answer="انجام شد.")
    services.feedback_showcase_set(
        feedback=feedback,
        show=True,
        summary="ساعت پاسخ‌گویی تلفنی کوتاه بود.",
        change="پاسخ‌گویی تلفنی تا ساعت ۱۶ تمدید شد.",
    )
    phone.goto(f"{live_server.url}{prefix}/feedback/you-said-we-did/")
    check(phone, lang=lang, direction=direction, name="feedback-showcase")
    phone.goto(f"{live_server.url}{prefix}/surveys/")
    check(phone, lang=lang, direction=direction, name="survey-list")
    response = phone.goto(f"{live_server.url}{prefix}/feedback/track/?code=ABCD-2345")
    assert response.status == 404
    assert phone.locator('[data-feedback-status="not_found"]').count() == 1
    check(phone, lang=lang, direction=direction, name="feedback-track-unknown")


def test_a_script_in_a_message_never_runs_for_the_sender_or_staff(live_server, desktop, world):
    service, _ = world
    script = '<script>alert("x")</script><img src=x onerror="alert(1)">'
    feedback = services.feedback_submit(
        service=service, kind="complaint", message=f"{script} کند است"
    )
    services.feedback_answer(feedback=feedback, answer=f"پاسخ {script}")
    dialogs = []
    desktop.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    desktop.goto(f"{live_server.url}/en/feedback/track/?code={feedback.tracking_code}")
    assert script in desktop.locator(".feedback-text").inner_text()

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import UserFactory

    clerk = UserFactory(username="clerk", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=clerk, name="authenticator")
    desktop.goto(f"{live_server.url}/en/admin/login/")
    desktop.locator("#id_username").fill("clerk")
    desktop.locator("#id_password").fill("a-long-test-password")
    desktop.locator("input[type=submit]").click()
    # The second step of the staff sign-in: the authenticator's code.
    desktop.wait_for_url("**/staff/two-factor/**")
    desktop.locator("#id_token").fill(totp_now(device))
    desktop.locator("[data-otp-verify] button[type=submit]").click()
    desktop.wait_for_url("**/en/admin/")
    desktop.goto(f"{live_server.url}/en/admin/feedback/feedback/")
    assert feedback.display_code in desktop.locator("#result_list").inner_text()
    desktop.goto(f"{live_server.url}/en/admin/feedback/feedback/{feedback.pk}/change/")
    save_screenshot(desktop, "feedback-admin-change-en-desktop")
    assert dialogs == []
