"""python manage.py seal_keys create|list|rotate|retire"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certificates.seal import jwks, selectors, services
from certificates.seal.models import SealKey


class Command(BaseCommand):
    help = "Manage the keys that sign certificate seals: create, list, rotate, retire."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="a key that signs from now on")
        create.add_argument("--note", default="")
        commands.add_parser("list", help="every key, its period and state")
        rotate = commands.add_parser(
            "rotate", help="publish a successor now; it starts signing after the overlap"
        )
        rotate.add_argument("--overlap-days", type=float, default=7.0)
        rotate.add_argument("--note", default="")
        retire = commands.add_parser(
            "retire", help="withdraw a key (leaked): its seals verify as retired-key"
        )
        retire.add_argument("kid")
        retire.add_argument("--reason", required=True)

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, note, **options):
        key = services.seal_key_create(note=note)
        self.stdout.write(f"Created {key.kid}: signs from {key.signs_from:%Y-%m-%d %H:%M}")

    def _rotate(self, overlap_days, note, **options):
        if overlap_days < 0:
            raise CommandError("The overlap cannot be negative.")
        current = selectors.seal_key_signing()
        key = services.seal_key_rotate(overlap=datetime.timedelta(days=overlap_days), note=note)
        until = f"{current.kid} signs until then" if current else "no key signs until then"
        self.stdout.write(
            f"Published {key.kid}: signs from {key.signs_from:%Y-%m-%d %H:%M}; {until}"
        )

    def _retire(self, kid, reason, **options):
        try:
            key = services.seal_key_retire(kid=kid, reason=reason)
        except SealKey.DoesNotExist:
            raise CommandError(f"No seal key {kid!r}.") from None
        self.stdout.write(f"Retired {key.kid}: its seals now verify as retired-key.")
        if selectors.seal_key_signing() is None:
            self.stdout.write("No key signs now: run seal_keys create.")

    def _list(self, **options):
        now = timezone.now()
        signing = selectors.seal_key_signing(now=now)
        keys = list(selectors.seal_keys_published())
        for key in keys:
            if key.retired:
                state = f"retired {key.retired_at:%Y-%m-%d} ({key.retired_reason})"
            elif signing and key.pk == signing.pk:
                state = "signing"
            elif key.signs_from > now:
                state = "published, signs later"
            else:
                state = "verifies only"
            until = f"{key.signs_until:%Y-%m-%d %H:%M}" if key.signs_until else "…"
            self.stdout.write(
                f"{key.kid}\t{key.signs_from:%Y-%m-%d %H:%M} → {until}\t{state}\t"
                f"{jwks.fingerprint(key)}"
            )
        self.stdout.write(f"{len(keys)} keys")
