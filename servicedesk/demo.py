"""Demo accounts: the administrator and one account per staff role, printed so a newcomer can
sign in to the admin at once and see what each role sees."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_ADMIN = ("admin", "demo-admin-password")
DEMO_STAFF_PASSWORD = "demo-staff-password"
# One account per group of servicedesk/migrations/0001_staff_groups.py: user, group, role.
DEMO_STAFF = [
    ("registrar", "Registry officers", "registry officer"),
    ("examiner", "Inquiry officers", "inquiry officer"),
    ("listener", "Feedback officers", "feedback officer"),
    ("editor", "Content editors", "content editor"),
    ("chief", "Supervisors", "supervisor"),
]


def load(stdout):
    if not settings.DEBUG:
        # A known password must never reach a production database.
        stdout.write("Demo staff account skipped: DEBUG is off.")
        return
    username, password = DEMO_ADMIN
    _account(username, password, is_superuser=True)
    stdout.write(f"Staff (admin): /admin/  user {username!r}  password {password!r}")
    for username, group_name, role in DEMO_STAFF:
        user = _account(username, DEMO_STAFF_PASSWORD)
        user.groups.set([Group.objects.get(name=group_name)])
        stdout.write(
            f"Staff ({role}): /admin/  user {username!r}  password {DEMO_STAFF_PASSWORD!r}"
        )


def _account(username: str, password: str, *, is_superuser: bool = False):
    """The staff account ``username``, made with ``password`` the first time only (a password
    changed since is kept)."""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "is_staff": True,
            "is_superuser": is_superuser,
            "email": f"{username}@example.org",
        },
    )
    if created:
        user.set_password(password)
        user.save()
    return user
