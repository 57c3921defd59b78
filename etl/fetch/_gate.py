"""Per-host politeness shared by every thread of one fetcher."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostGate:
    """Per-host politeness: a concurrency limit and spacing of request starts."""

    def __init__(self, concurrency: int, sleep: Callable[[float], None]) -> None:
        self._concurrency = max(1, concurrency)
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    def defer(self, host: str, seconds: float) -> None:
        """Push the next allowed start for ``host`` (e.g. after Retry-After)."""
        with self._lock:
            later = time.monotonic() + seconds
            self._next_start[host] = max(self._next_start.get(host, 0.0), later)

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        """Hold one of the host's slots, started no sooner than its delay allows."""
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        sem.acquire()
        try:
            # Reserve a start time under the lock so concurrent threads get
            # evenly spaced start times instead of all waking together.
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + delay
            if start > now:
                self._sleep(start - now)
            yield
        finally:
            sem.release()
