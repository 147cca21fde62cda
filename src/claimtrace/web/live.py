"""Run the app with uvicorn in a background thread on a free loopback port.

For end-to-end tests and the load benchmark: a real HTTP server, started and
stopped from Python, with no process left behind.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self, timeout: float = 15.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)

    def __enter__(self) -> "LiveServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_in_thread(app, host: str = "127.0.0.1", port: int | None = None, startup_timeout: float = 180.0) -> LiveServer:
    """Start ``app`` and return once it accepts requests (after its warm-up).

    A claimtrace app runs with the options ``claimtrace serve`` uses (timeouts, no proxy headers).
    """
    from claimtrace.web.server import uvicorn_options

    port = port or free_port(host)
    state = getattr(getattr(app, "state", None), "web", None)
    options = uvicorn_options(state.settings) if state is not None else {"log_level": "warning", "server_header": False}
    options.update(host=host, port=port)
    config = uvicorn.Config(app, lifespan="on", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="claimtrace-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server stopped during start-up; see the log above")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise TimeoutError(f"the server did not start within {startup_timeout:.0f} s")
        time.sleep(0.05)
    return LiveServer(f"http://{host}:{port}", server, thread)
