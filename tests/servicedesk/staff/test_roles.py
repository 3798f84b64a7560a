"""Each staff role does its job through the admin, and nothing else (README: "Staff roles").

Personas are members of the groups the migration creates, signed in with both factors.
"""

import datetime
import io

import pytest
from django.contrib import admin

from certificates.models import Certificate, ManualRequest
from feedback.models import Feedback, ReplyTemplate
from sla.models import AgreementVersion, Holiday
from tests.certificates.factories import CertificateFactory
from tests.certificates.manual.factories import filed
from tests.certificates.manual.test_admin import change_form_data as request_form
from tests.certificates.test_imports import GOOD, csv_bytes
from tests.feedback.factories import national_survey, submitted
from tests.feedback.test_admin import change_form_data as feedback_form
from tests.servicedesk.staff.conftest import signed_in
from tests.sla.factories import ServiceFactory, draft_version

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/"
CERTIFICATES = f"{ADMIN}certificates/certificate/"
INQUIRY_LOG = f"{ADMIN}certificates/inquiry/"
REQUESTS = f"{ADMIN}certificates/manualrequest/"
FEEDBACK = f"{ADMIN}feedback/feedback/"
VERSIONS = f"{ADMIN}sla/agreementversion/"
CHANGES = f"{ADMIN}changes/"


def models_on_the_admin_home(client) -> set[str]:
    response = client.get(ADMIN)
    assert response.status_code == 200
    return {
        f"{app['app_label']}.{model['object_name'].lower()}"
        for app in response.context["app_list"]
        for model in app["models"]
    }


def actions_offered(client, changelist: str) -> set[str]:
    form = client.get(changelist).context["action_form"]
    return {name for name, _label in form.fields["action"].choices if name} if form else set()


def registered_in(*app_labels) -> set[str]:
    return {
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in app_labels
    }


def draft_data(title: str, **fields) -> dict:
    """The agreement version form with one section and no commitments."""
    return {
        "title": title,
        "caption": "",
        "reference": "",
        "reference_date": "",
        "effective_from_0": "",
        "effective_from_1": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-order": "1",
        "sections-0-heading": "مقدمه",
        "sections-0-body": "متن توافقنامه",
        "commitments-TOTAL_FORMS": "0",
        "commitments-INITIAL_FORMS": "0",
        **fields,
    }


def import_file(client, *, dry_run=False):
    upload = io.BytesIO(csv_bytes(*GOOD))
    upload.name = "registry.csv"
    form = {"file": upload, **({"dry_run": "on"} if dry_run else {})}
    return client.post(f"{CERTIFICATES}import/", form)


# --- what each role sees ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "registry_officer",
            {"certificates.certificate", "certificates.standard", "certificates.trainingcentre"},
        ),
        (
            "inquiry_officer",
            {
                "certificates.manualrequest",
                "certificates.certificate",
                "certificates.standard",
                "certificates.trainingcentre",
            },
        ),
        (
            "feedback_officer",
            {
                "feedback.feedback",
                "feedback.replytemplate",
                "feedback.survey",
                "feedback.question",
                "feedback.surveyresponse",
                "feedback.answer",
                "sla.service",
            },
        ),
        ("content_editor", {"sla.service", "sla.agreementversion", "sla.holiday"}),
    ],
)
def test_each_role_sees_only_its_part_of_the_admin(request, persona, expected):
    client = signed_in(request.getfixturevalue(persona))
    assert models_on_the_admin_home(client) == expected


def test_a_supervisor_sees_every_record_of_the_portal_and_no_accounts(supervisor):
    seen = models_on_the_admin_home(signed_in(supervisor))
    assert seen == registered_in("certificates", "sla", "feedback")
    assert not seen & registered_in("auth", "otp_totp", "otp_static")


def test_a_staff_member_without_a_role_sees_nothing(db):
    from tests.factories import UserFactory

    client = signed_in(UserFactory(username="newcomer", is_staff=True))
    assert models_on_the_admin_home(client) == set()
    assert client.get(CERTIFICATES).status_code == 403


