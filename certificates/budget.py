"""Failure budgets: nobody finds a holder's national code by trying candidates against a number.

Every check that matched nothing counts against its certificate number's daily budget, whatever
the channel (form, API, bulk) and whoever sent it, and against the organisation's budget when
an organisation sent it. The counts live in the shared store, so every worker and host sees
them. A spent budget refuses further checks (never answers them) until its window passes.
Numbers count whether or not a certificate has them, so a refusal tells nothing about which
numbers exist. The QR link proves possession of the paper: it is neither counted nor refused.
"""

import functools
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from certificates.models import GuessingAlert
from servicedesk import outbox, ratelimits
from servicedesk.mail import send_templated_mail, supervisor_emails

NUMBERS = "certificate-failures"
ORGANISATIONS = "organisation-failures"


class BudgetSpent(Exception):
    """A check, or a whole bulk request, is refused; the message says why to the sender."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _rate(group: str) -> ratelimits.Rate:
    return ratelimits.Rate.parse(settings.RATE_LIMITS[group])


def _seconds_left(group: str) -> int:
    period = _rate(group).period
    return max(1, period - int(time.time()) % period)


@functools.lru_cache(maxsize=4)
def _number_hmac(secret: str):
    return salted_hmac("certificates.budget", b"", secret)


def _number_key(number: str) -> str:
    # Keyed hash: the shared store never holds what people typed. The key is derived once
    # (a bulk run hashes 10,000 numbers); the result is salted_hmac's.
    mac = _number_hmac(settings.SECRET_KEY).copy()
    mac.update(number.encode())
    return mac.hexdigest()[:24]


def _organisation_key(organisation) -> str:
    return f"organisation-{organisation.pk}"


def number_spent_message() -> str:
    return _(
        "This certificate number has had too many checks that matched nothing today. To protect "
        "its holder it cannot be checked again until the limit resets. The QR code printed on "
        "the certificate still works."
    )


def _organisation_spent(organisation) -> BudgetSpent:
    return BudgetSpent(
        _(
            "Your organisation has made too many checks that matched nothing today. To protect "
            "certificate holders, its checks are refused until the limit resets. If this is a "
            "mistake, contact the directorate."
        ),
        retry_after=_seconds_left(ORGANISATIONS),
    )


def _budget_keys(number: str, organisation) -> dict[str, list[str]]:
    keys = {NUMBERS: [_number_key(number)]}
    if organisation is not None:
        keys[ORGANISATIONS] = [_organisation_key(organisation)]
    return keys


def _refuse_spent(counted: dict[str, dict[str, int]], *, number: str, organisation) -> None:
    if counted[NUMBERS][_number_key(number)] >= _rate(NUMBERS).limit:
        raise BudgetSpent(number_spent_message(), retry_after=_seconds_left(NUMBERS))
    if organisation is None:
        return
    if counted[ORGANISATIONS][_organisation_key(organisation)] >= _rate(ORGANISATIONS).limit:
        raise _organisation_spent(organisation)


def check_allowed(*, number: str, organisation=None) -> None:
    """Raise BudgetSpent if checks of ``number``, or by ``organisation``, are refused now (both
    budgets read in one round trip)."""
    counted = ratelimits.counts_of(_budget_keys(number, organisation))
    _refuse_spent(counted, number=number, organisation=organisation)


def client_wait_or_check(request, group: str, *, number: str) -> int | None:
    """``ratelimits.retry_after(request, group)``, then ``check_allowed(number=number)``, read
    in one round trip: the form asks both on every check. Seconds the client must wait, or None
    (BudgetSpent raised if the number's budget is spent)."""
    wait, counted = ratelimits.retry_after_and_counts(request, group, _budget_keys(number, None))
    if wait is None:
        _refuse_spent(counted, number=number, organisation=None)
    return wait


def organisation_check_allowed(organisation) -> None:
    key = _organisation_key(organisation)
    if ratelimits.counts(ORGANISATIONS, [key])[key] >= _rate(ORGANISATIONS).limit:
        raise _organisation_spent(organisation)


def charge_failure(*, number: str, channel: str, organisation=None) -> None:
    """Count one check of ``number`` that matched nothing (by ``organisation``, if any)."""
    key = _number_key(number)
    failures = ratelimits.add_counts(NUMBERS, {key: 1})[key]
    if failures == _rate(NUMBERS).limit:
        _raise_alert(GuessingAlert.Scope.NUMBER, number=number, channel=channel, failures=failures)
    if organisation is not None:
        charge_organisation(organisation, failures=1, channel=channel)


def charge_organisation(organisation, *, failures: int, channel: str) -> None:
    if not failures:
        return
    key = _organisation_key(organisation)
    total = ratelimits.add_counts(ORGANISATIONS, {key: failures})[key]
    limit = _rate(ORGANISATIONS).limit
    if total - failures < limit <= total:
        _raise_alert(
            GuessingAlert.Scope.ORGANISATION,
            organisation=organisation,
            channel=channel,
            failures=total,
        )


@dataclass
class Reservation:
    """What a bulk request may spend, decided before its rows are checked.

    A number on several rows has its rows counted at once (reserved), so that requests sent side
    by side cannot each spend its whole budget; ``settle`` then counts what the rows really
    missed. A number on one row is only read first and counted after, like a single check."""

    reserved: Counter
    refused: set[str] = field(default_factory=set)

    def settle(self, *, misses: Counter, channel: str, organisation=None) -> None:
        numbers = set(self.reserved) | set(misses)
        changes = {
            number: misses.get(number, 0) - self.reserved.get(number, 0) for number in numbers
        }
        changes = {number: change for number, change in changes.items() if change}
        self.reserved = Counter()
        if changes:
            keys = {number: _number_key(number) for number in changes}
            totals = ratelimits.add_counts(
                NUMBERS, {keys[number]: change for number, change in changes.items()}
            )
            limit = _rate(NUMBERS).limit
            for number, failures in misses.items():
                after = totals.get(keys.get(number), 0)
                if failures and after - failures < limit <= after:
                    _raise_alert(
                        GuessingAlert.Scope.NUMBER, number=number, channel=channel, failures=after
                    )
        if organisation is not None:
            charge_organisation(organisation, failures=sum(misses.values()), channel=channel)

    def cancel(self) -> None:
        """Give back what was reserved: the rows were not checked after all."""
        if self.reserved:
            ratelimits.add_counts(
                NUMBERS, {_number_key(number): -count for number, count in self.reserved.items()}
            )
            self.reserved = Counter()


def reserve(rows_per_number: Counter, *, lines_per_number: dict[str, list[int]]) -> Reservation:
    """Decide, before checking, what a bulk request's rows may cost.

    Numbers whose budget is already spent are ``refused``: their rows are answered with a
    refusal and the rest of the request goes on. A number with more rows than its budget has
    left refuses the whole request (BudgetSpent). Both are decided by counting rows, never by
    their outcomes, so a refusal tells nothing about any national code.
    """
    limit = _rate(NUMBERS).limit
    keys = {number: _number_key(number) for number in rows_per_number}
    spent = ratelimits.counts(NUMBERS, list(keys.values()))
    refused = {number for number in rows_per_number if spent[keys[number]] >= limit}
    repeated = {
        number: rows
        for number, rows in rows_per_number.items()
        if rows > 1 and number not in refused
    }
    reservation = Reservation(reserved=Counter(), refused=refused)
    if not repeated:
        return reservation
    totals = ratelimits.add_counts(
        NUMBERS, {keys[number]: rows for number, rows in repeated.items()}
    )
    reservation.reserved = Counter(repeated)
    too_many = [number for number in repeated if totals[keys[number]] > limit]
    if too_many:
        reservation.cancel()
        lines = sorted(line for number in too_many for line in lines_per_number[number])
        shown = ", ".join(str(line) for line in lines[:20]) + ("…" if len(lines) > 20 else "")
        raise BudgetSpent(
            _(
                "Too many rows check the same certificate number (lines %(lines)s). A number "
                "may be checked without a match at most %(limit)s times a day. Remove the "
                "repeated rows and send the file again."
            )
            % {"lines": shown, "limit": limit},
            retry_after=_seconds_left(NUMBERS),
        )
    return reservation


def _raise_alert(scope: str, *, channel: str, failures: int, number="", organisation=None):
    """Record the day's alert for a number or an organisation (once) and mail the supervisors."""
    alert, created = GuessingAlert.objects.get_or_create(
        scope=scope,
        day=timezone.localdate(),
        checked_number=number[:64],
        organisation=organisation,
        defaults={"channel": channel, "failures": failures},
    )
    if created:
        outbox.enqueue(mail_guessing_alert, alert_id=alert.pk)


@outbox.job
def mail_guessing_alert(*, alert_id: int) -> None:
    """Mail the supervisors about guessing alert ``alert_id``."""
    alert = GuessingAlert.objects.filter(pk=alert_id).select_related("organisation").first()
    recipients = supervisor_emails(settings.SECURITY_ALERT_EMAILS)
    if alert is None or not recipients:
        return
    send_templated_mail(
        template="certificates/email/guessing_alert",
        to=recipients,
        context={"alert": alert},
        language=settings.LANGUAGE_CODE,
    )
