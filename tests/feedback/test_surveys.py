"""Survey pages through the test client: answering once per session, refusals, results with
their chart and table, the staff's CSV, and invitations on other pages."""

import csv
import datetime
import io
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from feedback import services
from feedback.models import Answer, Question, SurveyResponse
from servicedesk import spreadsheets
from sla.models import Measurement
from tests.feedback.factories import national_survey
from tests.servicedesk.test_spreadsheets import FORMULAS
from tests.sla.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def persian():
    with translation.override("fa"):
        yield


@pytest.fixture
def survey(db):
    return national_survey()


def post_data(survey, *, rating="4", single=0, multiple=(0,), satisfaction="5", text="", **extra):
    steps, on_time, improve, overall, other = survey.questions.order_by("order")
    data = {
        f"q{steps.pk}": rating,
        f"q{on_time.pk}": str(list(on_time.choices.all())[single].pk) if single is not None else "",
        f"q{improve.pk}": [str(list(improve.choices.all())[i].pk) for i in multiple],
        f"q{overall.pk}": satisfaction,
        f"q{other.pk}": text,
    }
    data.update(extra)
    return data


# --- answering ----------------------------------------------------------------------------------
def test_the_survey_page_shows_every_question_with_labelled_ratings(client, survey):
    page = html(client.get("/en/surveys/satisfaction/"))
    assert "Steps explained" in page
    assert "1 · Very poor" in page
    assert "5 · Very good" in page
    assert page.count("<fieldset") >= 4  # radio groups are fieldsets with a legend
    assert "Anything else (optional)" in page


def test_an_anonymous_answer_is_saved_once_per_browser_session(client, survey):
    service = ServiceFactory()
    response = client.post(
        "/en/surveys/satisfaction/", post_data(survey, service=service.service_id, text="خوب بود")
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "You have answered this survey. Thank you!" in html(page)
    assert 'name="q' not in html(page)

    again = client.post("/en/surveys/satisfaction/", post_data(survey))
    assert again.status_code == 400
    assert SurveyResponse.objects.count() == 1
    response = SurveyResponse.objects.get()
    assert response.service == service
    assert Measurement.objects.get(kind=Measurement.Kind.SATISFACTION).value == 5

    other_browser = Client()
    assert other_browser.post("/surveys/satisfaction/", post_data(survey)).status_code == 302
    assert SurveyResponse.objects.count() == 2


def test_a_required_question_left_unanswered_is_refused_with_a_message(client, survey):
    response = client.post("/en/surveys/satisfaction/", post_data(survey, satisfaction=""))
    assert response.status_code == 400
    assert "This question needs an answer." in html(response)
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"rating": "6"},
        {"rating": "abc"},
        {"single": None, "extra_single": True},
        {"multiple": ()},
    ],
)
def test_answers_outside_the_list_are_refused(client, survey, bad):
    data = post_data(survey, **{k: v for k, v in bad.items() if k != "extra_single"})
    _steps, on_time, improve, *_ = survey.questions.order_by("order")
    if "extra_single" in bad:
        data[f"q{on_time.pk}"] = "999999"
    if "multiple" in bad:
        data[f"q{improve.pk}"] = [str(on_time.choices.first().pk)]  # another question's
    response = client.post("/en/surveys/satisfaction/", data)
    assert response.status_code == 400
    assert "Choose among the listed answers." in html(response)
    assert not SurveyResponse.objects.exists()


def test_a_service_survey_records_satisfaction_for_its_service(client):
    service = ServiceFactory()
    survey = national_survey(service=service, slug="own")
    assert 'name="service"' not in html(client.get("/surveys/own/"))
    client.post("/surveys/own/", post_data(survey, satisfaction="3"))
    assert Measurement.objects.get().service == service


def test_a_closed_or_unknown_survey_says_so(client, survey):
    survey.opens_at = timezone.now() - datetime.timedelta(days=10)
    survey.closes_at = timezone.now() - datetime.timedelta(days=1)
    survey.save()
    page = client.get("/en/surveys/satisfaction/")
    assert page.status_code == 200
    assert "This survey is not open for answers" in html(page)
    assert client.post("/en/surveys/satisfaction/", post_data(survey)).status_code == 400
    assert client.get("/en/surveys/nowhere/").status_code == 404


def test_a_draft_is_seen_only_by_staff_in_preview(staff_client, survey):
    survey.is_published = False
    survey.save()
    assert Client().get("/surveys/satisfaction/").status_code == 404
    assert staff_client.get("/surveys/satisfaction/?preview").status_code == 200


def test_survey_answers_are_rate_limited_per_client(client, survey, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "surveys": "1/h"}
    client.post("/surveys/satisfaction/", post_data(survey, rating=""))  # refused, but counted
    response = client.post("/en/surveys/satisfaction/", post_data(survey))
    assert response.status_code == 429
    assert "Too many attempts" in html(response)


