"""Running the app under uvicorn with timeouts, so a slow or silent client cannot hold a connection.

uvicorn closes idle keep-alive connections but has no limit on how long the
request line and headers may take to arrive (a slow-loris client sends one
header byte at a time). ``HeaderTimeoutH11`` adds one: from the moment a
connection opens, or a response on it ends, the next request's head must be
complete within ``header_timeout_s`` or the connection gets a 408 and is
closed. Stalled bodies are cut off inside the app (``guard.BodyTimeout``).
X-Forwarded-For is never taken by uvicorn itself: the guard reads it only
from a configured ``--trusted-proxy``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from claimtrace.web.settings import WebSettings

KEEP_ALIVE_S = 5
MAX_HEADER_BYTES = 32 * 1024
MAX_CONNECTIONS = 200


def header_timeout_protocol(seconds: float) -> type[H11Protocol]:
    """An h11 protocol class whose request heads must arrive within ``seconds``."""

    class HeaderTimeoutH11(H11Protocol):
        header_timeout_task: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_header_timer()
            super().connection_lost(exc)

        def _arm_header_timer(self) -> None:
            self._disarm_header_timer()
            if not self.transport.is_closing():
                self.header_timeout_task = self.loop.call_later(seconds, self._header_timed_out)

        def _disarm_header_timer(self) -> None:
            if self.header_timeout_task is not None:
                self.header_timeout_task.cancel()
                self.header_timeout_task = None

        def _header_timed_out(self) -> None:
            self.header_timeout_task = None
            if self.transport.is_closing() or self.conn.their_state is not h11.IDLE or self.cycle_in_progress():
                return  # a request is in progress: its body has its own limit
            if not self._partial_head():  # a connection that never said anything
                self.transport.close()
                return
            body = f"the request headers took longer than {seconds:g} s\n".encode()
            head = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
                    b"content-length: " + str(len(body)).encode() + b"\r\n\r\n")
            self.transport.write(head + body)
            self.transport.close()

        def cycle_in_progress(self) -> bool:
            return self.cycle is not None and not self.cycle.response_complete

        def _partial_head(self) -> bool:
            """Whether some bytes of a request head have arrived (an idle line is left to keep-alive)."""
            return bool(getattr(self.conn, "trailing_data", (b"",))[0])

    return HeaderTimeoutH11


def uvicorn_options(settings: WebSettings) -> dict[str, Any]:
    """What ``claimtrace serve`` passes to uvicorn besides the app."""
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "server_header": False,
        "proxy_headers": False,  # the guard decides whom to believe (settings.trusted_proxies)
        "timeout_keep_alive": KEEP_ALIVE_S,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "limit_concurrency": MAX_CONNECTIONS,
        "http": header_timeout_protocol(settings.header_timeout_s),
    }


def serve(app: Any, settings: WebSettings) -> None:
    import uvicorn

    uvicorn.run(app, **uvicorn_options(settings))
