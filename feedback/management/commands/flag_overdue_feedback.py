"""The daily check of answer deadlines; run it from cron once a day (safe to run again)."""

from django.core.management.base import BaseCommand

from feedback.services import feedback_flag_overdue


class Command(BaseCommand):
    help = "Flag suggestions and complaints past their deadline and mail the supervisors; safe to re-run."

    def handle(self, *args, **options):
        report = feedback_flag_overdue()
        for feedback in report.flagged:
            self.stdout.write(
                f"overdue: {feedback.display_code} (deadline {feedback.deadline:%Y-%m-%d})"
            )
        if report.notified:
            mailed = f"supervisors told about {report.notified} ({', '.join(report.mailed_to)})"
        elif report.unreported and report.no_recipients:
            mailed = (
                f"{report.unreported} not reported: no supervisor address "
                "(set FEEDBACK_SUPERVISOR_EMAILS or give a superuser an email)"
            )
        elif report.unreported:
            mailed = (
                f"{report.unreported} not reported: the mail failed (see the log); "
                "the next run tries again"
            )
        elif report.still_overdue:
            mailed = "no new mail: the supervisors were already told"
        else:
            mailed = "no mail needed"
        self.stdout.write(
            self.style.SUCCESS(
                f"Newly overdue: {len(report.flagged)}; overdue in total: {report.still_overdue}; "
                f"{mailed}."
            )
        )
