"""Decode bytes and repair broken text before NLP sees it.

Repair must run before NER: left alone, escape runs like ``xe2x80x99`` come
out of spaCy as PERSON entities and break sentence splitting.
"""

from __future__ import annotations

import re

import charset_normalizer
import ftfy

# A byte written as text: "\xe2" or, after a scraper dropped the backslash, "xe2".
_BYTE = r"\\?x[0-9a-fA-F]{2}"
_ESCAPE_RUN = re.compile(rf"(?:{_BYTE}){{2,}}")
_ONE_BYTE = re.compile(r"\\?x([0-9a-fA-F]{2})")


class UndecodableError(ValueError):
    """Raised when bytes are not text in any encoding we can detect."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes: UTF-8 first (most of the web), else detect.

    Returns the text and the encoding used. Binary data (NUL bytes, or no
    plausible encoding) raises UndecodableError so the caller can skip the file.
    """
    if not data.strip():
        return "", "empty"
    sample = data[:65536]
    if b"\x00" in sample and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise UndecodableError("binary file (contains NUL bytes), not text")
        return utf16
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableError("could not detect a text encoding; save the file as UTF-8")
    text = str(best)
    if _looks_binary(text):
        raise UndecodableError("binary file (mostly control characters), not text")
    return text, best.encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte order mark: NUL in (nearly) every other byte of a Latin-script text.

    >>> _utf16_without_bom("Valdoria".encode("utf-16-le"))
    ('Valdoria', 'utf-16-le')
    """
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros.count(0) >= 0.6 * len(zeros):
            try:
                text = data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if _looks_binary(text) or "\x00" in text else (text, encoding)
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control / len(sample) > 0.05


def _utf8_sequences(run: str) -> str:
    """Decode the complete UTF-8 sequences in a run of written-out bytes.

    Bytes that do not form a valid multi-byte sequence are left exactly as
    written, so ordinary words and stray hex survive untouched.
    """
    pieces = [(m.group(0), int(m.group(1), 16)) for m in _ONE_BYTE.finditer(run)]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        lead = pieces[i][1]
        need = 1 if 0xC2 <= lead <= 0xDF else 2 if 0xE0 <= lead <= 0xEF else 3 if 0xF0 <= lead <= 0xF4 else 0
        chunk = pieces[i : i + 1 + need]
        if need and len(chunk) == need + 1 and all(0x80 <= b <= 0xBF for _, b in chunk[1:]):
            try:
                out.append(bytes(b for _, b in chunk).decode("utf-8"))
                i += need + 1
                continue
            except UnicodeDecodeError:
                pass
        out.append(pieces[i][0])
        i += 1
    return "".join(out)


def repair_escapes(text: str) -> tuple[str, int]:
    """Turn ``xe2x80x99`` and ``\\xe2\\x80\\x99`` runs back into the characters they encode."""
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        fixed = _utf8_sequences(match.group(0))
        if fixed != match.group(0):
            count += 1
        return fixed

    if "x" not in text:
        return text, 0
    return _ESCAPE_RUN.sub(fix, text), count


def repair_text(text: str) -> tuple[str, list[str]]:
    """Repair escapes, then mojibake with ftfy; return the text and what was done.

    ``uncurl_quotes=False`` keeps typographic quotes, which the quote stage
    reads; ``fix_character_width=False`` keeps full-width CJK punctuation.
    """
    notes: list[str] = []
    fixed, n = repair_escapes(text)
    if n:
        notes.append(f"decoded {n} written-out UTF-8 byte sequence(s)")
    repaired = ftfy.fix_text(
        fixed,
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        unescape_html=False,
    )
    if repaired != fixed:
        notes.append("fixed mojibake (ftfy)")
    repaired = repaired.replace("\r\n", "\n").replace("\r", "\n")
    return repaired, notes
