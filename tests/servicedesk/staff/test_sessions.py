"""Staff sessions end: after STAFF_SESSION_IDLE_MINUTES without a request, and
STAFF_SESSION_MAX_HOURS after the second factor; visitors and employers are not concerned."""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from servicedesk.staff import middleware
from tests.conftest import totp_now, verified_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/"
CERTIFICATES = "/en/admin/certificates/certificate/"
MINUTE = 60


class Clock:
    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The clock the staff-session middleware reads, moved by hand."""
    fake = Clock()
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=fake.time))
    return fake


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", is_staff=True, is_superuser=True)


def signed_out(client, response, message: str) -> bool:
    """Whether ``response`` sent a signed-out staff member to sign in again, saying why."""
    if response.status_code != 302 or not response["Location"].startswith(f"{ADMIN}login/"):
        return False
    page = client.get(response["Location"])
    return "_auth_user_id" not in client.session and message in page.content.decode()


IDLE = "You were signed out after a time without activity."
LIFETIME = "You were signed out because your session reached its time limit."


def test_a_staff_session_idle_past_the_timeout_is_signed_out(client, clerk, clock):
    verified_login(client, clerk)
    assert client.get(ADMIN).status_code == 200
    clock.advance(29 * MINUTE)
    assert client.get(ADMIN).status_code == 200
    clock.advance(31 * MINUTE)
    response = client.get(CERTIFICATES)
    assert response["Location"] == f"{ADMIN}login/?next={CERTIFICATES}"
    assert signed_out(client, response, IDLE)
    # Back to the admin only through both steps again.
    assert client.get(ADMIN)["Location"].startswith(f"{ADMIN}login/")


def test_an_active_staff_session_ends_hours_after_the_second_factor(client, clerk, clock):
    verified_login(client, clerk)
    for _ in range(23):  # a request every 20 minutes: never idle, 7 h 40 min in all
        assert client.get(ADMIN).status_code == 200
        clock.advance(20 * MINUTE)
    assert client.get(ADMIN).status_code == 200
    clock.advance(21 * MINUTE)  # 8 h 1 min
    assert signed_out(client, client.get(ADMIN), LIFETIME)


def test_the_lifetime_counts_from_the_second_factor(client, clerk, clock, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.STAFF_SESSION_MAX_HOURS = 1
    device = TOTPDevice.objects.create(user=clerk, name="authenticator")
    client.post(
        f"{ADMIN}login/",
        {"username": "clerk", "password": "a-long-test-password", "next": ADMIN},
    )
    assert client.get("/en/staff/two-factor/").status_code == 200
    clock.advance(20 * MINUTE)
    assert client.post("/en/staff/two-factor/", {"token": totp_now(device)}).status_code == 302
    for _ in range(2):
        clock.advance(25 * MINUTE)
        assert client.get(ADMIN).status_code == 200  # 70 minutes after the password
    clock.advance(15 * MINUTE)  # 65 minutes after the code
    assert signed_out(client, client.get(ADMIN), LIFETIME)


def test_the_timeouts_come_from_the_settings(client, clerk, clock, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    verified_login(client, clerk)
    assert client.get(ADMIN).status_code == 200
    clock.advance(6 * MINUTE)
    assert signed_out(client, client.get(ADMIN), IDLE)


def test_employers_and_visitors_are_not_signed_out(client, clock):
    from tests.certificates.factories import MembershipFactory

    client.force_login(MembershipFactory(user__username="hr").user)
    assert client.get("/en/certificates/bulk/").status_code == 200
    clock.advance(9 * 60 * MINUTE)
    assert client.get("/en/certificates/bulk/").status_code == 200
    assert "_auth_user_id" in client.session
    assert client.get("/en/").status_code == 200


def test_a_staff_session_is_stored_only_as_long_as_its_idle_timeout(client, clerk):
    verified_login(client, clerk)
    assert client.get(ADMIN).status_code == 200
    stored = Session.objects.get(session_key=client.session.session_key)
    assert stored.expire_date <= timezone.now() + datetime.timedelta(minutes=32)
    # So the daily clearsessions removes it once it has run out.
    Session.objects.filter(pk=stored.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("clearsessions")
    assert not Session.objects.filter(pk=stored.pk).exists()
