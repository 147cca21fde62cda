"""One shape for every error: JSON under /api, a readable page elsewhere.

A user error (bad claim, unknown id) is a 4xx that says what to do; a bug is
a 500 that says so without leaking a traceback to the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.responses import HTMLResponse, JSONResponse, Response

from claimtrace import views

API_PREFIX = "/api"
TITLES = {
    400: "Bad request",
    401: "Token needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timed out",
    409: "Conflict",
    413: "Upload too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Unavailable",
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid_input",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


@dataclass
class ApiError(Exception):
    """An error a route raises on purpose, with the status a client should see."""

    status: int
    message: str
    details: list[Any] | None = None

    def __str__(self) -> str:
        return self.message


def is_api_path(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def error_payload(status: int, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return views.envelope(
        "error", status=status, error=CODES.get(status, "error"), message=message, details=details or []
    )


def error_response(path: str, status: int, message: str, details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """JSON for API paths, an HTML page for the UI; both carry the security headers (even a 500)."""
    from claimtrace.web.guard import SECURITY_HEADERS

    headers = {**{k.decode(): v.decode() for k, v in SECURITY_HEADERS}, **(headers or {})}
    if is_api_path(path):
        from claimtrace.web.paths import public

        return JSONResponse(public(error_payload(status, message, details)), status_code=status, headers=headers)
    from claimtrace.web.templating import render_page

    html = render_page(
        "error.html", status=status, title=TITLES.get(status, "Error"), message=message, details=details or [],
        nav=None, read_only=False,
    )
    return HTMLResponse(html, status_code=status, headers=headers)
