"""python manage.py create_member "<organisation name>" USERNAME"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from certificates import services


class Command(BaseCommand):
    help = (
        "Create the organisation if needed and a member who checks certificates for it; "
        "print the member's password (shown only once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation")
        parser.add_argument("username")

    def handle(self, *args, organisation, username, **options):
        username = username.strip()
        if not organisation.strip() or not username:
            raise CommandError("Give the organisation's name and the new member's user name.")
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"The user name {username!r} is taken.")
        record, created = services.organisation_get_or_create(name=organisation)
        if not record.active:
            raise CommandError(f"The organisation {record.name!r} is inactive.")
        _membership, password = services.member_create(organisation=record, username=username)
        what = "created" if created else "existing"
        self.stderr.write(f"Organisation {record.name!r} ({what}); member {username!r}.")
        self.stderr.write("Sign in at /accounts/login/ with this password; it is not shown again:")
        self.stdout.write(password)
