"""python manage.py create_api_key "<organisation name>" """

from django.core.management.base import BaseCommand, CommandError

from certificates import services


class Command(BaseCommand):
    help = "Create the organisation if needed and print a new API key for it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("organisation")
        parser.add_argument("--name", default="command line", help="what the key is for")
        parser.add_argument("--per-minute", type=int, default=600, help="request limit")

    def handle(self, *args, organisation, name, per_minute, **options):
        if not organisation.strip():
            raise CommandError("Give the organisation's name.")
        record, created = services.organisation_get_or_create(name=organisation)
        if not record.active:
            raise CommandError(f"The organisation {record.name!r} is inactive.")
        api_key, key = services.api_key_create(
            organisation=record, name=name, requests_per_minute=per_minute
        )
        what = "created" if created else "existing"
        self.stderr.write(
            f"Organisation {record.name!r} ({what}); key {api_key.prefix}… named {name!r}."
        )
        self.stderr.write("Store this key now; it will not be shown again:")
        self.stdout.write(key)
