"""Abstract models every app may build on (servicedesk imports no app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """A private file kept in the database (servicedesk.storage.DatabaseStorage): every host reads
    it, it is saved and rolled back with the rows that name it and it is in the same backup."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    size = models.PositiveBigIntegerField(_("size"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self):
        return self.name
