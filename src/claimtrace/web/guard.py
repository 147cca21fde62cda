"""Every request passes these checks before it reaches a route.

In order: the Host header must name this server (stops DNS rebinding from a
web page against a loopback server); the client must be within its request
rate; the token, when one is set, must come with the request (Bearer header
or the cookie that ``?token=`` sets); and a state-changing request must come
from this site's own pages (stops cross-site form posts); and a declared
body size must be within the upload limit (a body sent without a declared
size is cut off by Starlette's RequestBodyLimitMiddleware, see app.py).
Every response carries a Content-Security-Policy that allows only this
site's own scripts and styles.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import math
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import cookie_parser
from starlette.responses import RedirectResponse, Response

from claimtrace.web.errors import error_response
from claimtrace.web.ratelimit import RateLimiter
from claimtrace.web.settings import LOOPBACK_NAMES, WebSettings, is_loopback

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "claimtrace_token"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # article links leak nothing; our own forms keep their Origin
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNLIMITED_PATHS = ("/static/",)  # cheap files every page loads: not rate limited


class SecurityHeaders:
    """Adds the CSP and its companions to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                kept = [(k, local_location(v.decode("latin-1")).encode("latin-1") if k.lower() == b"location" else v)
                        for k, v in message.get("headers", [])]
                message = {**message, "headers": [*kept, *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestGuard:
    """Host, rate, token, origin and size checks; each refusal is a clear 4xx."""

    def __init__(self, app: ASGIApp, settings: WebSettings, limiter: RateLimiter):
        self.app = app
        self.settings = settings
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "/")
        refusal = self._refuse(scope, headers, path)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    # -- the checks, in order ------------------------------------------------
    def _refuse(self, scope: Scope, headers: Headers, path: str) -> Response | None:
        if not host_allowed(headers.get("host", ""), self.settings):
            return error_response(path, 400, "unexpected Host header; open the server by its own address")
        if not path.startswith(UNLIMITED_PATHS):
            wait = self.limiter.check(client_address(scope, headers, self.settings.trusted_proxies))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                return error_response(
                    path, 429, f"too many requests; try again in {seconds} s (the limit is set with --rate-limit)",
                    headers={"Retry-After": str(seconds)},
                )
        if self.settings.token:
            refusal = self._check_token(scope, headers, path)
            if refusal is not None:
                return refusal
        if scope["method"] not in SAFE_METHODS and not same_origin(headers):
            return error_response(path, 403, "cross-site request refused; use this server's own pages")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.settings.max_upload_bytes:
            return error_response(path, 413, too_large_message(self.settings))
        return None

    def _check_token(self, scope: Scope, headers: Headers, path: str) -> Response | None:
        token = self.settings.token or ""
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = query.get("token")
        if given is not None and scope["method"] == "GET":
            if not hmac.compare_digest(given.encode(), token.encode()):
                return error_response(path, 401, "wrong token")
            # Remember it in a cookie and drop it from the address bar (and from any Referer).
            rest = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"])
            response = RedirectResponse(local_location(path + (f"?{rest}" if rest else "")), status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
            return response
        if token_matches(headers, token):
            return None
        return error_response(
            path, 401,
            "this server needs its token: send `Authorization: Bearer TOKEN`, or open any page once with ?token=TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )


class BodyTimeout:
    """A request body that stalls (no next piece within ``seconds``) is answered 408, not waited on forever.

    Innermost middleware: the 408 is raised as an HTTPException from ``receive``,
    so the app's own error handler answers it (JSON under /api, a page elsewhere).
    """

    def __init__(self, app: ASGIApp, seconds: float):
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body_done = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:  # later calls wait for a disconnect: no limit
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.seconds)
            except asyncio.TimeoutError:
                raise HTTPException(408, f"the request body stalled for {self.seconds:g} s; send it at once") from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, timed_receive, send)


def client_address(scope: Scope, headers: Headers, trusted_proxies: tuple[str, ...]) -> str:
    """The address a rate limit is keyed by: the TCP peer, unless the peer is a configured proxy.

    Behind a trusted proxy the client is the right-most X-Forwarded-For entry that is not itself
    a trusted proxy (entries further left were written by the client and prove nothing).
    """
    peer = (scope.get("client") or ("unknown", 0))[0]
    if not trusted_proxies or not _in_networks(peer, trusted_proxies):
        return peer
    forwarded = [part.strip() for part in ",".join(headers.getlist("x-forwarded-for")).split(",") if part.strip()]
    for hop in reversed(forwarded):
        if not _in_networks(hop, trusted_proxies):
            return hop if _is_address(hop) else peer
    return peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _in_networks(address: str, networks: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n.strip(), strict=False) for n in networks)


def local_location(location: str) -> str:
    """A redirect target that stays on this site: '//evil.example/x' or '/\\evil' become '/evil.example/x'.

    Browsers read a leading '//' (and '/\\') as another host; an absolute URL is
    reduced to its path. Only paths on this server are ever sent as Location.
    """
    cleaned = "".join(c for c in location if c not in "\t\r\n").replace("\\", "/")
    if cleaned.startswith("/"):
        return "/" + cleaned.lstrip("/")
    parts = urlsplit(cleaned)  # an absolute URL (Starlette's slash redirects name this host): keep the path
    return "/" + parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")


def too_large_message(settings: WebSettings) -> str:
    return f"the request body is over the limit of {settings.max_upload_bytes / 1048576:g} MiB (set with --max-upload-mb)"


def host_allowed(host_header: str, settings: WebSettings) -> bool:
    """On loopback only loopback names are accepted; a public bind relies on the token instead."""
    if not settings.is_loopback:
        return True
    host = urlsplit(f"//{host_header}").hostname or ""
    return host in LOOPBACK_NAMES or is_loopback(host) or host == settings.host


def same_origin(headers: Headers) -> bool:
    """Whether a browser says the request comes from this site; scripts and curl say nothing and pass.

    Sec-Fetch-Site is what current browsers send; Origin is the fallback for
    older ones (an opaque "null" origin is refused).
    """
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == headers.get("host", "")


def token_matches(headers: Headers, token: str) -> bool:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer ") and hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
        return True
    value = cookie_parser(headers.get("cookie", "")).get(TOKEN_COOKIE)
    return value is not None and hmac.compare_digest(value.encode(), token.encode())
