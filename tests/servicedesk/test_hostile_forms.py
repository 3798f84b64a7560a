"""Property-based fuzzing (hypothesis) of every public form and page, through the test client.

What a phone, an old Windows keyboard or an attacker sends: Persian and Arabic-Indic digits,
Arabic yeh and kaf, zero-width and direction marks, NUL, lone surrogates (sent as the invalid
UTF-8 they become on the wire, which the test client itself would refuse to encode), markup,
quotes and very long strings. Whatever arrives, the answer is never a 5xx, and a refused form
writes nothing (rows counted before and after). Each example starts with a fresh client and
empty rate-limit counters so the forms are exercised rather than answered 429.
"""

import time
import uuid
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certificates.models import Inquiry, ManualRequest
from certificates.services import certificate_verify
from feedback.forms import sign_start
from feedback.models import Answer, Feedback, SurveyResponse
from servicedesk import sms
from sla.models import Commitment
from tests.certificates.factories import CertificateFactory
from tests.factories import UserFactory
from tests.feedback.factories import national_survey
from tests.sla.factories import ServiceFactory, published_version

pytestmark = pytest.mark.django_db

# Small and derandomised: about a minute for the module on two cores, the same inputs every run.
BOUNDED = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NUMBER, NATIONAL_ID = "14021000123", "0499370899"
ODD = [
    "\x00",
    "\u200c",  # zero-width non-joiner (typed inside Persian words)
    "\u200b",
    "\u200e",  # left-to-right and right-to-left marks
    "\u200f",
    "\u202e",  # right-to-left override
    "\u2066",
    "\ufeff",
    "\u00a0",
    "۰۱۲۳۴۵۶۷۸۹",
    "٠١٢٣٤٥٦٧٨٩",
    "يك",
    "\ud800",  # lone surrogates
    "\udfff",
    "\r\n",
    "\t",
    "'",
    '"',
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "%00",
    "😀",
]
pieces = st.one_of(st.sampled_from(ODD), st.text(max_size=12))
hostile_text = st.one_of(
    st.lists(pieces, max_size=6).map("".join),
    # Very long: a pasted document, or a field held down.
    st.tuples(st.sampled_from(["۹", "a", "\u200c", "ي ", "<"]), st.integers(300, 60_000)).map(
        lambda piece_count: piece_count[0] * piece_count[1]
    ),
)


def typed(value: str):
    """``value`` as people type it (Persian digits, stray marks and spaces) or hostile text."""
    persian = value.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = value.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return st.one_of(
        st.sampled_from([value, persian, arabic, f" {value}\u200f", f"\u200c{persian}\u200c"]),
        hostile_text,
    )


def spoiled(good: dict, hostile: dict):
    """``good`` with some of its fields (none, one, several: shrinking goes to none) replaced
    by a draw from ``hostile[field]``, so the accepted path is fuzzed too, not only refusals."""

    @st.composite
    def build(draw):
        names = draw(st.lists(st.sampled_from(sorted(hostile)), unique=True))
        return {**good, **{name: draw(hostile[name]) for name in names}}

    return build()


