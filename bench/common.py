"""Shared parts of the benchmarks: a fresh database, gunicorn on loopback, wrk's figures."""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def fresh_django(description: str, *extra: tuple[str, dict]) -> argparse.Namespace:
    """The page benchmarks' start: their arguments (--rows, --renders, --keep, then ``extra``
    as (flag, options) pairs), a fresh PostgreSQL database at DATABASE_URL, Django set up."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=1_000_000)
    for flag, options in extra:
        parser.add_argument(flag, **options)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    args.url = os.environ["DATABASE_URL"]
    if not args.url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    print(f"==> fresh database {urlparse(args.url).path.lstrip('/')}")
    recreate_database(args.url)

    import django

    django.setup()
    return args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base: str  # http://127.0.0.1:<port>
    process: subprocess.Popen  # the gunicorn master


@contextmanager
def serve(
    app: str,
    *,
    env: dict,
    workers: int = 2,
    extra_args: tuple[str, ...] = (),
    log: Path | None = None,
):
    """Serve ``app`` with the production gunicorn.conf.py (sync workers) on a free port.

    ``extra_args`` go after the config file (they override it); ``log`` receives gunicorn's
    and the application's output (else it is inherited)."""
    port = free_port()
    output = log.open("ab") if log else None
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
            *extra_args,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        start_new_session=True,
        stdout=output,
        stderr=output,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    tail = log.read_text(errors="replace")[-3000:] if log else ""
                    raise RuntimeError(f"gunicorn ({app}) did not start\n{tail}") from None
                time.sleep(0.2)
        yield Server(base, process)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        if output:
            output.close()


@contextmanager
def gunicorn(app: str, *, env: dict, workers: int = 2):
    """Serve ``app`` with the production gunicorn.conf.py (sync workers) on a free port."""
    with serve(app, env=env, workers=workers) as server:
        yield server.base


def parse_duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(
    url: str, *, script: Path | None = None, seconds: int, connections: int = 32, threads: int = 2
) -> dict:
    """Run wrk (a separate process) and return requests/s, p50, p99 and error counts."""
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    figures = {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": parse_duration_ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99_ms": parse_duration_ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx": int(m.group(1))
        if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output))
        else 0,
        "socket_errors": sum(
            int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
        ),
    }
    return figures
