"""An open-loop load generator that holds a fixed request rate (wrk cannot).

A dispatcher thread hands out one request slot every ``1 / rate`` seconds; a pool of threads
runs them. Each slot performs exactly one HTTP request: a visitor's next step (the POST after a
form was read, the page a redirect leads to, a later look-up of a tracking code) when one is
due, else the first step of a new visitor chosen by weight. Latency is counted from the slot's
scheduled moment, so a server that falls behind cannot hide it (no coordinated omission), and
every response is recorded: step, status, latencies, and what was wrong with it.

Steps are plain functions ``step(http) -> [(delay_seconds, next_step), ...]``; ``http`` is a
:class:`Visitor` (cookies, a client address of its own) that performs and records the request.
"""

import heapq
import http.client
import itertools
import queue
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlparse


@dataclass(slots=True)
class Result:
    step: str
    path: str
    scheduled: float  # time.monotonic() of the slot
    started: float
    finished: float
    status: int  # 0: no HTTP answer (connection refused, reset, timeout)
    problem: str = ""  # empty when the answer was what the step expected
    request_id: str = ""  # sent as X-Request-ID: the portal's log lines carry it

    @property
    def latency_ms(self) -> float:
        """From the scheduled moment to the last byte: what a visitor waited."""
        return (self.finished - self.scheduled) * 1000

    @property
    def service_ms(self) -> float:
        return (self.finished - self.started) * 1000


@dataclass
class Response:
    status: int
    headers: dict  # names in lower case
    body: str

    def find(self, pattern: str) -> str | None:
        match = re.search(pattern, self.body)
        return match.group(1) if match else None


class Problem(Exception):
    """The step got an answer it did not expect (recorded, the visitor stops)."""


_addresses = itertools.count(1)
_request_ids = itertools.count(1)


