"""Two-factor sign-in for staff: the password, then a code from an authenticator app or a
single-use recovery code; required outside DEBUG, with django-axes still guarding the password."""

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from servicedesk.staff import two_factor
from servicedesk.text import to_persian_digits
from tests.conftest import totp_now, verified_login
from tests.factories import UserFactory
from tests.feedback.factories import national_survey
from tests.servicedesk.test_settings import PRODUCTION, run_manage

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/"
VERIFY = "/en/staff/two-factor/"
SETUP = "/en/staff/two-factor/setup/"
PASSWORD = "a-long-test-password"


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", is_staff=True, is_superuser=True)


@pytest.fixture
def authenticator(clerk):
    return TOTPDevice.objects.create(user=clerk, name="authenticator")


@pytest.fixture
def recovery_codes(clerk):
    return two_factor.recovery_codes_issue(user=clerk)


def password_step(client, username="clerk", password=PASSWORD):
    return client.post(
        f"{ADMIN}login/", {"username": username, "password": password, "next": ADMIN}
    )


def html(response) -> str:
    return response.content.decode()


def wrong_code(device) -> str:
    return "000000" if totp_now(device) != "000000" else "111111"


# --- required outside DEBUG -----------------------------------------------------------------------
def test_production_settings_require_the_second_factor_and_the_demo_does_not():
    show = "from django.conf import settings as s; print(s.STAFF_OTP_REQUIRED, s.MIDDLEWARE)"
    production = run_manage("shell", "-c", show, env=PRODUCTION).stdout.strip().splitlines()[-1]
    assert production.startswith("True")
    assert "django_otp.middleware.OTPMiddleware" in production
    assert "servicedesk.staff.middleware.StaffTwoFactorMiddleware" in production
    demo = run_manage("shell", "-c", show, env={**PRODUCTION, "DEBUG": "1"}).stdout
    assert demo.strip().splitlines()[-1].startswith("False")


def test_the_admin_refuses_a_staff_session_without_the_second_factor(client, clerk, authenticator):
    assert password_step(client).status_code == 302
    survey = national_survey()
    for url in (
        ADMIN,
        f"{ADMIN}certificates/certificate/",
        f"{ADMIN}changes/",
        f"/en/surveys/{survey.slug}/results.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{VERIFY}?next="), url
    response = client.post(f"{ADMIN}auth/user/add/", {"username": "intruder"})
    assert response.status_code == 302
    assert not clerk._meta.model.objects.filter(username="intruder").exists()


def test_in_debug_the_demo_signs_in_with_the_password_alone(client, clerk, settings):
    settings.STAFF_OTP_REQUIRED = False
    password_step(client)
    assert client.get(ADMIN).status_code == 200


def test_members_of_organisations_are_not_asked_for_a_second_factor(client):
    from tests.certificates.factories import MembershipFactory

    client.force_login(MembershipFactory(user__username="hr").user)
    assert client.get("/en/certificates/bulk/").status_code == 200


def test_the_second_step_is_for_signed_in_staff_only(client):
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{ADMIN}login/")


# --- signing in -----------------------------------------------------------------------------------
def test_a_staff_member_signs_in_with_the_password_then_the_code(client, clerk, authenticator):
    response = password_step(client)
    assert response["Location"] == ADMIN
    response = client.get(ADMIN)
    assert response["Location"] == f"{VERIFY}?next=%2Fen%2Fadmin%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in html(page)

    response = client.post(
        VERIFY, {"token": to_persian_digits(totp_now(authenticator)), "next": ADMIN}
    )
    assert response.status_code == 302
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_is_refused_and_repeated_tries_must_wait(client, clerk, authenticator):
    password_step(client)
    response = client.post(VERIFY, {"token": wrong_code(authenticator)})
    assert response.status_code == 400
    assert "not right" in html(response)
    # Right at once after a wrong one: django-otp's back-off refuses even the right code.
    response = client.post(VERIFY, {"token": totp_now(authenticator)})
    assert response.status_code == 400
    assert "Too many wrong codes" in html(response)
    assert client.get(ADMIN).status_code == 302


def test_a_recovery_code_signs_in_once(clerk, authenticator, recovery_codes):
    code = two_factor.format_recovery_code(recovery_codes[0]).upper()
    first = Client()
    password_step(first)
    response = first.post(VERIFY, {"token": to_persian_digits(code), "next": ADMIN})
    assert response.status_code == 302
    assert first.get(ADMIN).status_code == 200
    assert StaticToken.objects.count() == len(recovery_codes) - 1

    again = Client()
    password_step(again)
    response = again.post(VERIFY, {"token": code})
    assert response.status_code == 400
    assert again.get(ADMIN).status_code == 302


