"""What every kind of visitor of bench.traffic shares: the fixtures it uses, the codes the
portal showed it, and the small helpers of its steps.

A step takes a ``Visitor`` (bench.loadgen), makes one real request as a browser sends it, and
returns the next steps with the seconds to wait before each.
"""

import random
import threading
import time
from dataclasses import dataclass, field

from bench.loadgen import Problem, Response, Visitor

TOKEN = r'name="csrfmiddlewaretoken" value="([^"]+)"'


@dataclass
class Fixtures:
    rows: list[tuple[str, str, str]]  # number, national_id, token of real certificates
    api_key: str
    service_ids: list[str]
    scan_png: bytes


@dataclass
class Acknowledgement:
    kind: str  # receipt | feedback | request
    code: str
    at: float  # time.monotonic() when the page showing it arrived


@dataclass
class Steps:
    """The visitors' shared state and helpers; each kind of visitor adds its steps."""

    fixtures: Fixtures
    min_fill_seconds: float = 4
    english_share: float = 0.1
    acknowledged: list[Acknowledgement] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _random: random.Random = field(default_factory=lambda: random.Random(1405))
    _serial: int = 0

    def _pick(self, items):
        with self._lock:
            return self._random.choice(items)

    def _chance(self, p: float) -> bool:
        with self._lock:
            return self._random.random() < p

    def _uniform(self, a: float, b: float) -> float:
        with self._lock:
            return self._random.uniform(a, b)

    def _prefix(self, visitor: Visitor) -> str:
        if "prefix" not in visitor.data:
            visitor.data["prefix"] = "/en" if self._chance(self.english_share) else ""
        return visitor.data["prefix"]

    def _ack(self, kind: str, code: str | None) -> None:
        if not code:
            raise Problem(f"no {kind} code on the page")
        with self._lock:
            self.acknowledged.append(Acknowledgement(kind, code, time.monotonic()))

    @staticmethod
    def _marker(name: str):
        def check(response: Response):
            return None if f'{name}="' in response.body else f"no {name} on the page"

        return check

    def _next_serial(self) -> int:
        with self._lock:
            self._serial += 1
            return self._serial


def location(response: Response) -> str:
    location = response.headers.get("location", "")
    if location.startswith("http"):
        location = "/" + location.split("/", 3)[3]
    if not location.startswith("/"):
        raise Problem("redirect without a location")
    return location


def multipart(fields: dict, file_field: str, filename: str, content_type: str, data: bytes):
    boundary = f"----servicedesk-bench-{random.getrandbits(64):016x}"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
