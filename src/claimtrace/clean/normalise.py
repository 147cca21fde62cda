"""Input normalisation every backend can store: no NUL, no lone surrogates, dates in a sane range.

Both stores must accept whatever a scraper hands us. PostgreSQL refuses NUL in
text, and neither SQLite's nor PostgreSQL's driver can encode a lone surrogate
(``json.loads('"\\ud800"')`` makes one, and so does a file name with invalid
UTF-8 bytes). Dates outside years 1000-2100 are a typo or an attack, never a
publication date; they break date arithmetic and every chart of the corpus.
"""

from __future__ import annotations

import re
from datetime import date

from claimtrace.records import PublicationDate

MIN_YEAR = 1000
MAX_YEAR = 2100
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def scrub(text: str) -> str:
    """``text`` without NUL characters and with each lone surrogate replaced by U+FFFD.

    >>> scrub("a\\x00b\\ud800c")
    'ab\\ufffdc'
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def scrub_optional(text: str | None) -> str | None:
    return None if text is None else scrub(text)


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def plausible_iso_date(value: str | None) -> bool:
    """True for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real day in years 1000-2100.

    >>> [plausible_iso_date(v) for v in ("2024-02-29", "2023-02-29", "2023-13", "0000", "9999", "2024")]
    [True, False, False, False, False, True]
    """
    match = _ISO.match(value or "")
    if not match:
        return False
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    if not year_in_range(year):
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def checked_publication_date(published: PublicationDate) -> PublicationDate:
    """``published`` unless its value is no possible date, which becomes unknown with the reason."""
    if published.value is not None and not plausible_iso_date(published.value):
        return PublicationDate(None, "unknown", None, f"{published.value} is not a possible publication date (years 1000-2100 only)")
    return published


def years_in_range(*values: str | None) -> bool:
    """False when a value starting with a four-digit year (ISO or TimeML: ``5026-11``, ``2022-W47``) is outside 1000-2100.

    >>> years_in_range("2022-W47", None, "PRESENT_REF"), years_in_range("5026-11-01")
    (True, False)
    """
    for value in values:
        match = re.match(r"(\d{4})(?!\d)", value or "")
        if match and not year_in_range(int(match[1])):
            return False
        if re.match(r"\d{5}", value or ""):
            return False
    return True
