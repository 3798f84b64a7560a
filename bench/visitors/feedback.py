"""Visitors sending a suggestion or complaint and tracking it."""

from bench.loadgen import Problem, Visitor
from bench.visitors.base import TOKEN, Steps, location


class FeedbackSteps(Steps):
    """Read the form, take the time a person takes, send, read the code, track it."""

    def feedback_get(self, v: Visitor):
        v.data["service"] = self._pick(self.fixtures.service_ids)
        page = v.get(
            "feedback-form", f"{self._prefix(v)}/feedback/new/?service={v.data['service']}"
        )
        v.data["csrf"] = page.find(TOKEN)
        v.data["started"] = page.find(r'name="started" value="([^"]+)"')
        if not v.data["csrf"] or not v.data["started"]:
            raise Problem("feedback form without its hidden fields")
        return [(self.min_fill_seconds + self._uniform(1, 4), self.feedback_post)]

    def feedback_post(self, v: Visitor):
        serial = self._next_serial()
        fields = {
            "csrfmiddlewaretoken": v.data["csrf"],
            "started": v.data["started"],
            "website": "",
            "service": v.data["service"],
            "kind": self._pick(["suggestion", "complaint", "praise", "question"]),
            "message": f"پیام آزمایشی شماره {serial}: صف پاسخگویی حضوری طولانی بود و پیشنهاد نوبت‌دهی دارم.",
            "contact_email": "citizen@example.org" if serial % 3 == 0 else "",
            "contact_phone": "09121234567" if serial % 3 == 1 else "",
        }
        response = v.post_form(
            "feedback-post", f"{self._prefix(v)}/feedback/new/", fields, expect=(302,)
        )
        v.data["next"] = location(response)
        return [(0, self.feedback_thanks)]

    def feedback_thanks(self, v: Visitor):
        page = v.get("feedback-thanks", v.data["next"], check=self._marker("data-tracking-code"))
        v.data["code"] = page.find(r'data-tracking-code="([^"]+)"')
        self._ack("feedback", v.data["code"])
        return [(self._uniform(3, 15), self.feedback_track)]

    def feedback_track(self, v: Visitor):
        v.get(
            "feedback-track",
            f"{self._prefix(v)}/feedback/track/?code={v.data['code']}",
            check=self._marker("data-feedback-status"),
        )
