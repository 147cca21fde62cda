"""Drop site furniture lines ("Back to Top", "Watch more on ...") from article text.

Every rule matches a whole, short line: cutting a real sentence does more
harm than leaving a stray menu item, so when in doubt a line stays.
"""

from __future__ import annotations

import re

# Whole-line patterns (matched against the stripped line, case-insensitive).
FURNITURE_LINES: list[tuple[str, re.Pattern[str]]] = [
    ("video promo", re.compile(r"watch (more|the full (video|interview)|now) on\b[^.!?]{0,60}[.!]?")),
    ("audio player", re.compile(r"listen to (this|the) (article|story)( \(\d+ min\))?")),
    ("share widget", re.compile(r"([\w.'’-]+( [\w.'’-]+){0,4} )?shared this (story|article)")),
    ("share widget", re.compile(r"share (this|the) (article|story|page)( on [\w ]{1,30})?:?")),
    ("recommendations", re.compile(r"(you (might|may) also like|related (articles|stories|content|news)|read more|more from [\w ]{1,40}|recommended( for you)?):?")),
    ("navigation", re.compile(r"(back to top|skip to (main )?content|go to top|top of page|print this (page|article))[.!]?")),
    ("language picker", re.compile(r"language\s*:\s*((english|français|deutsch|español|русский|中文|简体|繁體|繁体|日本語|한국어|العربية)[\s|/,·]*){1,10}")),
    ("advertising", re.compile(r"(advertisement|sponsored( content)?|ad feedback)")),
    ("newsletter", re.compile(r"(sign up|subscribe) (for|to) (our|the) [\w ]{0,40}newsletters?[^.]{0,40}[.!]?")),
    ("social", re.compile(r"follow us on [\w ,&]{1,60}[.!]?")),
    ("cookie banner", re.compile(r"(we use cookies[^.]{0,120}\.?|accept (all )?cookies)")),
]
MAX_FURNITURE_LEN = 120

# Reader disclaimers printed at the end of translated reprints.
DISCLAIMER_CUES = re.compile(
    r"(does not necessarily|not necessarily (mean|reflect|represent)|do(es)? not (approve|endorse)|"
    r"our responsibility|not responsible for|in no way bound|bound by the (comments|views)|"
    r"views expressed|opinions expressed|widen your field|\[lire plus\]|contact form)",
    re.IGNORECASE,
)


def furniture_reason(line: str) -> str | None:
    """Why a line is site furniture, or None if it should stay."""
    stripped = line.strip().strip("•·|>-–— ").strip()
    if not stripped or len(stripped) > MAX_FURNITURE_LEN:
        return None
    lowered = stripped.lower()
    for reason, pattern in FURNITURE_LINES:
        if pattern.fullmatch(lowered):
            return reason
    return None


def is_reader_disclaimer(line: str) -> bool:
    """A paragraph that disclaims the republisher's responsibility (two or more cues)."""
    return len({m.group(0).lower() for m in DISCLAIMER_CUES.finditer(line)}) >= 2


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """Remove furniture lines; disclaimers only in the last third of the text.

    Returns the cleaned text and the removed lines (kept for the document's
    record, so a user can see what was dropped and why).
    """
    lines = text.split("\n")
    removed: list[str] = []
    kept: list[str] = []
    tail_start = int(len(text) * 0.66)
    offset = 0
    for line in lines:
        reason = furniture_reason(line)
        if reason is None and offset >= tail_start and is_reader_disclaimer(line):
            reason = "reader disclaimer"
        offset += len(line) + 1
        if reason:
            removed.append(f"{reason}: {line.strip()[:200]}")
            continue
        kept.append(line)
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned).strip()
    return cleaned, removed
