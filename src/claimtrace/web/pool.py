"""A fixed set of Workbenches shared by request threads.

One SQLite connection must not serve two threads at once, and each store
keeps its own sentence-vector cache, so a small bounded pool gives safe
concurrency with bounded memory: requests beyond the pool size wait.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from claimtrace.service import Workbench


class WorkbenchPool:
    """Lends Workbenches (one SQLite connection each), opened lazily, up to ``size``."""

    def __init__(self, db: str, size: int, readonly: bool):
        self.db = db
        self.size = size
        self.readonly = readonly
        self._idle: queue.LifoQueue[Workbench] = queue.LifoQueue()
        self._opened = 0
        self._lock = threading.Lock()
        self._all: list[Workbench] = []

    @contextmanager
    def lease(self) -> Iterator[Workbench]:
        bench = self._acquire()
        try:
            yield bench
        finally:
            self._idle.put(bench)

    def _acquire(self) -> Workbench:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._opened < self.size:
                bench = Workbench(self.db, readonly=self.readonly)
                self._opened += 1
                self._all.append(bench)
                return bench
        return self._idle.get()

    def close(self) -> None:
        with self._lock:
            for bench in self._all:
                bench.close()
            self._all.clear()
            self._opened = 0
            self._idle = queue.LifoQueue()
