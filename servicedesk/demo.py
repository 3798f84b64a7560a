"""Demo accounts; printed so a newcomer can sign in to the admin at once."""

from django.conf import settings
from django.contrib.auth import get_user_model

DEMO_ADMIN = ("admin", "demo-admin-password")


def load(stdout):
    if not settings.DEBUG:
        # A known password must never reach a production database.
        stdout.write("Demo staff account skipped: DEBUG is off.")
        return
    username, password = DEMO_ADMIN
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"},
    )
    if created:
        user.set_password(password)
        user.save()
    stdout.write(f"Staff (admin): /admin/  user {username!r}  password {password!r}")
