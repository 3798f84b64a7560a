"""The daily check of manual inquiries' deadlines; run it from cron once a day (safe to re-run)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates.manual.services import manual_requests_flag_overdue


class Command(BaseCommand):
    help = "Flag manual inquiries past their deadline and mail the supervisors; safe to re-run."

    def handle(self, *args, **options):
        report = manual_requests_flag_overdue()
        for manual_request in report.flagged:
            self.stdout.write(
                f"overdue: {manual_request.display_code} "
                f"(deadline {timezone.localtime(manual_request.deadline):%Y-%m-%d})"
            )
        if report.notified:
            mailed = f"supervisors told about {report.notified} ({', '.join(report.mailed_to)})"
        elif report.still_overdue:
            mailed = (
                "no new mail (already told, no address configured, or the mail failed: see the log)"
            )
        else:
            mailed = "no mail needed"
        self.stdout.write(
            self.style.SUCCESS(
                f"Newly overdue: {len(report.flagged)}; overdue in total: "
                f"{report.still_overdue}; {mailed}."
            )
        )
