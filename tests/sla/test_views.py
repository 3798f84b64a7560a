"""The public pages and exports, through the test client, as a citizen and as staff."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.utils import timezone

from servicedesk import spreadsheets
from sla import links, services
from sla.links import Link
from sla.models import Commitment, RequiredDocument
from tests.servicedesk.test_spreadsheets import FORMULAS
from tests.sla.factories import (
    ServiceChannelFactory,
    ServiceFactory,
    ServiceRecipientFactory,
    published_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_service(db):
    """A published service with every part of its ID card."""
    service = ServiceFactory(
        service_id="14031548101",
        title="صدور گواهینامه مهارت",
        cost_rials=500000,
        delivery_working_days=10,
        online_url="https://portal.example.ir/certificates/",
        last_reviewed=datetime.date(2026, 10, 1),
    )
    ServiceRecipientFactory(service=service, recipient="citizens")
    ServiceChannelFactory(service=service, channel="web", detail="https://portal.example.ir/")
    service.steps.create(order=1, title="ثبت درخواست")
    service.documents.create(order=1, name="کارت ملی", form=RequiredDocument.Form.ORIGINAL)
    service.legal_references.create(title="تعرفه خدمات", supports_cost=True)
    service.faqs.create(order=1, question="چقدر طول می‌کشد؟", answer="ده روز کاری")
    ServiceFactory(service_id="14031548102", title="صدور المثنی", parent=service)
    return service


# --- the catalogue ---------------------------------------------------------------------------------
def test_the_catalogue_lists_published_services_only(client, full_service):
    draft = ServiceFactory(is_published=False)
    html = client.get("/services/").content.decode()
    assert f'data-service-id="{full_service.service_id}"' in html
    assert f'data-service-id="{draft.service_id}"' not in html


def test_the_catalogue_search_accepts_arabic_letters_and_persian_digits(client, full_service):
    response = client.get("/services/", {"q": "گواهينامه"})  # Arabic yeh
    assert f'data-service-id="{full_service.service_id}"'.encode() in response.content
    response = client.get("/services/", {"q": "۱۴۰۳۱۵۴۸۱۰۱"})
    assert response.content.decode().count('data-service-id="14031548101"') == 1


def test_a_search_without_results_says_so(client, full_service):
    response = client.get("/en/services/", {"q": "nothing like this"})
    assert b"No published service matches your search" in response.content


def test_an_unknown_filter_value_is_ignored_not_an_error(client, full_service):
    response = client.get("/services/", {"type": "g2x"})
    assert response.status_code == 200
    assert b'data-service-id="14031548101"' in response.content


def test_the_catalogue_takes_three_queries_however_many_services(
    client, full_service, django_assert_num_queries
):
    for _ in range(5):
        ServiceChannelFactory(service=ServiceFactory(), channel="phone")
    with django_assert_num_queries(3):  # services, their channels, their recipients
        client.get("/services/")


# --- the ID card -------------------------------------------------------------------------------------
def test_the_id_card_shows_every_part_in_order(client, full_service):
    response = client.get("/en/services/14031548101/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-service-id="14031548101"' in html
    headings = [
        "Identity of the service",
        "Description",
        "Process steps",
        "Required documents",
        "Cost, time and validity",
        "Legal basis",
        "Channels and e-readiness",
        "Where and when to apply",
        "Frequently asked questions",
        "Measured performance",
    ]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    for text in [
        "ثبت درخواست",
        "کارت ملی",
        "تعرفه خدمات",
        "500,000 rials",
        "/services/14031548102/",
    ]:
        assert text in html


def test_the_id_card_and_the_performance_page_show_the_links_other_apps_add(
    client, full_service, monkeypatch
):
    monkeypatch.setattr(links, "_service_providers", [lambda s: [Link("Ask", f"/ask/{s.pk}")]])
    monkeypatch.setattr(links, "_performance_providers", [lambda: [Link("Rate us", "/rate/")]])
    card = client.get(f"/en/services/{full_service.service_id}/").content.decode()
    assert f'<a class="btn btn-outline-primary" href="/ask/{full_service.pk}">Ask</a>' in card
    assert '<a href="/rate/">Rate us</a>' in client.get("/en/sla/performance/").content.decode()


def test_the_id_card_accepts_persian_digits_in_the_address(client, full_service):
    assert client.get("/services/۱۴۰۳۱۵۴۸۱۰۱/").status_code == 200


def test_a_draft_is_not_found_by_the_public(client):
    draft = ServiceFactory(is_published=False)
    assert client.get(f"/services/{draft.service_id}/").status_code == 404
    assert client.get(f"/services/{draft.service_id}/?preview").status_code == 404


def test_staff_preview_a_draft(staff_client):
    draft = ServiceFactory(is_published=False)
    response = staff_client.get(f"/en/services/{draft.service_id}/?preview")
    assert response.status_code == 200
    assert b"Preview of a draft" in response.content


def test_the_id_card_takes_twelve_queries(client, full_service, django_assert_num_queries):
    # The service, its seven parts, the agreement in force, its commitments, the tallies, and
    # the survey feedback invites to.
    with django_assert_num_queries(12):
        client.get("/services/14031548101/")


# --- exports ----------------------------------------------------------------------------------------
def test_the_catalogue_as_json_has_every_card_field(client, full_service):
    response = client.get("/services.json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    card = next(s for s in data["services"] if s["service_id"] == "14031548101")
    assert data["count"] == len(data["services"])
    assert card["url"] == f"{settings.SITE_URL}/services/14031548101/"
    assert card["cost_rials"] == 500000
    assert card["free"] is False
    assert card["recipients"] == ["citizens"]
    assert card["steps"] == [{"order": 1, "title": "ثبت درخواست", "description": ""}]
    assert card["documents"] == [{"name": "کارت ملی", "form": "original", "note": ""}]
    assert card["legal_basis"][0]["supports"] == ["cost"]
    assert card["channels"] == [{"channel": "web", "detail": "https://portal.example.ir/"}]
    assert card["last_reviewed"] == "2026-10-01"
    assert card["last_reviewed_jalali"] == "1405/07/09"
    child = next(s for s in data["services"] if s["service_id"] == "14031548102")
    assert child["parent_service_id"] == "14031548101"
    assert "صدور گواهینامه مهارت".encode() in response.content  # not \u-escaped


def test_the_catalogue_as_csv_has_one_row_per_published_service(client, full_service):
    ServiceFactory(is_published=False)
    response = client.get("/services.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {row["service_id"] for row in rows} == {"14031548101", "14031548102"}
    row = next(r for r in rows if r["service_id"] == "14031548101")
    assert row["cost_rials"] == "500000"
    assert row["documents"] == "کارت ملی (original)"
    assert row["informing_online"] == "0"


def test_the_catalogue_and_performance_csvs_carry_no_live_formula(client, db):
    typed = list(FORMULAS)
    for index, text in enumerate(typed):
        ServiceFactory(service_id=f"{30000000000 + index}", title=text, provider=text)
    catalogue = client.get("/services.csv").content.decode("utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(catalogue[1:])) if r["service_id"] > "3"]
    written = [spreadsheets.cell(text) for text in typed]
    assert [row["title"] for row in rows] == written
    assert [row["provider"] for row in rows] == written
    performance = client.get("/en/sla/performance.csv").content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(performance[1:])))
    titles = {row["service"] for row in rows if row["service_id"] > "3"}
    assert titles == set(written)


# --- the agreement ------------------------------------------------------------------------------------
def test_the_agreement_page_shows_the_version_in_force_with_its_sections(client):
    html = client.get("/sla/").content.decode()
    assert "توافقنامه سطح خدمت پاسخ به استعلام اصالت گواهینامه مهارت" in html
    assert "خاتمه توافقنامه" in html
    assert "عطف به ما سبق نمی شود" in html


def test_the_agreement_in_force_on_a_date_typed_in_persian_digits(client):
    newer = published_version(title="نسخه دوم")
    today = timezone.localdate()
    html = client.get("/sla/", {"on": "۱۴۰۴/۰۱/۰۱"}).content.decode()
    assert "توافقنامه سطح خدمت پاسخ به استعلام" in html
    assert "نسخه دوم" not in html
    tomorrow = today + datetime.timedelta(days=1)
    from servicedesk.jalali import jalali_iso

    html = client.get("/sla/", {"on": jalali_iso(tomorrow)}).content.decode()
    assert newer.title in html
    assert "توافقنامه سطح خدمت پاسخ به استعلام" not in html


def test_a_date_before_any_agreement_says_none_was_in_force(client):
    response = client.get("/en/sla/", {"on": "1390/01/01"})
    assert b"No published agreement was in force on that date." in response.content


def test_a_malformed_date_is_an_error_on_the_form(client):
    response = client.get("/en/sla/", {"on": "1405/13/40"})
    assert response.status_code == 200
    assert b"Enter a Jalali date as YYYY/MM/DD" in response.content


def test_the_versions_list_shows_published_versions_with_their_dates(client):
    from tests.sla.factories import draft_version

    draft = draft_version(title="پیش‌نویس محرمانه")
    newer = published_version(title="نسخه دوم")
    html = client.get("/sla/versions/").content.decode()
    assert newer.title in html
    assert draft.title not in html
    assert client.get(newer.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_version(staff_client):
    from tests.sla.factories import draft_version

    draft = draft_version()
    assert staff_client.get(f"{draft.get_absolute_url()}?preview").status_code == 200


# --- performance ---------------------------------------------------------------------------------------
def test_the_performance_page_shows_figures_beside_promises(client, certificate_service):
    services.service_publish(service=certificate_service)
    services.measurement_record(
        service=certificate_service,
        kind="inquiry_answered",
        occurred_at=timezone.now(),
        value=3,
        met_deadline=True,
    )
    html = client.get("/en/sla/performance/").content.decode()
    assert 'data-measure="inquiry_on_time"' in html
    assert "100%" in html
    assert "within 7 working day(s)" in html
    assert "<svg" in html
    assert "<title" in html
    assert "No records" in html  # feedback: promised, nothing recorded


def test_the_performance_page_can_show_one_service(client, certificate_service, service):
    services.service_publish(service=certificate_service)
    response = client.get("/en/sla/performance/", {"service": service.service_id})
    html = response.content.decode()
    assert f'data-service-id="{service.service_id}"' in html
    assert f'data-service-id="{certificate_service.service_id}"' not in html


def test_the_performance_csv_has_the_same_figures(client, certificate_service):
    services.service_publish(service=certificate_service)
    for value, met in [(2, True), (9, False)]:
        services.measurement_record(
            service=certificate_service,
            kind="inquiry_answered",
            occurred_at=timezone.now(),
            value=value,
            met_deadline=met,
        )
    response = client.get("/en/sla/performance.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    share = next(
        r for r in rows if r["measure"] == "inquiry_on_time" and r["period"] == "last_30_days"
    )
    assert (share["value"], share["records"]) == ("50", "2")
    median = next(
        r for r in rows if r["measure"] == "inquiry_days" and r["period"] == "last_90_days"
    )
    assert (median["value"], median["p90"]) == ("5.5", "8.3")
    empty = next(
        r for r in rows if r["measure"] == "feedback_on_time" and r["period"] == "last_365_days"
    )
    assert (empty["value"], empty["records"]) == ("", "0")


def test_the_performance_page_takes_a_fixed_number_of_queries(
    client, certificate_service, django_assert_num_queries
):
    for _ in range(4):
        ServiceFactory()
    # services, agreement in force, its commitments, tallies by period, tallies by month
    with django_assert_num_queries(5):
        client.get("/sla/performance/")


# --- the home page -------------------------------------------------------------------------------------
def test_the_home_page_lists_every_published_service(client, full_service):
    draft = ServiceFactory(is_published=False)
    html = client.get("/").content.decode()
    assert f'href="{full_service.get_absolute_url()}"' in html
    assert draft.get_absolute_url() not in html


def test_commitments_of_kind_other_are_shown_in_words(client, service):
    from tests.sla.factories import draft_version

    version = draft_version()
    Commitment.objects.create(
        version=version, service=service, kind="other", description="پاسخ تلفنی در ساعات اداری"
    )
    services.agreement_version_publish(version=version)
    assert "پاسخ تلفنی در ساعات اداری" in client.get("/sla/").content.decode()
