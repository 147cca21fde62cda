"""Read input files into RawDocuments, one reader per format.

Readers never raise for bad input: they yield a Skip naming the file (and
line or row) and the reason, so one broken record never stops a batch.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from claimtrace.clean.repair import UndecodableError, decode_bytes
from claimtrace.records import RawDocument, Skip

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024  # 50 MiB: far above any article; stops accidental dumps
# Per-document budget: a long feature is 5-15k words (30-90k characters); a document over this is a dump or an
# attack, and would hold spaCy and the enrichment stages for many seconds (a document at the budget takes
# 4-8 s here, `bench/stall.py`; 150,000 characters took 7-12 s, as this shared machine's speed varied).
DEFAULT_MAX_DOC_CHARS = 100_000
TEXT_FIELDS = ("text", "body", "content")
FIELD_ALIASES = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "author": ("author", "byline", "authors"),
    "date": ("date", "published", "published_at", "publication_date"),
    "outlet": ("outlet", "source", "site", "publisher"),
}
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}

Item = RawDocument | Skip
# An SVG file (its root element, after an XML declaration, doctype or comments): trafilatura's date extractor
# fails an assertion on it.
_SVG_ROOT = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.IGNORECASE | re.DOTALL)


def walk_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skip]:
    """Expand files and folders (recursively, sorted, hidden files ignored).

    Whatever cannot be read is named, never passed over in silence: a folder
    without read permission, a symbolic link that loops or points nowhere, a
    FIFO, socket or device (reading a FIFO would block the whole batch).
    """
    for given in paths:
        path = Path(given)
        kind, reason = _classify(path)
        if kind == "dir":
            yield from _walk_folder(path, {_identity(path)})
        elif kind == "file":
            yield path
        else:
            yield Skip(str(given), reason)


def _identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino


def _classify(path: Path) -> tuple[str, str]:
    """("file" | "dir" | "skip", reason) for one path, following symbolic links."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "skip", "symbolic link loop; fix or remove the link"
        if path.is_symlink():
            return "skip", "broken symbolic link (its target does not exist); fix or remove the link"
        if exc.errno == errno.ENOENT:
            return "skip", "no such file or folder; check the path"
        return "skip", f"cannot read: {exc.strerror or exc}; check its permissions"
    if stat.S_ISDIR(mode):
        return "dir", ""
    if stat.S_ISREG(mode):
        return "file", ""
    return "skip", "not a regular file (a FIFO, socket or device); ingest regular files only"


def _walk_folder(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path | Skip]:
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        yield Skip(str(folder), f"cannot read folder: {exc.strerror or exc}; check its permissions")
        return
    for name in names:
        if name.startswith("."):
            continue
        child = folder / name
        kind, reason = _classify(child)
        if kind == "file":
            yield child
        elif kind == "skip":
            yield Skip(str(child), reason)
        else:
            identity = _identity(child)
            if identity in visited:
                yield Skip(str(child), "symbolic link loop: this folder is already being read; fix or remove the link")
                continue
            yield from _walk_folder(child, visited | {identity})


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[Item]:
    """Yield the documents (or skips) one file holds."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        yield Skip(str(path), f"unsupported file type {path.suffix or '(none)'!r}; use .txt, .md, .html, .json, .jsonl or .csv")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skip(str(path), f"file is {size / 1048576:.1f} MiB, over the {max_bytes / 1048576:.0f} MiB limit (--max-file-mb)")
            return
        if size == 0:
            yield Skip(str(path), "empty file (0 bytes): nothing to ingest")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skip(str(path), f"cannot read file: {exc.strerror or exc}; check its permissions")
        return
    yield from READERS[fmt](path, data)


def _read_plain(fmt: str) -> Callable[[Path, bytes], Iterator[Item]]:
    def reader(path: Path, data: bytes) -> Iterator[Item]:
        yield RawDocument(source=str(path), format=fmt, data=data)

    return reader


def _read_html(path: Path, data: bytes) -> Iterator[Item]:
    """Main text and metadata via trafilatura, which drops menus and footers."""
    import trafilatura

    try:
        html, _enc = decode_bytes(data)
    except UndecodableError as exc:
        yield Skip(str(path), str(exc))
        return
    if _SVG_ROOT.match(html):
        yield Skip(str(path), "an SVG image, not an HTML page; nothing to ingest")
        return
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if result is None or not (getattr(result, "text", None) or "").strip():
        yield Skip(str(path), "no article text found in this HTML page")
        return
    given = {
        "title": result.title or "",
        "author": result.author or "",
        "date": result.date or "",
        "outlet": result.sitename or "",
        "url": result.url or "",
    }
    text = result.text
    if result.title and not text.lstrip().startswith(result.title):
        text = f"{result.title}\n\n{text}"
    yield RawDocument(source=str(path), format="html", text=text, given={k: v for k, v in given.items() if v})


def _field_text(name: str, value: object) -> str | None:
    """A metadata field as text; raises ValueError (a message for the user) for a shape we cannot read."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                item = item["name"]  # [{"name": "Ana Brel"}], a common shape for authors
            if not isinstance(item, str):
                raise ValueError(f"field {name!r} must be text or a list of text, not a list holding {_json_type(item)}")
            parts.append(item)
        return ", ".join(p for p in parts if p.strip())
    raise ValueError(f"field {name!r} must be text, not {_json_type(value)}")


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", type(None): "null", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _record_to_raw(record: object, source: str, fmt: str) -> Item:
    if not isinstance(record, dict):
        return Skip(source, f"record is {_json_type(record)}, not a JSON object with a text field; fix the export")
    lowered = {str(k).lower(): v for k, v in record.items()}
    text = next((lowered[f] for f in TEXT_FIELDS if isinstance(lowered.get(f), str) and lowered[f].strip()), None)
    if text is None:
        wrong = next((f for f in TEXT_FIELDS if lowered.get(f) is not None and not isinstance(lowered[f], str)), None)
        if wrong is not None:
            return Skip(source, f"field {wrong!r} must be text, not {_json_type(lowered[wrong])}; fix the export")
        return Skip(source, f"no text: the record needs one of the fields {', '.join(TEXT_FIELDS)}")
    given: dict[str, str] = {}
    try:
        for key, aliases in FIELD_ALIASES.items():
            for alias in aliases:
                value = _field_text(alias, lowered.get(alias))
                if value is not None and value.strip():
                    given[key] = value.strip()
                    break
    except ValueError as exc:
        return Skip(source, f"{exc}; fix the export")
    return RawDocument(source=source, format=fmt, text=text, given=given)


