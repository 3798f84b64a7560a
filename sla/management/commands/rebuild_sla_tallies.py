"""Recompute the daily tallies of the performance page from the recorded measurements."""

from django.core.management.base import BaseCommand

from servicedesk.locks import once_across_hosts
from sla.services import daily_tally_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the performance page's daily tallies from the measurements (after a bulk load)."
    )

    @once_across_hosts("rebuild_sla_tallies")
    def handle(self, *args, **options):
        tallies = daily_tally_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Daily tallies rebuilt: {tallies}."))
