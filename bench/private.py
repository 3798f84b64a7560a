"""A benchmark's own PostgreSQL cluster and Redis server, on free loopback ports.

The shared servers (127.0.0.1:5432 and :6379, where others run their tests) are never touched:
the load and outage benchmarks stop and start these at will and remove them at the end, so the
scripts run the same on any machine with the PostgreSQL binaries and ``redis-server``.
PostgreSQL refuses to run as root; as root the cluster runs as the unprivileged user
``servicedesk-pg`` (created when missing), as ``scripts/test.sh`` does.
"""

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from bench.common import free_port

PG_USER = "servicedesk-pg"


def postgres_bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise SystemExit("PostgreSQL binaries not found in /usr/lib/postgresql/*/bin")
    return found[-1]


class PrivatePostgres:
    """A throwaway cluster with trust authentication; ``url`` names its database."""

    def __init__(self, directory: Path, *, database: str = "servicedesk"):
        self.directory = directory
        self.data = directory / "data"
        self.log = directory / "postgres.log"
        self.bindir = postgres_bindir()
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{database}"
        self.database = database
        self.runas: list[str] = []
        if os.geteuid() == 0:
            if subprocess.run(["id", PG_USER], capture_output=True).returncode != 0:
                subprocess.run(
                    ["useradd", "--system", "--no-create-home", PG_USER],
                    check=True,
                    capture_output=True,
                )
            shutil.chown(directory, PG_USER)
            self.runas = ["runuser", "-u", PG_USER, "--"]

    def _pg(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.runas, str(self.bindir / tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def init(self) -> None:
        self._pg("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "-D", str(self.data))
        self.start()
        import psycopg2

        admin = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres"
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.database}"')
        admin.close()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def replica(self, directory: Path) -> "PrivatePostgres":
        """A streaming replica of this cluster in ``directory`` (pg_basebackup), started."""
        replica = PrivatePostgres(directory, database=self.database)
        replica._pg(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-D", str(replica.data), "--write-recovery-conf", "--wal-method=stream",
            "--checkpoint=fast",
        )  # fmt: skip
        replica.start()
        return replica

    def pids(self) -> list[int]:
        """The postmaster and its children (backends, background processes)."""
        try:
            postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children")
        try:
            return [postmaster, *(int(pid) for pid in children.read_text().split())]
        except OSError:
            return [postmaster]

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def answers(self, timeout: float = 1) -> bool:
        import psycopg2

        try:
            psycopg2.connect(
                host="127.0.0.1",
                port=self.port,
                user="postgres",
                dbname=self.database,
                connect_timeout=max(1, int(timeout)),
            ).close()
            return True
        except psycopg2.Error:
            return False


class PrivateRedis:
    """``redis-server`` in the foreground, without persistence; stop and start it at will."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.log = directory / "redis.log"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    str(self.directory),
                ],
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start (see {self.log})")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False


@contextmanager
def private_services():
    """A fresh PostgreSQL cluster (with an empty database) and a Redis server; both removed at
    the end, whatever happened."""
    directory = Path(tempfile.mkdtemp(prefix="servicedesk-bench-"))
    postgres = redis_server = None
    try:
        postgres = PrivatePostgres(directory)
        postgres.init()
        redis_server = PrivateRedis(directory)
        redis_server.start()
        yield postgres, redis_server
    finally:
        if redis_server:
            redis_server.stop()
        if postgres and postgres.running():
            with suppress(subprocess.CalledProcessError):
                postgres.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)
