"""Mail every kind of case sends: to the filer (received, answered, rejected…) in the language
they filed in, and to the supervisors about cases past their deadline. One set of templates,
``casework/email/<message>_*``, with the case's kind (``kind``, its model name) as a parameter.

Called after the transaction commits, through ``send_safely``: a mail that fails is logged
(without addresses) and never undoes what was saved.
"""

from functools import partial

from django.conf import settings
from django.urls import reverse

from servicedesk.mail import send_safely, send_templated_mail

TEMPLATES = "casework/email"


def _kind(model) -> str:
    return model._meta.model_name


def mail_filer(model, case_id: int, message: str) -> bool:
    """Mail the filer of case ``case_id`` of ``model`` about ``message`` (``received``,
    ``answered``…), if they left an address; False when the mail failed."""
    return mail_case(model.objects.select_related("agreement_version").get(pk=case_id), message)


def mail_case(case, message: str) -> bool:
    """``mail_filer`` for a case already read."""
    if not case.contact_email:
        return True
    return send_safely(
        f"the {message} message of {case._meta.label} {case.pk} by email",
        partial(
            send_templated_mail,
            template=f"{TEMPLATES}/{message}",
            to=[case.contact_email],
            context={"case": case, "kind": _kind(type(case))},
            language=case.language,
        ),
    )


def mail_supervisors_overdue(model, cases: list, *, to: list[str], total: int, now) -> bool:
    """Mail ``to`` the cases of ``model`` newly past their deadline; False when it failed."""
    meta = model._meta
    return send_safely(
        f"the overdue report of {meta.label}",
        partial(
            send_templated_mail,
            template=f"{TEMPLATES}/overdue",
            to=to,
            context={
                "items": cases,
                "total": total,
                "now": now,
                "kind": _kind(model),
                "queue_url": reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
            },
            language=settings.LANGUAGE_CODE,
        ),
    )