def next_address() -> str:
    """A distinct client address per visitor (10.0.0.1, 10.0.0.2, …), sent as X-Forwarded-For
    to a portal told to trust one proxy: per-client rate limits stay at their real values."""
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class Visitor:
    """One person's browser: its cookies and its address. Each call performs one request."""

    def __init__(self, generator: "LoadGenerator", address: str | None = None):
        self.generator = generator
        self.address = address or next_address()
        self.cookies: dict[str, str] = {}
        self.data: dict = {}  # what the visitor carries from one step to the next
        self._slot: float = 0.0

    def request(
        self,
        step: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict | None = None,
        expect: tuple[int, ...] = (200,),
        check=None,
    ) -> Response:
        """Perform the request and record it; raise Problem when the answer is not expected.

        ``check(response)`` may return a problem description (else None)."""
        generator = self.generator
        request_id = f"bench-{next(_request_ids)}"
        all_headers = {
            "Host": generator.host,
            "X-Request-ID": request_id,
            "Connection": "close",
            "User-Agent": "servicedesk-bench",
            "Accept-Language": "fa",
            "X-Forwarded-For": self.address,
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        started = time.monotonic()
        status, problem, response = 0, "", None
        try:
            connection = http.client.HTTPConnection(
                generator.hostname, generator.port, timeout=generator.timeout
            )
            try:
                connection.request(method, path, body=body, headers=all_headers)
                raw = connection.getresponse()
                payload = raw.read()
                status = raw.status
                for header in raw.headers.get_all("Set-Cookie") or []:
                    cookie = SimpleCookie(header)
                    for name, morsel in cookie.items():
                        self.cookies[name] = morsel.value
                response = Response(
                    status,
                    {k.lower(): v for k, v in raw.headers.items()},
                    payload.decode("utf-8", "replace"),
                )
            finally:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            problem = f"no answer: {type(error).__name__}"
        finished = time.monotonic()
        if response is not None:
            problem = generator.inspect(response, path)
            if not problem and status not in expect:
                problem = f"unexpected {status}"
            if not problem and check:
                problem = check(response) or ""
        generator.record(
            Result(
                step,
                path.split("?")[0],
                self._slot,
                started,
                finished,
                status,
                problem,
                request_id,
            )
        )
        if problem:
            raise Problem(problem)
        return response

    def get(self, step: str, path: str, **options) -> Response:
        return self.request(step, "GET", path, **options)

    def post_form(self, step: str, path: str, fields: dict, **options) -> Response:
        return self.request(
            step,
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            **options,
        )


@dataclass(order=True)
class _Pending:
    due: float
    order: int
    visitor: Visitor = field(compare=False)
    step: object = field(compare=False)


class LoadGenerator:
    """Drive ``scenarios`` (``[(weight, first_step), ...]``) at ``rate`` requests/s."""

    def __init__(
        self,
        base: str,
        scenarios,
        *,
        rate: float,
        threads: int = 64,
        timeout: float = 60,
        inspect=None,
        seed: int = 7,
    ):
        parts = urlparse(base)
        self.host = parts.netloc
        self.hostname, self.port = parts.hostname, parts.port
        self.rate = rate
        self.timeout = timeout
        self.scenarios = scenarios
        self.inspect = inspect or (lambda response, path: "")
        self.random = random.Random(seed)
        self.results: list[Result] = []
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []
        self._order = itertools.count()
        self._slots: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._work, daemon=True, name=f"load-{n}")
            for n in range(threads)
        ]
        self._dispatcher = threading.Thread(target=self._dispatch, daemon=True, name="dispatch")
        self.max_backlog = 0

    # --- recording ---
    def record(self, result: Result) -> None:
        with self._lock:
            self.results.append(result)

    def later(self, visitor: Visitor, delay: float, step) -> None:
        with self._lock:
            heapq.heappush(
                self._pending, _Pending(time.monotonic() + delay, next(self._order), visitor, step)
            )

    # --- running ---
    def start(self) -> "LoadGenerator":
        # A thread that has connected must send its request at once: a sync gunicorn worker
        # waits on it. Python's default GIL hand-over interval (5 ms) would make the server
        # look slower than it is.
        sys.setswitchinterval(0.0005)
        for thread in self._threads:
            thread.start()
        self._dispatcher.start()
        return self

    def stop(self, *, discard: bool = False) -> None:
        """Stop handing out slots and wait for the requests in flight; with ``discard``, slots
        handed out but not started yet are dropped instead of run."""
        self._stop.set()
        self._dispatcher.join()
        while discard:
            try:
                self._slots.get_nowait()
            except queue.Empty:
                break
        for _ in self._threads:
            self._slots.put(None)
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)

    def run_for(self, seconds: float) -> None:
        self.start()
        try:
            time.sleep(seconds)
        finally:
            self.stop()

    def _next(self, now: float):
        with self._lock:
            if self._pending and self._pending[0].due <= now:
                pending = heapq.heappop(self._pending)
                return pending.visitor, pending.step
        weights = [weight for weight, _ in self.scenarios]
        _, first = self.random.choices(self.scenarios, weights=weights)[0]
        return Visitor(self), first

    def _dispatch(self) -> None:
        interval = 1 / self.rate
        slot = time.monotonic()
        while not self._stop.is_set():
            now = time.monotonic()
            if slot > now:
                time.sleep(slot - now)
            visitor, step = self._next(slot)
            self._slots.put((slot, visitor, step))
            self.max_backlog = max(self.max_backlog, self._slots.qsize())
            slot += interval

    def _work(self) -> None:
        while True:
            item = self._slots.get()
            if item is None:
                return
            slot, visitor, step = item
            visitor._slot = slot
            try:
                follow_ups = step(visitor) or []
            except Problem:
                continue
            except Exception as error:  # a bug in a step must not stop the run silently
                self.record(
                    Result(
                        getattr(step, "__name__", "step"),
                        "",
                        slot,
                        slot,
                        time.monotonic(),
                        0,
                        f"step bug: {error!r}",
                    )
                )
                continue
            for delay, next_step in follow_ups:
                self.later(visitor, delay, next_step)


# --- figures ------------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(results: list[Result], seconds: float | None = None) -> dict:
    """Counts by status class, problems, latency percentiles (from the scheduled moment)."""
    statuses = Counter(r.status for r in results)
    latencies = [r.latency_ms for r in results if r.status]
    if seconds is None and results:
        seconds = max(r.finished for r in results) - min(r.scheduled for r in results)
    return {
        "requests": len(results),
        "per_second": round(len(results) / seconds, 1) if seconds else 0.0,
        "statuses": dict(sorted(statuses.items())),
        "server_errors": sum(n for s, n in statuses.items() if s >= 500),
        "no_answer": statuses.get(0, 0),
        "problems": sum(1 for r in results if r.problem),
        "problem_kinds": dict(Counter(r.problem for r in results if r.problem).most_common(10)),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p90_ms": round(percentile(latencies, 90), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else 0.0,
        "mean_service_ms": round(statistics.fmean(r.service_ms for r in results), 1)
        if results
        else 0.0,
    }


def by_step(results: list[Result]) -> dict[str, dict]:
    steps: dict[str, list[Result]] = {}
    for result in results:
        steps.setdefault(result.step, []).append(result)
    return {
        name: {
            "requests": len(rs),
            "errors": sum(1 for r in rs if r.problem),
            "p50_ms": round(percentile([r.latency_ms for r in rs], 50), 1),
            "p99_ms": round(percentile([r.latency_ms for r in rs], 99), 1),
        }
        for name, rs in sorted(steps.items())
    }
