"""Load the demo: each of our apps contributes its part through ``<app>/demo.py``."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_APPS = ["servicedesk", "sla", "certificates", "seal", "feedback"]


class Command(BaseCommand):
    help = "Load demo services, agreement, certificates and a survey; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (benchmarks); never on a real portal.",
        )

    def handle(self, *args, **options):
        # The demo publishes invented services, an agreement, certificates that verify and
        # sample suggestions: on a production database the public would see them as real.
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo refuses to run with DEBUG off: it publishes invented services, "
                "certificates and suggestions that the public would take for real. Run it with "
                "DEBUG=1 on a development database, or add --force for a throwaway one "
                "(benchmarks)."
            )
        for label in DEMO_APPS:
            config = apps.get_app_config(label)
            try:
                demo = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                demo.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
