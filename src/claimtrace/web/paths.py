"""Server paths never reach a client: sources and messages are shown relative to what the client knows.

A document's ``source`` is the file it was read from. The CLI shows it as it is;
the web shows it relative to the ``--ingest-root`` it lies in, an upload by its
file name, and anything else by its last two path parts after "…/". Free text
(an ingest error, a skip reason) has every known server folder replaced the same way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path, PurePosixPath
from typing import Any

UPLOAD_LABEL = "upload:"
_ABSOLUTE = re.compile(r"^(?:/|[A-Za-z]:[\\/])")


class PathScrubber:
    """Rewrites server paths in strings and JSON payloads for one server's folders."""

    def __init__(self, roots: Iterable[str | os.PathLike[str]], uploads: str | os.PathLike[str], private: Iterable[str] = ()):
        pairs: list[tuple[str, str]] = [(_folder(uploads), UPLOAD_LABEL)]
        pairs += [(_folder(r), "") for r in roots]
        pairs += [(_folder(p), "…/") for p in private if p]
        # Longest first, so a root inside the home folder wins over the home folder; the first label given wins.
        labels = {p: label for p, label in reversed(pairs) if p != "/"}
        self.prefixes = sorted(labels.items(), key=lambda pl: -len(pl[0]))
        alternatives = "|".join(re.escape(p[:-1]) + "(?:/|(?![\\w-]|\\.\\w))" for p, _ in self.prefixes)
        self._pattern = re.compile(alternatives) if alternatives else None

    def text(self, value: str) -> str:
        """``value`` with every known server folder replaced by what a client may see."""
        if self._pattern is None or "/" not in value:
            return value
        return self._pattern.sub(self._label, value)

    def _label(self, match: re.Match[str]) -> str:
        found = match.group(0)
        for prefix, label in self.prefixes:
            if found == prefix:
                return label
            if found == prefix[:-1]:
                return label or "."
        return found

    def source(self, value: str) -> str:
        """A document source: relative to its root, an upload's name, else '…/parent/file'."""
        path, hash_, locator = value.partition("#")
        shown = self.text(path)
        if shown.startswith(UPLOAD_LABEL):  # uploads/JOB/name -> upload:name
            shown = UPLOAD_LABEL + PurePosixPath(shown[len(UPLOAD_LABEL):]).name
        elif _ABSOLUTE.match(shown):
            parts = PurePosixPath(shown.replace("\\", "/")).parts[-2:]
            shown = "…/" + "/".join(parts)
        return shown + hash_ + locator

    def name(self, value: str) -> str:
        """A source's name as a client may see it: a document without outlet or title is named by its file
        (the provenance trace's nodes), shown as :meth:`source`; any other name is scrubbed as text."""
        path, sep, rest = value.partition(" — ")  # 'FILE — outlet — date' when the document has no title
        return self.source(path) + sep + self.text(rest) if _looks_like_path(path) else self.text(value)

    def payload(self, value: Any, key: str = "") -> Any:
        """A copy of a JSON-shaped value with ``source`` paths (and source ``name``s that are paths) shown as
        :meth:`source` and other text scrubbed."""
        if isinstance(value, dict):
            return {k: self.payload(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.payload(v, key) for v in value]
        if isinstance(value, str):
            if key == "name":
                return self.name(value)
            return self.source(value) if key == "source" and _looks_like_path(value) else self.text(value)
        return value


def _folder(path: str | os.PathLike[str]) -> str:
    """An absolute folder with its trailing separator, symlinks resolved where possible."""
    text = str(Path(path).expanduser().resolve())
    return text.rstrip("/\\") + "/"


def _looks_like_path(value: str) -> bool:
    return bool(_ABSOLUTE.match(value))


def default_private() -> list[str]:
    """Folders that are nobody's business even when no root holds them: the home and working folders."""
    return [str(Path.home()), os.getcwd()]


# The scrubber of the server answering the current request (set by ScrubberContext; threads copy it).
current_scrubber: ContextVar[PathScrubber | None] = ContextVar("current_scrubber", default=None)


class ScrubberContext:
    """ASGI middleware: every request sees its own server's scrubber through ``current_scrubber``."""

    def __init__(self, app: Any, scrubber: PathScrubber):
        self.app = app
        self.scrubber = scrubber

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        token = current_scrubber.set(self.scrubber)
        try:
            await self.app(scope, receive, send)
        finally:
            current_scrubber.reset(token)


def public(payload: Any) -> Any:
    """A JSON payload as the current request's client may see it (unchanged outside a request)."""
    scrubber = current_scrubber.get()
    return payload if scrubber is None else scrubber.payload(payload)


def for_server(roots: Iterable[str], uploads: str | os.PathLike[str], db: str) -> PathScrubber:
    """The scrubber for a server: its ingest roots, upload folder, database folder, home and working folders."""
    private = default_private()
    if "://" not in db:
        private.append(str(Path(db).expanduser().resolve().parent))
    return PathScrubber(roots, uploads, private)
