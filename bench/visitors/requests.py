"""Visitors filing a manual inquiry with a scan and tracking it."""

from bench.loadgen import Visitor
from bench.visitors.base import TOKEN, Steps, location, multipart


class ManualRequestSteps(Steps):
    """The feedback visitor's path, with a scanned certificate attached."""

    def request_get(self, v: Visitor):
        page = v.get("request-form", f"{self._prefix(v)}/certificates/requests/new/")
        v.data["csrf"] = page.find(TOKEN)
        return [(self._uniform(4, 10), self.request_post)]

    def request_post(self, v: Visitor):
        from bench.generate import national_code

        serial = self._next_serial()
        fields = {
            "csrfmiddlewaretoken": v.data["csrf"],
            "certificate_number": "" if serial % 2 else f"8{serial:07d}",
            "national_id": national_code(900_000 + serial),
            "holder_name": "علی رضایی",
            "issue_year": "1385",
            "training_centre": "آموزشگاه فنی و حرفه‌ای ساری",
            "contact_email": "holder@example.org" if serial % 2 else "",
            "contact_mobile": "" if serial % 2 else "09121234567",
        }
        body, content_type = multipart(
            fields, "scan", "scan.png", "image/png", self.fixtures.scan_png
        )
        response = v.request(
            "request-post",
            "POST",
            f"{self._prefix(v)}/certificates/requests/new/",
            body=body,
            headers={"Content-Type": content_type},
            expect=(302,),
        )
        v.data["next"] = location(response)
        return [(0, self.request_created)]

    def request_created(self, v: Visitor):
        page = v.get("request-created", v.data["next"], check=self._marker("data-tracking-code"))
        v.data["code"] = page.find(r'data-tracking-code="([^"]+)"')
        self._ack("request", v.data["code"])
        return [(self._uniform(3, 15), self.request_track)]

    def request_track(self, v: Visitor):
        v.get(
            "request-track",
            f"{self._prefix(v)}/certificates/requests/track/?code={v.data['code']}",
            check=self._marker("data-request-status"),
        )
