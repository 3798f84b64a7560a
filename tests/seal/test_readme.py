"""The README's example verifier, run as an employer would run it, against the live key set."""

import re
import zlib
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from django.conf import settings

from certificates.seal import services
from tests.certificates.factories import CertificateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def readme_example() -> dict:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("### Verifying seals in your own system", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {"__name__": "readme_example"}
    exec(compile(code, "README.md", "exec"), namespace)
    namespace["OFFICIAL_HOST"] = "127.0.0.1"  # the tests' SITE_URL
    return namespace


def test_the_readme_example_verifies_a_seal_against_the_live_key_set(live_server):
    services.seal_key_create()
    certificate = CertificateFactory(number="14021000123", national_id="0499370899")
    seal = services.certificate_seal(certificate)
    example = readme_example()
    keys = example["fetch_keys"](live_server.url + "/.well-known/certificate-seal-keys.json")

    sealed = example["verify_seal"](seal, keys)
    assert sealed["n"] == "14021000123"
    assert sealed["nid"] == "04******99"

    position = len(seal) - 20
    changed = seal[:position] + ("A" if seal[position] != "A" else "B") + seal[position + 1 :]
    with pytest.raises((ValueError, InvalidSignature, zlib.error)):
        example["verify_seal"](changed, keys)

    services.seal_key_retire(kid=keys["keys"][0]["kid"], reason="leaked")
    keys = example["fetch_keys"](live_server.url + "/.well-known/certificate-seal-keys.json")
    with pytest.raises(ValueError, match="unknown or withdrawn"):
        example["verify_seal"](seal, keys)
