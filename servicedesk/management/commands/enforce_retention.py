"""Forget what the privacy promise says we keep only for a while; safe to run daily."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone

from servicedesk.locks import once_across_hosts

RETENTION_APPS = ["servicedesk", "certificates", "feedback"]


class Command(BaseCommand):
    help = (
        "Remove client hashes, contact details, identities, scans, sign-in records and expired"
        " sessions past their retention periods."
    )

    @once_across_hosts("enforce_retention")
    def handle(self, *args, **options):
        now = timezone.now()
        total = 0
        for label in RETENTION_APPS:
            retention = import_module(f"{apps.get_app_config(label).name}.retention")
            for what, count in retention.purge(now=now).items():
                self.stdout.write(f"{what}: {count} removed")
                total += count
        self.stdout.write(self.style.SUCCESS(f"Retention enforced: {total} items removed."))
