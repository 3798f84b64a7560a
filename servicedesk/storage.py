"""Private files (scanned certificates, bulk-check results): outside the web root, served only
through views that check who is asking. Readable by the portal's user and its group only: not by
every account on the host."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage

FILE_MODE = 0o640
DIRECTORY_MODE = 0o750


def private_storage() -> FileSystemStorage:
    """For FileField(storage=private_storage): a callable keeps the location out of migrations."""
    return FileSystemStorage(
        location=settings.PRIVATE_MEDIA_ROOT,
        base_url=None,
        file_permissions_mode=FILE_MODE,
        directory_permissions_mode=DIRECTORY_MODE,
    )
