"""Drop site furniture lines ("Back to Top", "Watch more on ...") from article text.

Every rule matches a whole, short line: cutting a real sentence does more
harm than leaving a stray menu item, so when in doubt a line stays.
"""

from __future__ import annotations

import re

from claimtrace.clean.metadata import AUTHOR_OUTLET, DATE_LINE

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


# ---------------------------------------------------------------------------
# Text that is not the article: kept in the document, marked, never evidence nor a timeline event.

BODY = "body"
_BULLET = re.compile(r"^\s*[•·▪◦*–-]\s+\S")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]\s*$")

# Whole-line rules over the stripped line: (rule name, role, pattern). Each has a test in tests/test_boilerplate.py.
LINE_ROLES: list[tuple[str, str, re.Pattern[str]]] = [
    ("source credit", "credit", re.compile(r"(source|publication|credits?)\s*:\s*\S.{0,150}", re.IGNORECASE)),
    ("translation credit", "credit", re.compile(r"translat(ed|ion)\s+(by|from)\b.{0,150}", re.IGNORECASE)),
    ("photo credit", "credit", re.compile(r"(photo(graph)?|image|picture|video|illustration)s?\s*(:|by\b|credit\b).{0,120}", re.IGNORECASE)),
    ("posted line", "credit", re.compile(r"(posted|published|updated|first published)\s*(at|on|:)?\s*\S.{0,60}", re.IGNORECASE)),
    ("author and outlet", "credit", AUTHOR_OUTLET),
    ("date line", "credit", DATE_LINE),
    ("byline", "credit", re.compile(r"[Bb]y\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}(\s*[,|–—-]\s*.{0,60})?")),
    # a sentence ending in a picture credit: '(shutterstock/plavevski)', '(Source: AFP)', '(Getty Images)'
    (
        "captioned picture",
        "caption",
        re.compile(
            r".{0,300}\((?:(?:source|photo|image|credit|picture)s?\s*:\s*[^()]{2,60}|[^()\s]{2,40}/[^()]{1,60}|"
            r"(?:getty images|afp|ap photo|reuters|shutterstock|epa|xinhua|tass|file photo)[^()]{0,40})\)\.?",
            re.IGNORECASE,
        ),
    ),
    ("related stories", "related", re.compile(r"(related( stories| articles| coverage| content)?|read (more|also)|see also|more on this( story)?)\s*:.{0,200}", re.IGNORECASE)),
]
# A heading that opens a block of bullets (the bullets take the same role).
BLOCK_HEADINGS: list[tuple[str, str, re.Pattern[str]]] = [
    ("key points", "key_points", re.compile(r"(key (points|takeaways|facts)|highlights|in brief|at a glance|summary)\s*:?", re.IGNORECASE)),
    ("related list", "related", re.compile(r"(related( stories| articles| coverage)?|read more|more stories|most read|recommended|see also)\s*:?", re.IGNORECASE)),
]
MAX_HEADING_WORDS = 16


def line_roles(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, role, rule) for each line of ``text`` that is not the article's own prose.

    Credits, captions and related-story lines by ``LINE_ROLES``; a "Key Points" (or related-stories)
    heading and the bullets under it by ``BLOCK_HEADINGS``; and a short line without sentence
    punctuation standing alone between blank lines after the title (a related-story headline or
    a sub-heading) as ``heading``. The title (the first line) stays the article's.
    """
    out: list[tuple[int, int, str, str]] = []
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    block: tuple[str, str] | None = None
    seen_title = False
    for n, (start, end, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if block is not None:
            if _BULLET.match(line):
                out.append((start, end, block[0], block[1]))
                continue
            block = None
        heading = next(((role, rule) for rule, role, pattern in BLOCK_HEADINGS if pattern.fullmatch(stripped)), None)
        if heading is not None and _bullets_follow(lines, n):
            block = heading
            out.append((start, end, heading[0], heading[1]))
            continue
        found = next(((role, rule) for rule, role, pattern in LINE_ROLES if pattern.fullmatch(stripped)), None)
        if found is not None and len(stripped) <= MAX_FURNITURE_LEN * 3:
            out.append((start, end, found[0], found[1]))
        elif seen_title and _standalone_heading(lines, n):
            out.append((start, end, "heading", "standalone heading"))
        seen_title = True
    return out


def _bullets_follow(lines: list[tuple[int, int, str]], n: int) -> bool:
    following = next((line for _, _, line in lines[n + 1 :] if line.strip()), "")
    return bool(_BULLET.match(following))


def _standalone_heading(lines: list[tuple[int, int, str]], n: int) -> bool:
    stripped = lines[n][2].strip()
    words = stripped.split()
    if not 3 <= len(words) <= MAX_HEADING_WORDS or _SENTENCE_END.search(stripped) or _BULLET.match(stripped):
        return False
    before = lines[n - 1][2].strip() if n > 0 else ""
    after = lines[n + 1][2].strip() if n + 1 < len(lines) else ""
    return not before and not after and n + 1 < len(lines)


def mark_sentence_roles(text: str, sentences: list) -> None:  # list[claimtrace.records.Sentence]
    """Give each sentence lying in a marked line that line's role (in place)."""
    marked = line_roles(text)
    k = 0
    for sentence in sentences:
        while k < len(marked) and marked[k][1] <= sentence.start:
            k += 1
        if k < len(marked) and marked[k][0] <= sentence.start and sentence.end <= marked[k][1]:
            sentence.role = marked[k][2]