# --- registry officer ---------------------------------------------------------------------------
def test_a_registry_officer_imports_revokes_and_prints_qr_codes(registry_officer):
    client = signed_in(registry_officer)
    dry_run = import_file(client, dry_run=True)
    assert dry_run.status_code == 302  # to the import's page
    assert client.get(dry_run["Location"]).status_code == 200  # an officer may follow it
    import_file(client)
    assert Certificate.history.filter(history_user=registry_officer).count() == 4
    certificate = Certificate.objects.get(number="1001")

    assert {"revoke", "replace"} <= actions_offered(client, CERTIFICATES)
    form = {"action": "revoke", "_selected_action": [certificate.pk], "confirm": "yes"}
    assert client.post(CERTIFICATES, {**form, "reason": "Forged"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.history.first().history_user == registry_officer

    assert client.get(f"{CERTIFICATES}{certificate.pk}/qr.svg").status_code == 200
    change = client.get(f"{CERTIFICATES}{certificate.pk}/change/").content.decode()
    assert 'name="status"' in change
    assert 'name="last_name"' in change


def test_a_registry_officer_cannot_open_feedback_inquiries_the_agreement_or_the_logs(
    registry_officer,
):
    client = signed_in(registry_officer)
    certificate = CertificateFactory()
    for url in (
        FEEDBACK,
        REQUESTS,
        f"{VERSIONS}add/",
        INQUIRY_LOG,
        f"{INQUIRY_LOG}export/",
        CHANGES,
        f"{CERTIFICATES}{certificate.pk}/delete/",
        f"{ADMIN}auth/user/",
    ):
        assert client.get(url).status_code == 403, url


# --- inquiry officer ----------------------------------------------------------------------------
def test_an_inquiry_officer_answers_a_manual_inquiry_and_downloads_its_scan(inquiry_officer):
    client = signed_in(inquiry_officer)
    manual_request = filed()
    assert "take_into_review" in actions_offered(client, REQUESTS)
    assert client.get(f"{REQUESTS}{manual_request.pk}/scan/").status_code == 200
    response = client.post(
        f"{REQUESTS}{manual_request.pk}/change/",
        request_form(manual_request, decision="authentic", note="Found in the archive."),
    )
    assert response.status_code == 302
    manual_request.refresh_from_db()
    assert manual_request.status == ManualRequest.Status.ANSWERED
    assert manual_request.answered_by == inquiry_officer


def test_an_inquiry_officer_reads_the_registry_but_cannot_change_it(inquiry_officer):
    client = signed_in(inquiry_officer)
    certificate = CertificateFactory()
    change = client.get(f"{CERTIFICATES}{certificate.pk}/change/")
    assert change.status_code == 200
    assert 'name="last_name"' not in change.content.decode()
    assert client.post(f"{CERTIFICATES}{certificate.pk}/change/", {}).status_code == 403
    assert actions_offered(client, CERTIFICATES) == set()
    client.post(CERTIFICATES, {"action": "revoke", "_selected_action": [certificate.pk]})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    for url in (f"{CERTIFICATES}import/", FEEDBACK, INQUIRY_LOG, f"{VERSIONS}"):
        assert client.get(url).status_code == 403, url


# --- feedback officer ---------------------------------------------------------------------------
def test_a_feedback_officer_answers_suggestions_and_keeps_templates_and_surveys(
    feedback_officer,
):
    client = signed_in(feedback_officer)
    feedback = submitted()
    response = client.post(
        f"{FEEDBACK}{feedback.pk}/change/", feedback_form(feedback, answer="We have fixed it.")
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED
    assert feedback.answered_by == feedback_officer

    response = client.post(
        f"{ADMIN}feedback/replytemplate/add/",
        {"title": "Thanks", "body": "Thank you for writing.", "is_active": "on"},
    )
    assert response.status_code == 302
    assert ReplyTemplate.objects.filter(title="Thanks").exists()
    assert client.get(f"{ADMIN}feedback/survey/add/").status_code == 200
    survey = national_survey()
    assert client.get(f"/en/surveys/{survey.slug}/results.csv").status_code == 200


def test_a_feedback_officer_cannot_open_a_certificate_or_the_inquiry_log(feedback_officer):
    client = signed_in(feedback_officer)
    certificate = CertificateFactory()
    for url in (
        f"{CERTIFICATES}{certificate.pk}/change/",
        INQUIRY_LOG,
        REQUESTS,
        VERSIONS,
        CHANGES,
    ):
        assert client.get(url).status_code == 403, url


# --- content editor -----------------------------------------------------------------------------
def test_a_content_editor_writes_a_draft_but_cannot_publish_it(content_editor):
    client = signed_in(content_editor)
    assert client.post(f"{VERSIONS}add/", draft_data("نسخه تازه")).status_code == 302
    draft = AgreementVersion.objects.get(title="نسخه تازه")
    section = draft.sections.get()
    changed = draft_data(
        "نسخه تازه، بازبینی شده",
        **{
            "sections-INITIAL_FORMS": "1",
            "sections-0-id": section.pk,
            "sections-0-version": draft.pk,
        },
    )
    assert client.post(f"{VERSIONS}{draft.pk}/change/", changed).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "نسخه تازه، بازبینی شده"

    assert "publish" not in actions_offered(client, VERSIONS)
    assert "copy_to_draft" in actions_offered(client, VERSIONS)
    client.post(VERSIONS, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_content_editor_keeps_the_catalogue_and_the_holidays(content_editor):
    client = signed_in(content_editor)
    service = ServiceFactory()
    assert client.get(f"{ADMIN}sla/service/{service.pk}/change/").status_code == 200
    assert "unpublish" in actions_offered(client, f"{ADMIN}sla/service/")
    client.post(f"{ADMIN}sla/holiday/add/", {"date": "۱۴۰۵/۱۱/۲۲", "title": "پیروزی انقلاب"})
    assert Holiday.objects.get().date == datetime.date(2027, 2, 11)
    for url in (CERTIFICATES, FEEDBACK, REQUESTS, f"{ADMIN}sla/measurement/"):
        assert client.get(url).status_code == 403, url


# --- supervisor ---------------------------------------------------------------------------------
def test_a_supervisor_publishes_the_draft_an_editor_wrote(supervisor, content_editor):
    draft = draft_version(title="نسخه دوم")
    client = signed_in(supervisor)
    assert actions_offered(client, VERSIONS) == {"publish"}
    assert (
        client.post(VERSIONS, {"action": "publish", "_selected_action": [draft.pk]}).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.is_published
    record = draft.history.first()
    assert (record.history_user, record.history_change_reason) == (supervisor, "published")
    # Publishing is not writing: the supervisor cannot change a draft's text.
    other = draft_version(title="نسخه سوم")
    assert client.post(f"{VERSIONS}{other.pk}/change/", draft_data("x")).status_code == 403


def test_a_supervisor_reads_everything_and_changes_nothing(supervisor, client):
    certificate = CertificateFactory(number="14021000123", national_id="0499370899")
    client.post("/certificates/verify/", {"number": "14021000123", "national_id": "0499370899"})
    feedback = submitted()
    manual_request = filed()
    chief = signed_in(supervisor)
    for url in (
        INQUIRY_LOG,
        CHANGES,
        f"{CERTIFICATES}{certificate.pk}/change/",
        f"{CERTIFICATES}{certificate.pk}/history/",
        f"{FEEDBACK}{feedback.pk}/change/",
        f"{REQUESTS}{manual_request.pk}/change/",
        f"{ADMIN}certificates/apikey/",
    ):
        assert chief.get(url).status_code == 200, url
    export = chief.post(f"{INQUIRY_LOG}export/", {"format": "0", "resource": "0"})
    assert export.status_code == 200

    assert chief.post(f"{CERTIFICATES}{certificate.pk}/change/", {}).status_code == 403
    assert (
        chief.post(f"{FEEDBACK}{feedback.pk}/change/", feedback_form(feedback)).status_code == 403
    )
    for changelist in (CERTIFICATES, REQUESTS, FEEDBACK, f"{ADMIN}sla/service/"):
        assert actions_offered(chief, changelist) == set(), changelist
    for url in (f"{CERTIFICATES}import/", f"{ADMIN}auth/user/", f"{ADMIN}auth/group/"):
        assert chief.get(url).status_code == 403, url


# --- superusers keep everything -----------------------------------------------------------------
def test_superusers_keep_every_action(staff_client):
    assert {"revoke", "replace"} <= actions_offered(staff_client, CERTIFICATES)
    assert {"publish", "copy_to_draft"} <= actions_offered(staff_client, VERSIONS)
    assert {"take_into_review", "assign_to_me"} <= actions_offered(staff_client, REQUESTS)
    assert staff_client.get(f"{CERTIFICATES}import/").status_code == 200
    assert staff_client.get(CHANGES).status_code == 200
