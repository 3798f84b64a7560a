"""Back up the database and the private files, restore both into fresh places, and prove the
copy answers like the original: same row counts, same checks, every scan and bulk result present
(in the restored database with PRIVATE_STORAGE=database, in the restored folder otherwise)."""

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

# Every private file a row names: (whose, name).
NAMED_FILES = """
    SELECT 'manual inquiry ' || id, scan FROM certificates_manualrequest WHERE scan <> ''
    UNION ALL SELECT 'bulk check ' || id, result_csv FROM certificates_bulkcheck
        WHERE result_csv <> ''
    UNION ALL SELECT 'bulk check ' || id, result_xlsx FROM certificates_bulkcheck
        WHERE result_xlsx <> ''
"""


def _pg_env(params: dict) -> dict:
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin", "PGCONNECT_TIMEOUT": "10"}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return env


def _pg_args(params: dict, database: str) -> list[str]:
    return [
        "--host", params.get("HOST") or "127.0.0.1",
        "--port", str(params.get("PORT") or 5432),
        "--username", params.get("USER") or "postgres",
        "--dbname", database,
    ]  # fmt: skip


class Command(BaseCommand):
    help = "Back up, restore into a fresh database and folder, and compare with the original."

    def add_arguments(self, parser):
        parser.add_argument("--sample", type=int, default=200, help="certificates to re-check")
        parser.add_argument("--keep", action="store_true", help="keep the restored copy")

    def handle(self, *args, sample: int, keep: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The restore drill needs PostgreSQL (pg_dump, pg_restore).")
        params = connection.settings_dict
        drill_name = f"{params['NAME']}_restore_drill"[:63]
        workdir = Path(tempfile.mkdtemp(prefix="servicedesk-drill-"))
        try:
            dump, files = self.back_up(params, workdir)
            self.restore(params, drill_name, dump, files, workdir)
            problems = self.compare(params, drill_name, workdir / "private-media", sample)
        finally:
            if not keep:
                self.drop(params, drill_name)
                shutil.rmtree(workdir, ignore_errors=True)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The restored copy differs from the original ({len(problems)} problems)."
            )
        self.stdout.write(self.style.SUCCESS("Restore drill passed."))

    def back_up(self, params, workdir: Path) -> tuple[Path, Path]:
        dump = workdir / "database.dump"
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={dump}",
                *_pg_args(params, params["NAME"]),
            ],
            env=_pg_env(params),
            check=True,
        )
        files = workdir / "private-media.tar.gz"
        with tarfile.open(files, "w:gz") as archive:
            root = Path(settings.PRIVATE_MEDIA_ROOT)
            if root.exists():
                archive.add(root, arcname="private-media")
        self.stdout.write(
            f"Backed up: database {dump.stat().st_size:,} bytes, files {files.stat().st_size:,} bytes."
        )
        return dump, files

    def restore(self, params, drill_name: str, dump: Path, files: Path, workdir: Path) -> None:
        self.drop(params, drill_name)
        subprocess.run(
            ["createdb", *_pg_args(params, "postgres")[:-2], drill_name],
            env=_pg_env(params),
            check=True,
        )
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *_pg_args(params, drill_name),
                str(dump),
            ],
            env=_pg_env(params),
            check=True,
        )
        with tarfile.open(files) as archive:
            archive.extractall(workdir, filter="data")
        (workdir / "private-media").mkdir(exist_ok=True)
        self.stdout.write(
            f"Restored into the database {drill_name} and {workdir / 'private-media'}."
        )

    def compare(self, params, drill_name: str, files: Path, sample: int) -> list[str]:
        """Compare through plain connections: the copy is checked independently of Django."""
        import psycopg2

        from certificates.models import Certificate
        from certificates.services import verification_outcome

        copy = psycopg2.connect(
            host=params.get("HOST") or "127.0.0.1",
            port=params.get("PORT") or 5432,
            user=params.get("USER") or "postgres",
            password=params.get("PASSWORD") or None,
            dbname=drill_name,
        )
        problems = []
        try:
            with connection.cursor() as original, copy.cursor() as restored:
                tables = connection.introspection.table_names(original)
                for table in tables:
                    original.execute(f'SELECT count(*) FROM "{table}"')
                    restored.execute(f'SELECT count(*) FROM "{table}"')
                    before, after = original.fetchone()[0], restored.fetchone()[0]
                    if before != after:
                        problems.append(f"{table}: {before} rows in the original, {after} restored")
                self.stdout.write(f"Compared row counts of {len(tables)} tables.")

                checked = (
                    "SELECT number, national_id, status, valid_until, token "
                    "FROM certificates_certificate WHERE number = ANY(%s) ORDER BY number"
                )
                original.execute(
                    "SELECT number FROM certificates_certificate ORDER BY random() LIMIT %s",
                    [sample],
                )
                numbers = [row[0] for row in original.fetchall()]
                original.execute(checked, [numbers])
                restored.execute(checked, [numbers])
                today = timezone.localdate()

                def outcomes(rows):
                    return {
                        (number, national_id): (
                            verification_outcome(
                                Certificate(status=status, valid_until=until), today=today
                            ),
                            token,
                        )
                        for number, national_id, status, until, token in rows
                    }

                before, after = outcomes(original.fetchall()), outcomes(restored.fetchall())
                problems += [
                    f"certificate {key[0]}: {value} originally, {after.get(key)} restored"
                    for key, value in before.items()
                    if after.get(key) != value
                ]

                receipts = "SELECT receipt_code, outcome FROM certificates_inquiry ORDER BY id DESC LIMIT %s"
                original.execute(receipts, [sample])
                wanted = dict(original.fetchall())
                restored.execute(
                    "SELECT receipt_code, outcome FROM certificates_inquiry WHERE receipt_code = ANY(%s)",
                    [list(wanted)],
                )
                found = dict(restored.fetchall())
                problems += [
                    f"receipt {code}: missing or different"
                    for code, outcome in wanted.items()
                    if found.get(code) != outcome
                ]

                restored.execute(NAMED_FILES)
                named = restored.fetchall()
                # With PRIVATE_STORAGE=database the dump holds the files: the same bytes must
                # come back; with "filesystem" they come from the archive of the folder.
                stored = (
                    "SELECT name, md5(content) FROM servicedesk_storedfile WHERE name = ANY(%s)"
                )
                names = [name for _, name in named]
                original.execute(stored, [names])
                restored.execute(stored, [names])
                kept, back = dict(original.fetchall()), dict(restored.fetchall())
                problems += [
                    f"{owner}: its file {name} is not in the backup"
                    for owner, name in named
                    if not (back.get(name) == kept.get(name) and name in back)
                    and not (files / name).is_file()
                ]
        finally:
            copy.close()
        self.stdout.write(
            f"Re-checked {len(before)} certificates and {len(wanted)} receipts; looked for "
            f"{len(named)} private files ({len(back)} in the database)."
        )
        return problems

    def drop(self, params, drill_name: str) -> None:
        subprocess.run(
            ["dropdb", "--if-exists", "--force", *_pg_args(params, "postgres")[:-2], drill_name],
            env=_pg_env(params),
            check=True,
        )
