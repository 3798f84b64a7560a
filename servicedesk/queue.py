"""What the items of staff's queues share (suggestions and complaints, manual inquiries): a
tracking code the person who filed it follows it by, open statuses, and a deadline.

An abstract model without fields: the apps keep their own fields and constraints, so their
tables and migrations stay as they are.
"""

from django.db import models
from django.utils import timezone

from servicedesk.codes import format_tracking_code


class QueueItem(models.Model):
    """Subclasses have ``tracking_code``, ``status``, ``deadline`` (null when nothing was
    promised) and ``OPEN_STATUSES``."""

    class Meta:
        abstract = True

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, at=None) -> bool:
        at = at or timezone.now()
        return self.is_open and self.deadline is not None and self.deadline < at
