"""python manage.py certificate_seal NUMBER... | --import-batch FILE | --all"""

import csv

from django.core.management.base import BaseCommand, CommandError

from certificates.models import Certificate
from certificates.seal import selectors, services

CHUNK = 2000


class Command(BaseCommand):
    help = (
        "Print each certificate's seal: NUMBER<TAB>SEAL per line, or a CSV (number,seal) of an "
        "import's certificates (--import-batch) or of the whole registry (--all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("numbers", nargs="*", metavar="NUMBER")
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--import-batch",
            metavar="FILE",
            help="the certificates the latest import of this file (its name) created or changed",
        )
        which.add_argument("--all", action="store_true", help="every valid certificate")

    def handle(self, *args, numbers, import_batch, all, **options):
        if bool(numbers) + bool(import_batch) + all != 1:
            raise CommandError("Give certificate numbers, or --import-batch FILE, or --all.")
        try:
            sealer = services.sealer_current()
        except services.NoSigningKey as error:
            raise CommandError(str(error)) from None
        if numbers:
            self._numbers(sealer, numbers)
            return
        if import_batch:
            certificates = selectors.certificates_of_import(source=import_batch)
            if certificates is None:
                raise CommandError(f"No import of {import_batch!r} in the history.")
        else:
            certificates = selectors.certificates_for_sealing()
        self._csv(sealer, certificates.filter(status=Certificate.Status.VALID))

    def _numbers(self, sealer, numbers):
        found = {c.number: c for c in selectors.certificates_for_sealing(numbers=numbers)}
        missing = [number for number in numbers if number not in found]
        for number in numbers:
            if number in found:
                if found[number].status != Certificate.Status.VALID:
                    self.stderr.write(f"{number}: {found[number].status}; sealed all the same")
                self.stdout.write(f"{number}\t{sealer.seal(found[number])}")
        if missing:
            raise CommandError(f"Not in the registry: {', '.join(missing)}")

    def _csv(self, sealer, certificates):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["number", "seal"])
        count = 0
        for certificate in certificates.iterator(chunk_size=CHUNK):
            writer.writerow([certificate.number, sealer.seal(certificate)])
            count += 1
        self.stderr.write(f"{count} seals")