def test_signing_out_is_open_between_the_two_steps(client, clerk, authenticator):
    password_step(client)
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_axes_still_locks_the_admin_sign_in_after_repeated_failures(client, clerk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert password_step(client, password="wrong").status_code == 200
    assert password_step(client, password="wrong").status_code == 429
    response = password_step(client)  # the right password, too late
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


# --- setting up an authenticator ----------------------------------------------------------------
def test_the_first_sign_in_sets_up_an_authenticator_and_shows_recovery_codes_once(client, clerk):
    password_step(client)
    response = client.get(f"{VERIFY}?next=%2Fen%2Fadmin%2F")
    assert response["Location"] == f"{SETUP}?next=%2Fen%2Fadmin%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    content = html(page)
    assert "<svg" in content
    assert "otp-qr" in content
    # No inline script: every script is a file of the portal's own.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", content))
    assert "script-src 'self'" in page["Content-Security-Policy"]
    device = TOTPDevice.objects.get(user=clerk)
    assert not device.confirmed
    assert two_factor.totp_secret(device) in content
    assert two_factor.totp_secret(device) in html(client.get(SETUP))  # the same on reload
    assert client.get(ADMIN).status_code == 302  # not yet

    response = client.post(SETUP, {"token": totp_now(device), "next": ADMIN})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = re.findall(
        r'<li class="list-group-item font-monospace">([a-z2-7-]+)</li>', html(response)
    )
    assert len(shown) == 10
    assert {code.replace("-", "") for code in shown} == set(
        StaticToken.objects.values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN).status_code == 200
    # Never shown again: the setup page now offers new codes, not these.
    assert shown[0] not in html(client.get(SETUP))


def test_a_wrong_first_code_confirms_nothing(client, clerk):
    password_step(client)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=clerk)
    response = client.post(SETUP, {"token": wrong_code(device)})
    assert response.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.exists()


@pytest.mark.parametrize(("prefix", "lang", "direction"), [("", "fa", "rtl"), ("/en", "en", "ltr")])
def test_the_setup_page_is_in_both_languages(client, clerk, prefix, lang, direction):
    password_step(client)
    content = html(client.get(f"{prefix}/staff/two-factor/setup/"))
    assert f'<html lang="{lang}" dir="{direction}">' in content


def test_replacing_the_authenticator_needs_the_current_one(client, clerk, authenticator):
    password_step(client)
    response = client.get(SETUP)
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_a_verified_staff_member_makes_new_recovery_codes(
    client, clerk, authenticator, recovery_codes
):
    verified_login(client, clerk)
    assert "Make new recovery codes" in html(client.get(SETUP))
    response = client.post("/en/staff/two-factor/recovery-codes/")
    assert response.status_code == 200
    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert len(tokens) == 10
    assert not tokens & set(recovery_codes)


# --- an enrolment belongs to its session, and is mailed -----------------------------------------
def test_a_pending_authenticator_is_shown_only_to_the_session_that_started_it(clerk):
    first, second = Client(), Client()
    password_step(first)
    password_step(second)
    first_page = html(first.get(SETUP))
    first_device = TOTPDevice.objects.get(user=clerk)
    assert two_factor.totp_secret(first_device) in first_page
    assert two_factor.totp_secret(first_device) in html(first.get(SETUP))  # its own, on reload

    second_page = html(second.get(SETUP))
    assert two_factor.totp_secret(first_device) not in second_page
    second_device = TOTPDevice.objects.exclude(pk=first_device.pk).get(user=clerk)
    assert two_factor.totp_secret(second_device) in second_page
    # The other session's secret does not confirm this session's setup.
    if totp_now(first_device) != totp_now(second_device):
        response = second.post(SETUP, {"token": totp_now(first_device)})
        assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=clerk, confirmed=True).exists()

    assert first.post(SETUP, {"token": totp_now(first_device)}).status_code == 200
    # The one confirmed replaces every other, the other session's pending one included.
    assert list(TOTPDevice.objects.filter(user=clerk)) == [first_device]


def test_the_staff_member_is_mailed_when_an_authenticator_is_set_up(
    client, clerk, mailoutbox, django_capture_on_commit_callbacks
):
    password_step(client)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(SETUP).status_code == 200
    assert mailoutbox == []  # nothing is made until the first code confirms the app
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SETUP, {"token": totp_now(device)})
    assert response.status_code == 200
    [mail] = mailoutbox
    assert mail.to == [clerk.email]
    assert mail.subject == "A new authenticator app was set up for your staff account"
    assert "staff account clerk" in mail.body
    assert "tell an administrator at once" in mail.body
    # Never the secret or the codes.
    assert two_factor.totp_secret(device).replace(" ", "") not in mail.body.replace(" ", "")
    for token in StaticToken.objects.values_list("token", flat=True):
        assert token not in mail.body
        assert token not in mail.alternatives[0][0]


def test_the_staff_member_is_mailed_when_new_recovery_codes_are_made(
    client, clerk, authenticator, recovery_codes, mailoutbox, django_capture_on_commit_callbacks
):
    verified_login(client, clerk)
    mailoutbox.clear()  # the mail about the first codes
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/staff/two-factor/recovery-codes/").status_code == 200
    [mail] = mailoutbox
    assert mail.to == [clerk.email]
    assert mail.subject == "New recovery codes were made for your staff account"
    for token in StaticToken.objects.values_list("token", flat=True):
        assert token not in mail.body


def test_a_staff_member_without_an_address_is_not_mailed(
    clerk, authenticator, mailoutbox, django_capture_on_commit_callbacks
):
    clerk.email = ""
    clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        two_factor.recovery_codes_issue(user=clerk)
    assert mailoutbox == []


# --- passwords ------------------------------------------------------------------------------------
def test_a_password_needs_at_least_twelve_characters(clerk):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Vq7#mZ2!pLx", user=clerk)  # eleven
    validate_password("Vq7#mZ2!pLx4", user=clerk)
    for demo_password in ("demo-admin-password", "demo-employer-password", PASSWORD):
        validate_password(demo_password)
