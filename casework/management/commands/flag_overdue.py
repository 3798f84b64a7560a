"""The daily check of every queue's deadlines (manual inquiries, suggestions and complaints);
run it daily from cron on any number of hosts: one run does the work (safe to re-run)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from casework.selectors import case_models
from casework.services import OverdueReport, cases_flag_overdue
from servicedesk.locks import once_across_hosts


def _mail_line(report: OverdueReport) -> str:
    if report.notified:
        return f"supervisors told about {report.notified} ({', '.join(report.mailed_to)})"
    if report.unreported:
        return (
            f"{report.unreported} not reported: no supervisor address "
            f"(set {report.model.SUPERVISOR_EMAILS_SETTING} or give a superuser an email)"
        )
    if report.still_overdue:
        return "no new mail: the supervisors were already told"
    return "no mail needed"


class Command(BaseCommand):
    help = "Flag every queue's cases past their deadline and mail the supervisors; safe to re-run."

    @once_across_hosts("flag_overdue")
    def handle(self, *args, **options):
        for model in case_models():
            report = cases_flag_overdue(model=model)
            name = model._meta.label
            for case in report.flagged:
                # Deadlines as staff read them: in the portal's time zone (Tehran), not UTC.
                deadline = timezone.localtime(case.deadline)
                self.stdout.write(f"overdue: {case.display_code} (deadline {deadline:%Y-%m-%d})")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{name}: newly overdue: {len(report.flagged)}; overdue in total: "
                    f"{report.still_overdue}; {_mail_line(report)}."
                )
            )
