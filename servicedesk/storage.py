"""Private files (scanned certificates, bulk-check results): outside the web root, served only
through views that check who is asking."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """For FileField(storage=private_storage): a callable keeps the location out of migrations."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
