"""Private files (scanned certificates, bulk-check results, admin-import uploads): never under a
URL, served only through views that check who is asking.

Two backends, chosen by the PRIVATE_STORAGE setting:
- "database" (the default): in PostgreSQL (SQLite for the demo), readable from every app host,
  written and rolled back in the same transaction as the rows that name the files, and in the
  same backup as those rows.
- "filesystem": under PRIVATE_MEDIA_ROOT on this host's disk, for a single host only; readable by
  the portal's user and its group only, not by every account on the host."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils import timezone
from django.utils.deconstruct import deconstructible

FILE_MODE = 0o640
DIRECTORY_MODE = 0o750
CHUNK_BYTES = 1024 * 1024


@deconstructible(path="servicedesk.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows of servicedesk.StoredFile. Whole files are read into memory: fine for scans
    and bulk results (a few MB), bearable for import uploads (UPLOAD_MAX_IMPORT_BYTES)."""

    # A failed transaction takes the file with it: no file to delete by hand afterwards.
    transactional = True

    @staticmethod
    def _files():
        from servicedesk.models import StoredFile

        return StoredFile.objects

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Files in the database are written with save(), not opened to write.")
        row = self._files().filter(name=name).values_list("content", flat=True).first()
        if row is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(row), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks(CHUNK_BYTES))
        self._files().create(name=name, content=data, size=len(data))
        return name

    def delete(self, name):
        self._files().filter(name=name).delete()

    def exists(self, name):
        return self._files().filter(name=name).exists()

    def size(self, name):
        size = self._files().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def listdir(self, path):
        prefix = f"{path.rstrip('/')}/" if path.strip("/") else ""
        directories, files = set(), []
        names = self._files().filter(name__startswith=prefix).values_list("name", flat=True)
        for name in names:
            head, slash, _rest = name[len(prefix) :].partition("/")
            if slash:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def get_created_time(self, name):
        created = self._files().filter(name=name).values_list("created", flat=True).first()
        if created is None:
            raise FileNotFoundError(name)
        return created if settings.USE_TZ else timezone.make_naive(created)

    def url(self, name):
        raise NotImplementedError("Private files have no URL: views serve them.")


def private_storage() -> Storage:
    """For FileField(storage=private_storage): a callable keeps the choice out of migrations."""
    if settings.PRIVATE_STORAGE == "filesystem":
        return FileSystemStorage(
            location=settings.PRIVATE_MEDIA_ROOT,
            base_url=None,
            file_permissions_mode=FILE_MODE,
            directory_permissions_mode=DIRECTORY_MODE,
        )
    return DatabaseStorage()