def _parse_json(text: str) -> object:
    """json.loads, with every way it fails turned into a ValueError naming the problem."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply (hundreds of levels); an article export needs only a list of objects") from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise ValueError(f"invalid JSON: {exc}") from exc


def _read_json(path: Path, data: bytes) -> Iterator[Item]:
    try:
        text, _enc = decode_bytes(data)
        if not text.strip():
            raise ValueError("empty file: no JSON in it")
        parsed = _parse_json(text)
    except ValueError as exc:  # UndecodableError included
        yield Skip(str(path), str(exc))
        return
    if isinstance(parsed, list) and not parsed:
        yield Skip(str(path), "empty JSON list: no records to ingest")
        return
    records = parsed if isinstance(parsed, list) else [parsed]
    for i, record in enumerate(records):
        source = f"{path}#{i}" if isinstance(parsed, list) else str(path)
        yield _record_to_raw(record, source, "json")


def _read_jsonl(path: Path, data: bytes) -> Iterator[Item]:
    try:
        text, _enc = decode_bytes(data)
    except UndecodableError as exc:
        yield Skip(str(path), str(exc))
        return
    found = False
    # Records end at "\n" only: U+2028 and the other breaks str.splitlines knows are valid inside a JSON string.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        source = f"{path}#line={lineno}"
        try:
            record = _parse_json(line)
        except ValueError as exc:
            cause = exc.__cause__
            detail = cause.msg if isinstance(cause, json.JSONDecodeError) else str(exc)
            yield Skip(source, f"invalid JSON on line {lineno}: {detail}")
            continue
        yield _record_to_raw(record, source, "jsonl")
    if not found:
        yield Skip(str(path), "no JSON records in this file (it is empty or blank)")


def _read_csv(path: Path, data: bytes) -> Iterator[Item]:
    try:
        text, _enc = decode_bytes(data)
    except UndecodableError as exc:
        yield Skip(str(path), str(exc))
        return
    csv.field_size_limit(DEFAULT_MAX_FILE_BYTES)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        yield Skip(str(path), f"malformed CSV header: {exc}")
        return
    if not fieldnames or not any(f and f.lower() in TEXT_FIELDS for f in fieldnames):
        yield Skip(str(path), f"CSV header needs a column named one of {', '.join(TEXT_FIELDS)}")
        return
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Skip(f"{path}#row={row_number + 1}", f"malformed CSV row: {exc}; the rows after it were not read, fix the file")
            break
        row_number += 1
        source = f"{path}#row={row_number}"
        if None in row:
            yield Skip(source, "malformed CSV row: more fields than the header has")
            continue
        yield _record_to_raw(row, source, "csv")
    if row_number == 1:
        yield Skip(str(path), "CSV has a header but no rows")


READERS: dict[str, Callable[[Path, bytes], Iterator[Item]]] = {
    "txt": _read_plain("txt"),
    "md": _read_plain("md"),
    "html": _read_html,
    "json": _read_json,
    "jsonl": _read_jsonl,
    "csv": _read_csv,
}


def read_inputs(paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[Item]:
    """Every document (or skip) under the given paths, streamed file by file."""
    for entry in walk_inputs(paths):
        if isinstance(entry, Skip):
            yield entry
            continue
        try:
            yield from read_file(entry, max_bytes)
        except Exception as exc:  # one unreadable file never stops the batch; the records it yielded stand
            yield Skip(str(entry), failure("reading", exc))


def failure(step: str, exc: BaseException) -> str:
    """The reason for an input that only the ingest's safety net caught (a bug): what failed, and what to do."""
    detail = " ".join(str(exc).split())[:300]
    return (
        f"failed while {step} this document ({type(exc).__name__}: {detail}); it was not stored, "
        "the rest of the batch went on; please report it with this file"
    )
