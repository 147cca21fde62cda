"""Read input files into RawDocuments, one reader per format.

Readers never raise for bad input: they yield a Skip naming the file (and
line or row) and the reason, so one broken record never stops a batch.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from claimtrace.clean.repair import UndecodableError, decode_bytes
from claimtrace.records import RawDocument, Skip

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024  # 50 MiB: far above any article; stops accidental dumps
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


def walk_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skip]:
    """Expand files and folders (recursively, sorted, hidden files ignored)."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield Skip(str(given), "no such file or folder; check the path")
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                rel_parts = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in rel_parts):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Skip(str(given), "not a regular file")


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
            yield Skip(str(path), "empty file")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skip(str(path), f"cannot read file: {exc.strerror or exc}")
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


def _record_to_raw(record: object, source: str, fmt: str) -> Item:
    if not isinstance(record, dict):
        return Skip(source, "record is not a JSON object with a text field")
    lowered = {str(k).lower(): v for k, v in record.items()}
    text = next((lowered[f] for f in TEXT_FIELDS if isinstance(lowered.get(f), str) and lowered[f].strip()), None)
    if text is None:
        return Skip(source, f"no text: the record needs one of the fields {', '.join(TEXT_FIELDS)}")
    given: dict[str, str] = {}
    for key, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            value = lowered.get(alias)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if isinstance(value, (str, int, float)) and str(value).strip():
                given[key] = str(value).strip()
                break
    return RawDocument(source=source, format=fmt, text=text, given=given)


def _read_json(path: Path, data: bytes) -> Iterator[Item]:
    try:
        text, _enc = decode_bytes(data)
        parsed = json.loads(text)
    except UndecodableError as exc:
        yield Skip(str(path), str(exc))
        return
    except json.JSONDecodeError as exc:
        yield Skip(str(path), f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
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
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}#line={lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(source, f"invalid JSON on line {lineno}: {exc.msg}")
            continue
        yield _record_to_raw(record, source, "jsonl")


def _read_csv(path: Path, data: bytes) -> Iterator[Item]:
    try:
        text, _enc = decode_bytes(data)
    except UndecodableError as exc:
        yield Skip(str(path), str(exc))
        return
    csv.field_size_limit(DEFAULT_MAX_FILE_BYTES)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or not any(f and f.lower() in TEXT_FIELDS for f in reader.fieldnames):
        yield Skip(str(path), f"CSV header needs a column named one of {', '.join(TEXT_FIELDS)}")
        return
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Skip(f"{path}#row={row_number + 1}", f"malformed CSV row: {exc}")
            break
        row_number += 1
        source = f"{path}#row={row_number}"
        if None in row:
            yield Skip(source, "malformed CSV row: more fields than the header has")
            continue
        yield _record_to_raw(row, source, "csv")


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
        else:
            yield from read_file(entry, max_bytes)
