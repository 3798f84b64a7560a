"""Visitors checking certificates: the form, the JSON API, a QR link, a receipt."""

import json

from bench.loadgen import Problem, Visitor
from bench.visitors.base import TOKEN, Steps


class CertificateSteps(Steps):
    """Check a certificate by the form (and maybe open the receipt), the API or a QR link."""

    def verify_form_get(self, v: Visitor):
        page = v.get("verify-form", f"{self._prefix(v)}/certificates/verify/")
        v.data["csrf"] = page.find(TOKEN)
        return [(self._uniform(1, 4), self.verify_form_post)]

    def verify_form_post(self, v: Visitor):
        number, national_id, _ = self._pick(self.fixtures.rows)
        if self._chance(0.05):  # someone else's national code: not_found, counted as a failure
            from bench.generate import national_code

            national_id = national_code(2_000_000 + int(self._uniform(0, 10**6)))
        page = v.post_form(
            "verify-post",
            f"{self._prefix(v)}/certificates/verify/",
            {"csrfmiddlewaretoken": v.data["csrf"], "number": number, "national_id": national_id},
            check=self._marker("data-verification-status"),
        )
        code = page.find(r'data-receipt-code="([^"]+)"')
        self._ack("receipt", code)
        v.data["receipt"] = code
        return [(self._uniform(2, 6), self.receipt)] if self._chance(0.15) else []

    def receipt(self, v: Visitor):
        v.get(
            "receipt",
            f"{self._prefix(v)}/certificates/receipts/{v.data['receipt']}/",
            check=self._marker("data-receipt-code"),
        )

    def verify_api(self, v: Visitor):
        number, national_id, _ = self._pick(self.fixtures.rows)
        response = v.request(
            "api",
            "POST",
            "/api/v1/verifications",
            body=json.dumps({"number": number, "national_id": national_id}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.fixtures.api_key}",
            },
        )
        try:
            self._ack("receipt", json.loads(response.body)["receipt"])
        except (ValueError, KeyError):
            raise Problem("API answer without a receipt") from None

    def qr(self, v: Visitor):
        _, _, token = self._pick(self.fixtures.rows)
        page = v.get("qr", f"{self._prefix(v)}/c/{token}", check=self._marker("data-receipt-code"))
        self._ack("receipt", page.find(r'data-receipt-code="([^"]+)"'))
