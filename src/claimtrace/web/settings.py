"""How the server was asked to run: one frozen record built by the CLI (or a test).

Checked once, up front, so a bad combination (a public address without a
token) fails with one clear message instead of serving an open corpus.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from claimtrace.errors import UserError

TOKEN_ENV = "CLAIMTRACE_TOKEN"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class WebSettings:
    """Everything the app needs to know; defaults suit one analyst on their own machine."""

    db: str = "claimtrace.db"
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    read_only: bool = False
    max_upload_bytes: int = 25 * 1024 * 1024
    rate_per_second: float = 10.0  # per client; 0 switches the limit off
    rate_burst: int = 40
    ingest_roots: tuple[str, ...] = field(default_factory=lambda: (os.getcwd(),))
    upload_dir: str | None = None  # default: "<db>-uploads" beside a SQLite file; the user cache for a server URL
    pool_size: int = 4  # open connections (each keeps its own vector cache)
    warm_up: bool = True
    # Addresses of reverse proxies whose X-Forwarded-For is believed; from anyone else it is ignored,
    # so a client cannot pick its own rate-limit key.
    trusted_proxies: tuple[str, ...] = ()
    upload_retention_s: float = 24 * 3600.0  # how long a failed upload is kept for a look; a good one is deleted at once
    header_timeout_s: float = 10.0  # the request line and headers must arrive within this (slow-loris)
    body_timeout_s: float = 30.0  # the longest wait for the next piece of a request body

    @property
    def uploads_path(self) -> Path:
        if self.upload_dir:
            return Path(self.upload_dir)
        if "://" in str(self.db):
            # A server database has no folder to sit beside: keep uploads in the cache, keyed by the
            # password-free URL (a password must never end up in a path).
            import hashlib

            from claimtrace.retrieve.ann import cache_dir, url_without_password

            digest = hashlib.sha256(url_without_password(str(self.db)).encode("utf-8")).hexdigest()[:24]
            return cache_dir().parent / "uploads" / digest
        db = Path(self.db)
        return db.with_name(db.stem + "-uploads")

    @property
    def is_loopback(self) -> bool:
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def validate(settings: WebSettings) -> WebSettings:
    """Refuse settings that would expose the corpus or cannot work; return them unchanged."""
    if not settings.is_loopback and not settings.token:
        raise UserError(
            f"refusing to listen on {settings.host} without a token; pass --token SECRET "
            f"(or set {TOKEN_ENV}), or keep the default --host 127.0.0.1"
        )
    if settings.token is not None and len(settings.token) < 8:
        raise UserError("the token is too short; use at least 8 characters (e.g. `python -c 'import secrets; print(secrets.token_urlsafe())'`)")
    if not 0 < settings.port < 65536:
        raise UserError(f"--port {settings.port} is not a port number (1-65535)")
    if settings.max_upload_bytes <= 0:
        raise UserError("--max-upload-mb must be positive")
    if settings.rate_per_second < 0 or settings.rate_burst < 1:
        raise UserError("--rate-limit must be 0 (off) or positive, and --rate-burst at least 1")
    for proxy in settings.trusted_proxies:
        try:
            ipaddress.ip_network(proxy.strip(), strict=False)
        except ValueError:
            raise UserError(f"--trusted-proxy {proxy!r} is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/8)") from None
    if settings.header_timeout_s <= 0 or settings.body_timeout_s <= 0:
        raise UserError("the header and body timeouts must be positive")
    if settings.pool_size < 1:
        raise UserError("the connection pool needs at least one connection")
    return settings