def test_a_client_without_cookies_cannot_answer_the_same_survey_again_and_again(client, survey):
    statuses = []
    for _ in range(6):
        client.cookies.clear()  # a fresh session each time: "once per browser" cannot see it
        statuses.append(client.post("/en/surveys/satisfaction/", post_data(survey)).status_code)
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert SurveyResponse.objects.count() == 3
    client.cookies.clear()
    refused = client.post("/en/surveys/satisfaction/", post_data(survey))
    assert 'data-survey-status="repeated"' in html(refused)
    assert "already been answered several times from your connection today" in html(refused)
    assert int(refused["Retry-After"]) > 0
    assert 'name="q' not in html(refused)


def test_the_repeat_limit_counts_each_survey_apart_and_only_saved_answers(client, survey):
    for _ in range(3):
        client.cookies.clear()
        client.post("/surveys/satisfaction/", post_data(survey, rating=""))  # refused: not counted
    for _ in range(3):
        client.cookies.clear()
        assert client.post("/surveys/satisfaction/", post_data(survey)).status_code == 302
    other = national_survey(slug="certificate-check")
    client.cookies.clear()
    assert client.post("/surveys/certificate-check/", post_data(other)).status_code == 302


# --- results ------------------------------------------------------------------------------------
def respond(survey, index, **values):
    steps, on_time, improve, overall, other = survey.questions.order_by("order")
    services.survey_response_submit(
        survey=survey,
        respondent=f"r{index}",
        answers={
            steps: values.get("rating", 4),
            on_time: list(on_time.choices.all())[values.get("single", 0)],
            improve: [list(improve.choices.all())[i] for i in values.get("multiple", ())],
            overall: values.get("satisfaction", 5),
            other: values.get("text", ""),
        },
    )


def test_results_show_counts_mean_and_distribution_as_chart_and_table(client, survey):
    respond(survey, 1, rating=5, single=0, multiple=(0, 1))
    respond(survey, 2, rating=4, single=1, multiple=(0,))
    respond(survey, 3, rating=2, single=0, text="The clerk was rude")
    page = html(client.get("/en/surveys/satisfaction/results/"))

    assert "Responses so far: 3." in page
    assert "Average: 3.67 out of 5" in page  # (5 + 4 + 2) / 3
    assert page.count('<svg class="result-chart"') == 4  # rating, single, multiple, rating
    assert page.count("<caption>The numbers of the chart</caption>") == 4
    assert re.search(r"<title id=\"chart-\d+-title\">Steps explained</title>", page)
    # the multiple-choice question: "Speed" chosen by 2 of the 2 who answered it
    assert re.search(
        r'<th scope="row" class="fw-normal">Speed</th><td class="text-end">2</td><td class="text-end">100%</td>',
        page,
    )
    assert re.search(
        r'<th scope="row" class="fw-normal">2 · Poor</th><td class="text-end">1</td><td class="text-end">33.3%</td>',
        page,
    )
    assert "The clerk was rude" not in page  # free text stays private


def test_a_published_excerpt_appears_escaped_and_the_rest_stays_private(client, survey):
    respond(survey, 1, text=f"کارمند بی‌ادب بود، شماره من ۰۹۱۲۱۲۳۴۵۶۷ {SCRIPT}")
    respond(survey, 2, text="hidden remark")
    answer = Answer.objects.get(question__type=Question.Type.TEXT, text__startswith="کارمند")
    services.survey_answer_set_excerpt(
        answer=answer, excerpt=f"کارمند بی‌ادب بود {SCRIPT}", publish=True
    )
    page = html(client.get("/surveys/satisfaction/results/"))
    assert "کارمند بی‌ادب بود" in page
    assert "۰۹۱۲۱۲۳۴۵۶۷" not in page
    assert "hidden remark" not in page
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page


def test_results_take_a_fixed_number_of_queries(client, survey, django_assert_max_num_queries):
    for index in range(6):
        respond(survey, index, multiple=(0, 1))
    with django_assert_max_num_queries(12):
        client.get("/surveys/satisfaction/results/")


def test_unpublished_results_are_for_staff_only(staff_client, survey):
    survey.results_public = False
    survey.save()
    response = Client().get("/en/surveys/satisfaction/results/")
    assert response.status_code == 403
    assert "The results of this survey are not published." in html(response)
    assert staff_client.get("/surveys/satisfaction/results/").status_code == 200


