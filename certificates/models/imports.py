"""Runs of the admin's registry import: the uploaded file waits in the private storage until the
queue's worker has imported it; the run tells the progress page how far it got."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicedesk.models import Timestamped
from servicedesk.storage import private_storage


class ImportRun(Timestamped):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    file = models.FileField(
        _("uploaded file"), storage=private_storage, upload_to="imports/", blank=True
    )
    source = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The language of the page that started it: row problems are written in it.
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    # Counts of the finished import: rows, created, updated, unchanged, rejected.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # Every rejected row: [line, column, problem].
    errors = models.JSONField(_("rejected rows"), default=list, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)

    class Meta:
        verbose_name = _("certificate import")
        verbose_name_plural = _("certificate imports")

    def __str__(self):
        return self.source

    @property
    def done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED)

    @property
    def ok(self) -> bool:
        return self.status == self.Status.FINISHED and not self.counts.get("rejected")