def _wire(value: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate becomes the invalid bytes a broken client sends."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def form_body(data: dict) -> str:
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append(f"{_wire(name)}={_wire(str(one))}")
    return "&".join(pairs)


def multipart_body(data: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in data.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def fresh_client() -> Client:
    """A new browser with nothing counted against it yet."""
    caches["default"].clear()
    caches["ratelimit-fallback"].clear()
    return Client(raise_request_exception=False)


def post_form(path: str, data: dict):
    return fresh_client().post(
        path, form_body(data), content_type="application/x-www-form-urlencoded"
    )


def get_page(path: str, query: str | None = None):
    return fresh_client().get(path if query is None else f"{path}?code={_wire(query)}")


@pytest.fixture(autouse=True)
def _private_world(settings, tmp_path, monkeypatch):
    """Counters in this test's own memory, SMS kept in memory, scans stored under tmp_path."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"hostile-forms-{uuid.uuid4()}",
        },
        "ratelimit-fallback": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.SMS_BACKEND = "servicedesk.sms.LocmemBackend"
    settings.MANUAL_REQUEST_SUPERVISOR_EMAILS = []
    settings.WEEKLY_DAYS_OFF = ["friday"]
    field = ManualRequest._meta.get_field("scan")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "scans"))
    yield
    sms.outbox.clear()


@pytest.fixture
def certificate(db):
    return CertificateFactory(number=NUMBER, national_id=NATIONAL_ID)


@pytest.fixture
def services(db, settings):
    """The certificate service and another, with an agreement promising answer times."""
    certificate_service = ServiceFactory(service_id=settings.CERTIFICATE_SERVICE_ID)
    other = ServiceFactory(service_id="14039990001")
    published_version(
        effective_from=certificate_service.created,
        commitments=[
            (None, Commitment.Kind.INQUIRY_ANSWER, 5),
            (None, Commitment.Kind.FEEDBACK_ANSWER, 3),
        ],
    )
    return certificate_service, other


@pytest.fixture
def receipt(certificate) -> str:
    """The receipt code of one check that found the certificate."""
    return certificate_verify(
        number=NUMBER, national_id=NATIONAL_ID, channel="form", language="en", client="test"
    ).receipt_code


# --- the verification form, QR links and receipts -----------------------------------------------
@BOUNDED
@given(
    form=spoiled(
        {"number": NUMBER, "national_id": NATIONAL_ID},
        {"number": typed(NUMBER), "national_id": typed(NATIONAL_ID)},
    )
)
def test_the_verification_form_answers_whatever_is_typed(certificate, form):
    before = Inquiry.objects.count()

    response = post_form("/en/certificates/verify/", form)

    assert response.status_code in (200, 400, 429)
    written = Inquiry.objects.count() - before
    assert written == (1 if response.status_code == 200 else 0)


@BOUNDED
@given(real=st.booleans(), token=hostile_text)
def test_a_qr_link_with_any_token_answers_without_a_server_error(certificate, real, token):
    if real:
        token = f"{certificate.token}{token[:3]}"
    before = Inquiry.objects.count()

    response = get_page(f"/en/c/{_wire(token)}")

    assert response.status_code in (200, 301, 404, 429)
    assert Inquiry.objects.count() - before <= 1


@BOUNDED
@given(real=st.booleans(), code=hostile_text)
def test_a_receipt_asked_for_by_any_code_answers_without_a_server_error(receipt, real, code):
    if real:
        code = f"{receipt}{code[:3]}"
    path_code = _wire(code) or "x"

    for response in (
        get_page(f"/en/certificates/receipts/{path_code}/"),
        get_page(f"/en/certificates/receipts/{path_code}/qr.svg"),
        get_page("/en/certificates/receipts/", code),
    ):
        assert response.status_code in (200, 302, 404, 429)


# --- tracking pages -----------------------------------------------------------------------------
@BOUNDED
@given(code=hostile_text)
def test_the_tracking_pages_answer_any_code_without_a_server_error(db, code):
    for path in ("/en/certificates/requests/track/", "/en/feedback/track/"):
        response = get_page(path, code)

        assert response.status_code in (200, 400, 404, 429), path


# --- the manual inquiry, with a small scan ------------------------------------------------------
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


MANUAL = {
    "certificate_number": "",
    "national_id": "۰۴۹۹۳۷۰۸۹۹",
    "holder_name": "زهرا  كريمي",
    "issue_year": "۱۳۸۵",
    "training_centre": "مرکز آموزش فنی و حرفه‌ای ساری",
    "contact_email": "",
    "contact_mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
}


@BOUNDED
@given(
    fields=spoiled(
        MANUAL,
        {
            "certificate_number": typed(NUMBER),
            "national_id": typed(NATIONAL_ID),
            "holder_name": hostile_text,
            "issue_year": typed("1385"),
            "training_centre": hostile_text,
            "contact_email": typed("z@example.org"),
            "contact_mobile": typed("09121234567"),
        },
    ),
    scan=st.sampled_from(
        [
            ("scan.pdf", PDF, "application/pdf"),
            ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"),
            ("\u202egpj.exe", b"MZ\x90\x00", "application/pdf"),
            ("../../scan.pdf", PDF, "application/pdf"),
        ]
    ),
)
def test_the_manual_inquiry_files_all_or_nothing(services, tmp_path, fields, scan):
    def stored_scans():
        return sum(1 for path in (tmp_path / "scans").rglob("*") if path.is_file())

    before = ManualRequest.objects.count(), stored_scans()
    body, boundary = multipart_body(fields, {"scan": scan})

    response = fresh_client().post(
        "/en/certificates/requests/new/",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    assert response.status_code in (302, 400, 429)
    filed = 1 if response.status_code == 302 else 0
    assert (ManualRequest.objects.count(), stored_scans()) == (before[0] + filed, before[1] + filed)


# --- suggestions and complaints -----------------------------------------------------------------
FEEDBACK = {
    "service": "14039990001",
    "kind": "suggestion",
    "message": "لطفاً ساعت پاسخ‌گویی تلفنی را طولانی‌تر کنید.",
    "contact_email": "",
    "contact_phone": "",
    "website": "",
}


@BOUNDED
@given(
    fields=spoiled(
        FEEDBACK,
        {
            "service": typed("14039990001"),
            "kind": st.one_of(st.sampled_from(["complaint", "praise"]), hostile_text),
            "message": hostile_text,
            "contact_email": typed("z@example.org"),
            "contact_phone": typed("09121234567"),
            "website": hostile_text,
        },
    )
)
def test_the_feedback_form_files_all_or_nothing(services, fields):
    before = Feedback.objects.count()

    response = post_form("/en/feedback/new/", {**fields, "started": sign_start(time.time() - 60)})

    assert response.status_code in (302, 400, 429)
    filed = Feedback.objects.count() - before
    assert filed == (1 if response.status_code == 302 else 0)


# --- surveys ------------------------------------------------------------------------------------
@pytest.fixture
def survey(services):
    return national_survey(service=None, slug="satisfaction")


@BOUNDED
@given(data=st.data())
def test_a_survey_saves_every_answer_or_none(survey, data):
    steps, on_time, improve, overall, anything_else = survey.questions.order_by("order")
    yes = on_time.choices.order_by("order").first()
    speed = improve.choices.order_by("order").first()
    good = {
        f"q{steps.pk}": "4",
        f"q{on_time.pk}": str(yes.pk),
        f"q{improve.pk}": [str(speed.pk)],
        f"q{overall.pk}": "5",
        f"q{anything_else.pk}": "ممنون",
        "service": "",
    }
    answer = st.one_of(st.sampled_from(["0", "6", str(speed.pk), str(yes.pk)]), hostile_text)
    hostile = dict.fromkeys(good, st.one_of(answer, st.lists(answer, max_size=3)))
    form = data.draw(spoiled(good, hostile))
    before = SurveyResponse.objects.count(), Answer.objects.count()

    response = post_form(f"/en/surveys/{survey.slug}/", form)

    assert response.status_code in (302, 400, 429)
    if response.status_code != 302:
        assert (SurveyResponse.objects.count(), Answer.objects.count()) == before


@BOUNDED
@given(slug=hostile_text)
def test_any_survey_address_answers_without_a_server_error(survey, slug):
    response = get_page(f"/en/surveys/{_wire(slug) or 'x'}/")

    assert response.status_code in (200, 301, 404)


# --- the login form -----------------------------------------------------------------------------
@pytest.fixture
def member(db, settings):
    # A fast hasher: every attempt hashes a password, even for unknown user names.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return UserFactory(username="hr")


@BOUNDED
@given(
    username=st.one_of(st.just("hr"), hostile_text),
    password=st.one_of(st.just("a-wrong-password"), hostile_text),
)
def test_the_login_form_refuses_anything_but_the_right_password(member, username, password):
    AccessAttempt.objects.all().delete()

    response = post_form("/en/accounts/login/", {"username": username, "password": password})

    assert response.status_code in (200, 400, 403, 429)
    assert "_auth_user_id" not in response.wsgi_request.session


# --- issue 12's 500s, exact inputs ---
@pytest.mark.parametrize(
    "path", ["/en/c/%00", "/en/certificates/receipts/%00/", "/en/feedback/captcha/%00/"]
)
def test_a_nul_byte_in_a_path_is_a_404(db, path):
    assert fresh_client().get(path).status_code == 404


def test_a_300_character_user_name_gets_the_login_form_back(db):
    response = post_form("/en/accounts/login/", {"username": "u" * 300, "password": "x"})

    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session
