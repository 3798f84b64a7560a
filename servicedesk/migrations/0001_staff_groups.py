"""Staff roles as groups with the least privilege each job needs (README: "Staff roles and
two-factor login").

Permissions are created by a post_migrate signal, after every migration has run, so on a fresh
database they do not exist yet here: the forward step creates them first for the apps it names
(``create_permissions`` is idempotent). The lists below are frozen with this migration; a
change of a role is a new migration.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("certificates", "sla", "feedback")


def model_perms(model: str, actions: str) -> list[str]:
    """``model_perms("sla.holiday", "add change")`` → ["sla.add_holiday", "sla.change_holiday"]."""
    app_label, model_name = model.split(".")
    return [f"{app_label}.{action}_{model_name}" for action in actions.split()]


REGISTRY_OFFICERS = "Registry officers"
INQUIRY_OFFICERS = "Inquiry officers"
FEEDBACK_OFFICERS = "Feedback officers"
CONTENT_EDITORS = "Content editors"
SUPERVISORS = "Supervisors"

GROUPS = {
    # The registry: records, corrections, imports, revocations and replacements, QR codes.
    REGISTRY_OFFICERS: [
        *model_perms("certificates.certificate", "add change view"),
        "certificates.import_certificates",
        "certificates.revoke_certificate",
        *model_perms("certificates.standard", "add change view"),
        *model_perms("certificates.trainingcentre", "add change view"),
    ],
    # Manual inquiries and their scans; the registry to compare with, read-only.
    INQUIRY_OFFICERS: [
        *model_perms("certificates.manualrequest", "change view"),
        *model_perms("certificates.manualrequestevent", "view"),
        *model_perms("certificates.manualrequestnote", "view"),
        *model_perms("certificates.certificate", "view"),
        *model_perms("certificates.standard", "view"),
        *model_perms("certificates.trainingcentre", "view"),
    ],
    # Suggestions and complaints, their answers and reply templates; surveys and results.
    FEEDBACK_OFFICERS: [
        *model_perms("feedback.feedback", "change view"),
        *model_perms("feedback.feedbackevent", "view"),
        *model_perms("feedback.feedbacknote", "view"),
        *model_perms("feedback.replytemplate", "add change delete view"),
        *model_perms("feedback.survey", "add change view"),
        *model_perms("feedback.question", "add change delete view"),
        *model_perms("feedback.choice", "add change delete view"),
        *model_perms("feedback.surveyresponse", "view"),
        *model_perms("feedback.answer", "change view"),
        # A survey names the service it is about.
        *model_perms("sla.service", "view"),
    ],
    # The catalogue and ID cards, agreement drafts, the holidays; never publishing a version.
    CONTENT_EDITORS: [
        *model_perms("sla.service", "add change view"),
        *model_perms("sla.processstep", "add change delete view"),
        *model_perms("sla.requireddocument", "add change delete view"),
        *model_perms("sla.legalreference", "add change delete view"),
        *model_perms("sla.servicechannel", "add change delete view"),
        *model_perms("sla.servicerecipient", "add change delete view"),
        *model_perms("sla.faqentry", "add change delete view"),
        *model_perms("sla.agreementversion", "add change delete view"),
        *model_perms("sla.agreementsection", "add change delete view"),
        *model_perms("sla.commitment", "add change delete view"),
        *model_perms("sla.holiday", "add change delete view"),
    ],
    # Everything read-only (the inquiry log and the change history included), plus publishing
    # agreement versions: editors write a draft, a supervisor publishes it.
    SUPERVISORS: [
        "sla.publish_agreementversion",
    ],
}


def every_view_permission(apps) -> list[str]:
    return [
        f"{app_label}.view_{model._meta.model_name}"
        for app_label in APPS
        for model in apps.get_app_config(app_label).get_models()
    ]


def create_staff_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_label in APPS:
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(content_type__app_label__in=APPS)
        .values_list("pk", "content_type__app_label", "codename")
    }
    for name, names in GROUPS.items():
        if name == SUPERVISORS:
            names = [*names, *every_view_permission(apps)]
        missing = sorted(set(names) - set(known))
        if missing:
            raise LookupError(f"{name}: no such permissions: {', '.join(missing)}")
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([known[perm] for perm in names])


def remove_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("certificates", "0006_staff_permissions"),
        ("sla", "0003_agreement_history_and_publish_permission"),
        ("feedback", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_staff_groups)]
