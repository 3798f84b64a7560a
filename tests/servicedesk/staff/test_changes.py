"""Every staff change of a certificate, the agreement, a manual inquiry or a feedback answer is
recorded with who, when and what, and supervisors read them on one admin page."""

import datetime
from itertools import groupby

import pytest
from django.utils import timezone

from certificates.models import Certificate
from servicedesk.jalali import jalali_iso
from servicedesk.staff import views
from sla.models import AgreementVersion
from tests.certificates.factories import CertificateFactory
from tests.certificates.manual.factories import filed
from tests.certificates.manual.test_admin import change_form_data as request_form
from tests.feedback.factories import submitted
from tests.feedback.test_admin import change_form_data as feedback_form
from tests.servicedesk.staff.conftest import signed_in
from tests.servicedesk.staff.test_roles import draft_data
from tests.sla.factories import draft_version

pytestmark = pytest.mark.django_db

CHANGES = "/en/admin/changes/"


@pytest.fixture
def day_of_work(registry_officer, inquiry_officer, feedback_officer, content_editor, supervisor):
    """Each role changes something through the admin, in this order."""
    certificate = CertificateFactory(number="14021000123")
    manual_request = filed()
    feedback = submitted()
    draft = draft_version(title="نسخه دوم")
    section = draft.sections.get()

    signed_in(registry_officer).post(
        "/en/admin/certificates/certificate/",
        {
            "action": "revoke",
            "_selected_action": [certificate.pk],
            "confirm": "y",
            "reason": "Forged",
        },
    )
    signed_in(inquiry_officer).post(
        f"/en/admin/certificates/manualrequest/{manual_request.pk}/change/",
        request_form(manual_request, decision="authentic", note="Found in the archive."),
    )
    signed_in(feedback_officer).post(
        f"/en/admin/feedback/feedback/{feedback.pk}/change/",
        feedback_form(feedback, answer="We have fixed it."),
    )
    signed_in(content_editor).post(
        f"/en/admin/sla/agreementversion/{draft.pk}/change/",
        draft_data(
            "نسخه دوم، بازبینی شده",
            **{
                "sections-INITIAL_FORMS": "1",
                "sections-0-id": section.pk,
                "sections-0-version": draft.pk,
                "sections-0-body": "متن تازه",
            },
        ),
    )
    signed_in(supervisor).post(
        "/en/admin/sla/agreementversion/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    return {"certificate": certificate, "draft": draft, "feedback": feedback}


def staff_changes(client, **query):
    response = client.get(CHANGES, query)
    assert response.status_code == 200
    return response.context["changes"]


def test_a_supervisor_sees_who_changed_what_newest_first(supervisor, day_of_work):
    changes = staff_changes(signed_in(supervisor))
    by_staff = [
        key for key, _ in groupby((c.source.key, c.user.username) for c in changes if c.user)
    ]
    assert by_staff == [
        ("agreementversion", "chief"),  # published
        ("agreementsection", "editor"),
        ("agreementversion", "editor"),
        ("feedback", "listener"),
        ("manualrequest", "examiner"),
        ("certificate", "registrar"),
    ]
    moments = [c.at for c in changes]
    assert moments == sorted(moments, reverse=True)

    revoked = next(c for c in changes if c.source.key == "certificate" and c.user)
    assert revoked.reason == "Forged"
    assert ("status", "valid", "revoked") in [(f.label, f.old, f.new) for f in revoked.fields]
    answered = next(c for c in changes if c.source.key == "feedback" and c.user)
    assert ("public answer", "–", "We have fixed it.") in [
        (f.label, f.old, f.new) for f in answered.fields
    ]
    published = next(c for c in changes if c.reason == "published")
    assert published.user == supervisor
    assert "published at" in [f.label for f in published.fields]
    closed = next(c for c in changes if c.reason == "closed by the next version")
    assert "in force until" in [f.label for f in closed.fields]


def test_the_page_links_each_record_to_its_admin_page_and_its_history(supervisor, day_of_work):
    client = signed_in(supervisor)
    certificate, draft = day_of_work["certificate"], day_of_work["draft"]
    html = client.get(CHANGES).content.decode()
    assert f'href="/en/admin/certificates/certificate/{certificate.pk}/change/"' in html
    assert f'href="?source=certificate&amp;object={certificate.pk}"' in html
    # A section is edited on its version's page.
    assert f'href="/en/admin/sla/agreementversion/{draft.pk}/change/"' in html

    history = staff_changes(client, source="certificate", object=certificate.pk)
    assert [c.record.history_type for c in history] == ["~", "+"]
    assert {c.record.id for c in history} == {certificate.pk}


def test_changes_are_filtered_by_records_person_and_date(supervisor, day_of_work):
    client = signed_in(supervisor)
    assert {c.source.key for c in staff_changes(client, source="feedback")} == {"feedback"}
    mine = staff_changes(client, user=supervisor.pk)
    assert {c.user for c in mine} == {supervisor}
    today = timezone.localdate()
    tomorrow, yesterday = today + datetime.timedelta(days=1), today - datetime.timedelta(days=1)
    assert staff_changes(client, since=jalali_iso(tomorrow)) == []
    assert staff_changes(client, until=jalali_iso(yesterday)) == []
    assert len(staff_changes(client, since=jalali_iso(today), until=jalali_iso(today))) >= 6


def test_older_changes_are_on_the_next_pages(supervisor, day_of_work, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = signed_in(supervisor)
    first = client.get(CHANGES, {"source": "agreementversion"})
    assert first.context["next_url"] == "?source=agreementversion&page=2"
    second = staff_changes(client, source="agreementversion", page=2)
    assert first.context["changes"][-1].at >= second[0].at


def test_the_page_takes_a_fixed_number_of_queries(
    supervisor, registry_officer, django_assert_max_num_queries
):
    client = signed_in(supervisor)
    for certificate in CertificateFactory.create_batch(20):
        certificate.last_name = "رضایی"
        certificate._history_user = registry_officer
        certificate.save()
    with django_assert_max_num_queries(20):
        changes = staff_changes(client)
    assert sum(1 for c in changes if c.user == registry_officer) == 20


def test_only_readers_of_the_history_open_the_page(client, registry_officer, content_editor):
    for user in (registry_officer, content_editor):
        assert signed_in(user).get(CHANGES).status_code == 403
    response = client.get(CHANGES)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_publishing_outside_the_admin_is_recorded_too(db):
    from sla.services import agreement_version_publish

    first = AgreementVersion.objects.get(published_at__isnull=False)
    draft = draft_version()
    agreement_version_publish(version=draft)
    assert draft.history.first().history_change_reason == "published"
    assert first.history.first().history_change_reason == "closed by the next version"
    assert Certificate.history.count() == 0
