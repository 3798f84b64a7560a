"""Demo seal key, so the demo certificates can be sealed and the verifier tried at once."""

from certificates.models import Certificate
from certificates.seal import qr, selectors, services


def load(stdout):
    if selectors.seal_key_signing() is None:
        key = services.seal_key_create(note="demo")
        stdout.write(f"Seal key {key.kid} created (demo).")
    demo = Certificate.objects.filter(number="14021000123").select_related(
        "standard", "training_centre"
    )
    if demo:
        seal = services.certificate_seal(demo[0])
        stdout.write(f"Seal of the first, to try offline: {qr.seal_url(seal)}")
