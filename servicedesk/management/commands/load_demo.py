"""Load the demo: each of our apps contributes its part through ``<app>/demo.py``."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["servicedesk", "sla", "certificates", "feedback"]


class Command(BaseCommand):
    help = "Load demo services, agreement, certificates and a survey; safe to run again."

    def handle(self, *args, **options):
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