def test_the_csv_export_is_for_staff_and_holds_every_answer(staff_client, survey):
    client = Client()
    respond(survey, 1, multiple=(0, 1), text='=HYPERLINK("http://evil")')
    assert client.get("/surveys/satisfaction/results.csv").status_code == 302  # to the login
    response = staff_client.get("/surveys/satisfaction/results.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["response", "submitted_at", "service_id", "language"]
    assert len(rows[0]) == 4 + 5
    assert rows[1][4] == "4"
    assert rows[1][6] == "سرعت; اطلاع‌رسانی"
    assert rows[1][8].startswith("'=HYPERLINK")  # never run as a formula
    assert 'href="/surveys/satisfaction/results.csv"' in html(
        staff_client.get("/surveys/satisfaction/results/")
    )
    assert "results.csv" not in html(client.get("/surveys/satisfaction/results/"))


def test_the_csv_export_carries_no_live_formula_in_header_or_answers(staff_client, survey):
    other = survey.questions.get(order=5)
    other.text = '=HYPERLINK("http://evil.example","x")'
    other.save()
    survey.questions.filter(order=3).first().choices.filter(order=1).update(text="-2+3")
    for index, text in enumerate(FORMULAS):
        respond(survey, index, multiple=(0,), text=text)
    response = staff_client.get("/surveys/satisfaction/results.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][8] == 'q5: =HYPERLINK("http://evil.example","x")'  # text: starts with q5
    assert {row[6] for row in rows[1:]} == {"'-2+3"}
    answers = sorted(spreadsheets.cell(text.strip()) for text in FORMULAS)  # answers are stripped
    assert sorted(row[8] for row in rows[1:]) == answers
    assert all(spreadsheets.cell(value) == value for row in rows for value in row)


# --- invitations --------------------------------------------------------------------------------
def test_the_surveys_page_lists_open_surveys_general_first(client, survey):
    own = national_survey(service=ServiceFactory(), slug="own")
    page = html(client.get("/en/surveys/"))
    assert page.index(survey.get_absolute_url()) < page.index(own.get_absolute_url())


@pytest.mark.usefixtures("persian")
def test_the_invitation_partial_picks_the_service_s_own_survey_else_the_general(survey):
    service = ServiceFactory()
    general = render_to_string("feedback/_survey_invitation.html", {"service": service})
    assert f'href="/surveys/satisfaction/?service={service.service_id}"' in general
    national_survey(service=service, slug="own")
    own = render_to_string("feedback/_survey_invitation.html", {"service": service})
    assert 'href="/surveys/own/"' in own
    assert (
        render_to_string("feedback/_survey_invitation.html", {}).count(
            'href="/surveys/satisfaction/"'
        )
        == 1
    )


@pytest.mark.usefixtures("persian")
def test_no_open_survey_no_invitation(db):
    assert render_to_string("feedback/_survey_invitation.html", {}).strip() == ""


def test_the_home_page_and_the_id_card_link_to_feedback_and_the_survey(client, survey):
    service = ServiceFactory()
    home = html(client.get("/en/"))
    assert 'href="/en/feedback/new/"' in home
    assert 'href="/en/surveys/satisfaction/"' in home
    card = html(client.get(f"/en/services/{service.service_id}/"))
    assert f'href="/en/feedback/new/?service={service.service_id}"' in card
    assert f'href="/en/surveys/satisfaction/?service={service.service_id}"' in card
    assert 'href="/en/surveys/"' in html(client.get("/en/sla/performance/"))


def test_a_card_invites_to_the_survey_chosen_for_it_on_the_survey(client, survey):
    service = ServiceFactory()
    chosen = national_survey(slug="chosen")
    chosen.card_services.add(service)
    card = html(client.get(f"/en/services/{service.service_id}/"))
    assert f'href="/en/surveys/chosen/?service={service.service_id}"' in card
    assert "/en/surveys/satisfaction/" not in card
    national_survey(service=service, slug="own")  # a survey of its own comes first
    assert 'href="/en/surveys/own/"' in html(client.get(f"/en/services/{service.service_id}/"))


def test_the_general_survey_preselects_the_service_of_the_link(client, survey):
    service = ServiceFactory()
    page = html(client.get("/surveys/satisfaction/", {"service": service.service_id}))
    assert re.search(rf'<option value="{service.service_id}"[^>]*selected', page)


def test_a_satisfaction_answer_shows_on_the_performance_page(client):
    service = ServiceFactory()
    survey = national_survey(service=service, slug="own")
    before = html(client.get("/en/sla/performance/", {"service": service.service_id}))
    assert 'data-measure="satisfaction"' not in before
    client.post("/surveys/own/", post_data(survey, satisfaction="4"))
    after = html(client.get("/en/sla/performance/", {"service": service.service_id}))
    assert 'data-measure="satisfaction"' in after


def test_a_null_character_in_a_survey_is_a_400(client, survey):
    response = client.post(
        "/surveys/satisfaction/", post_data(survey, service="\x00", text="a\x00")
    )
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()
