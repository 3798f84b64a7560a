"""Mail every kind of case sends: to the filer (received, answered, rejected…) in the language
they filed in, and to the supervisors about cases past their deadline. One set of templates,
``casework/email/<message>_*``, with the case's kind (``kind``, its model name) as a parameter.

Each is an outbox job (``servicedesk.outbox``): queued in the transaction that changes the case,
sent by the worker, tried again when it fails; it never undoes what was saved.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.urls import reverse

from servicedesk import outbox
from servicedesk.mail import send_templated_mail

TEMPLATES = "casework/email"


def _kind(model) -> str:
    return model._meta.model_name


@outbox.job
def mail_filer(*, model: str, case_id: int, message: str) -> None:
    """Mail the filer of case ``case_id`` of ``model`` (an app label such as
    ``feedback.Feedback``) about ``message`` (``received``, ``answered``…), if they still
    leave an address."""
    model = apps.get_model(model)
    case = model.objects.select_related("agreement_version").filter(pk=case_id).first()
    if case is None or not case.contact_email:
        return
    send_templated_mail(
        template=f"{TEMPLATES}/{message}",
        to=[case.contact_email],
        context={"case": case, "kind": _kind(model)},
        language=case.language,
    )


@outbox.job
def mail_supervisors_overdue(
    *, model: str, case_ids: list[int], to: list[str], total: int, now: str
) -> None:
    """Mail ``to`` the cases ``case_ids`` of ``model`` newly past their deadline."""
    model = apps.get_model(model)
    meta = model._meta
    cases = list(
        model.objects.filter(pk__in=case_ids)
        .select_related("assigned_to")
        .order_by("deadline", "id")
    )
    send_templated_mail(
        template=f"{TEMPLATES}/overdue",
        to=to,
        context={
            "items": cases,
            "total": total,
            "now": datetime.datetime.fromisoformat(now),
            "kind": _kind(model),
            "queue_url": reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        },
        language=settings.LANGUAGE_CODE,
    )
