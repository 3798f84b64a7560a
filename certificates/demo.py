"""Demo registry: standards, centres and certificates of every status, loaded through the same
import the staff use; prints pairs to try."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from certificates import services
from certificates.imports.load import certificates_import
from certificates.models import Certificate, Membership

DEMO_EMPLOYER = "شرکت ساختمانی کاسپین"
DEMO_MEMBER = ("employer", "demo-employer-password")

HEADER = (
    "number,national_id,first_name,last_name,father_name,first_name_en,last_name_en,"
    "standard_code,standard_title,standard_title_en,grade,theory_score,practical_score,"
    "exam_date,issue_date,valid_until,training_center,province,status,status_reason,replaced_by"
)
ROWS = [
    # A valid certificate, and the pair printed for trying the check.
    "14021000123,0499370899,علی,رضایی,محمد,Ali,Rezaei,7321-20-001-1,کاربر رایانه,Computer Operator,درجه ۲,۸۵,۹۰,1402/04/20,1402/05/10,,آموزشگاه فنی و حرفه‌ای شهید رجایی ساری,مازندران,,,",
    "14011000456,0790419904,مریم,احمدی,حسن,Maryam,Ahmadi,7212-53-001-1,جوشکار گاز,Gas Welder,درجه ۱,۹۲,۸۸,1401/09/01,1401/09/15,,مرکز آموزش فنی و حرفه‌ای بابل,مازندران,,,",
    # Expired: a certificate with a limited validity.
    "13981000789,0084575948,حسن,کریمی,رضا,Hassan,Karimi,7411-53-001-1,برقکار ساختمان,Building Electrician,درجه ۲,۷۵,۸۰,1398/02/01,1398/02/20,1403/02/20,مرکز آموزش فنی و حرفه‌ای آمل,مازندران,,,",
    # Revoked, with a reason.
    "14001000321,0012345679,زهرا,محمدی,علی,Zahra,Mohammadi,5141-50-001-1,آرایشگر موی زنانه,Women's Hairdresser,درجه ۱,۸۰,۸۵,1400/06/10,1400/07/01,,آموزشگاه آزاد نگار بابلسر,مازندران,revoked,صدور بر اساس مدارک نادرست,",
    # Replaced by a corrected duplicate.
    "13991000654,0061234567,رضا,حسینی,مهدی,Reza,Hosseini,7233-53-001-1,مکانیک خودروهای سبک بنزینی,Light Petrol Vehicle Mechanic,درجه ۲,۷۰,۷۸,1399/10/05,1399/10/25,,مرکز آموزش فنی و حرفه‌ای قائم‌شهر,مازندران,replaced,اصلاح نام خانوادگی و صدور المثنی,14031000655",
    "14031000655,0061234567,رضا,حسینی‌نژاد,مهدی,Reza,Hosseini-Nejad,7233-53-001-1,مکانیک خودروهای سبک بنزینی,Light Petrol Vehicle Mechanic,درجه ۲,۷۰,۷۸,1399/10/05,1403/03/12,,مرکز آموزش فنی و حرفه‌ای قائم‌شهر,مازندران,,,",
]
SAMPLES = [
    ("14021000123", "0499370899", "valid"),
    ("13981000789", "0084575948", "expired"),
    ("14001000321", "0012345679", "revoked"),
    ("13991000654", "0061234567", "replaced"),
    ("14021000123", "0790419904", "not found (right number, wrong national code)"),
]


def load(stdout):
    data = "\n".join([HEADER, *ROWS]).encode()
    report = certificates_import(io.BytesIO(data), source="demo")
    if not report.ok:
        raise RuntimeError("; ".join(str(error) for error in report.errors))
    with translation.override("en"):  # the demo's own lines are all in English
        stdout.write(f"Certificates: {report.summary()}")
    stdout.write("Try the check at /certificates/verify/ with (number, national code):")
    for number, national_id, outcome in SAMPLES:
        stdout.write(f"  {number}  {national_id}  → {outcome}")
    token = Certificate.objects.get(number=SAMPLES[0][0]).token
    stdout.write(f"QR link of the first: {settings.SITE_URL}/c/{token}")
    load_employer(stdout)


def load_employer(stdout):
    """An employer with a member (demo password, debug only) and an API key."""
    organisation, _ = services.organisation_get_or_create(name=DEMO_EMPLOYER)
    if organisation.national_id == "":
        organisation.national_id = "10101541060"
        organisation.contact_email = "hr@example.org"
        organisation.save()
    if settings.DEBUG:
        user, created = get_user_model().objects.get_or_create(username=DEMO_MEMBER[0])
        if created:
            user.set_password(DEMO_MEMBER[1])
            user.save()
            Membership.objects.create(user=user, organisation=organisation)
        stdout.write(
            f"Employer ({organisation.name}): /accounts/login/  user {DEMO_MEMBER[0]!r}  "
            f"password {DEMO_MEMBER[1]!r}"
        )
    if organisation.api_keys.exists():
        stdout.write(
            "API key: issued on an earlier run (python manage.py create_api_key for another)"
        )
    else:
        _api_key, key = services.api_key_create(organisation=organisation, name="demo")
        stdout.write(f"API key (shown once): {key}")
