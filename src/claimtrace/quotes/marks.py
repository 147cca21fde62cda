"""Pair quotation marks by context, not by glyph.

Machine-translated and scraped news mixes “ ” " « » „ freely: a ” may open
and a « may close. Each mark is scored as an opener or closer from its
neighbours (an opener follows a space and precedes a word; a closer follows a
word and precedes a space or punctuation), and a tiny dynamic programme per
paragraph picks the cheapest alternation of open/close/ignore. A quote left
open at the end of a paragraph continues into the next paragraph when that
paragraph starts with an opening mark, the usual convention for long quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

DOUBLE_MARKS = frozenset('"“”„‟«»＂〝〞')
OPEN_GLYPHS = frozenset("“„‟«〝")
CLOSE_GLYPHS = frozenset("”»〞")
SINGLE_OPEN = frozenset("‘‚‹")
SINGLE_CLOSE = frozenset("’›")

_LEFT_BOUNDARY = set("([{—–-/:;") | DOUBLE_MARKS | SINGLE_OPEN
_RIGHT_BOUNDARY = set(".,;:!?)]}—–-…") | DOUBLE_MARKS | SINGLE_CLOSE
_AFTER_OPENER_BAD = set(".,;:!?)]}")

SKIP_COST = 3.0  # ignoring a mark: a stray or dangling mark
UNCLOSED_COST = 2.0  # a quote left open runs to the end of its paragraph
CONTINUED_COST = 1.0  # left open, and the next paragraph reopens: one quote over both
_GLYPH_PENALTY = 0.5
_WEAK = 0.7
_STRONG = 2.0
_NEVER = 10.0  # "“." cannot open a quote, whatever pairing that breaks
_MAX_SINGLE_QUOTE = 400
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass
class QuoteSpan:
    """Quoted content between paired marks; may run over several paragraphs.

    ``start``/``end`` bound the content (marks excluded); ``segments`` holds
    the content of each paragraph when the quote spans several; ``open_mark``
    and ``close_mark`` are the mark offsets (None when the quote ran to the end
    of its paragraph without a closing mark). ``single`` marks ‘top-level
    single quotes’, usually headlines or scare quotes.
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    segments: list[tuple[int, int]] = field(default_factory=list)
    single: bool = False

    def contains(self, offset: int) -> bool:
        """True when a character offset lies inside the quote, marks included."""
        last = self.close_mark if self.close_mark is not None else self.end
        return self.open_mark <= offset <= last


@dataclass
class _Mark:
    pos: int
    open_cost: float
    close_cost: float


def _char(text: str, i: int) -> str | None:
    return text[i] if 0 <= i < len(text) else None


def _is_left_boundary(ch: str | None) -> bool:
    return ch is None or ch.isspace() or ch in _LEFT_BOUNDARY


def _is_right_boundary(ch: str | None) -> bool:
    return ch is None or ch.isspace() or ch in _RIGHT_BOUNDARY


def opening_cost(text: str, pos: int) -> float:
    """How unlike an opening mark the mark at ``pos`` is (0 = textbook opener)."""
    left, right, glyph = _char(text, pos - 1), _char(text, pos + 1), text[pos]
    cost = 0.0 if _is_left_boundary(left) else _STRONG
    if right is None or right.isspace():
        cost += _WEAK  # machine translation often spaces both sides of a mark
    elif right in _AFTER_OPENER_BAD:
        cost += _NEVER
    if glyph in CLOSE_GLYPHS:
        cost += _GLYPH_PENALTY
    return cost


def closing_cost(text: str, pos: int) -> float:
    """How unlike a closing mark the mark at ``pos`` is (0 = textbook closer)."""
    left, right, glyph = _char(text, pos - 1), _char(text, pos + 1), text[pos]
    if left is None or left.isspace():
        cost = _WEAK
    elif left in "([{":
        cost = _STRONG
    else:
        cost = 0.0
    if not _is_right_boundary(right):
        cost += _STRONG
    if glyph in OPEN_GLYPHS:
        cost += _GLYPH_PENALTY
    return cost


def _paragraph_marks(text: str, start: int, end: int) -> list[_Mark]:
    return [
        _Mark(i, opening_cost(text, i), closing_cost(text, i))
        for i in range(start, end)
        if text[i] in DOUBLE_MARKS
    ]


def _starts_with_opener(text: str, start: int, end: int) -> bool:
    """A paragraph whose first visible character is an opening mark (quote continuation)."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i < end and text[i] in DOUBLE_MARKS and opening_cost(text, i) <= _WEAK


def _assign_roles(marks: list[_Mark], end_inside_cost: float) -> tuple[list[str], bool]:
    """Cheapest open/close/skip labelling of a paragraph's marks (Viterbi over 2 states).

    Returns one role per mark and whether the paragraph ends inside a quote.
    """
    inf = float("inf")
    cost = [0.0, inf]  # state 0: outside a quote, state 1: inside
    back: list[tuple[tuple[int, str], tuple[int, str]]] = []
    for mark in marks:
        new = [inf, inf]
        choice: list[tuple[int, str]] = [(0, "skip"), (1, "skip")]
        # stay outside: skip
        new[0], choice[0] = cost[0] + SKIP_COST, (0, "skip")
        # close: inside -> outside
        if cost[1] + mark.close_cost < new[0]:
            new[0], choice[0] = cost[1] + mark.close_cost, (1, "close")
        # open: outside -> inside
        new[1], choice[1] = cost[0] + mark.open_cost, (0, "open")
        # stay inside: skip
        if cost[1] + SKIP_COST < new[1]:
            new[1], choice[1] = cost[1] + SKIP_COST, (1, "skip")
        back.append((choice[0], choice[1]))
        cost = new
    state = 0 if cost[0] <= cost[1] + end_inside_cost else 1
    ends_inside = state == 1
    roles: list[str] = []
    for step in reversed(back):
        previous, role = step[state]
        roles.append(role)
        state = previous
    roles.reverse()
    return roles, ends_inside


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All double-quoted spans, plus top-level ‘single-quoted’ ones, in text order."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    spans: list[QuoteSpan] = []
    pending: QuoteSpan | None = None  # a quote carried over from the previous paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        marks = _paragraph_marks(text, p_start, p_end)
        if pending is not None and not (marks and _starts_with_opener(text, p_start, p_end)):
            spans.append(pending)  # the next paragraph did not reopen: the quote ended
            pending = None
        if not marks:
            continue
        next_reopens = index + 1 < len(paragraphs) and _starts_with_opener(text, *paragraphs[index + 1])
        roles, ends_inside = _assign_roles(marks, CONTINUED_COST if next_reopens else UNCLOSED_COST)
        open_at: int | None = None
        for mark, role in zip(marks, roles):
            if role == "open":
                open_at = mark.pos
            elif role == "close" and open_at is not None:
                span = QuoteSpan(open_at + 1, mark.pos, open_at, mark.pos, [(open_at + 1, mark.pos)])
                if pending is not None:
                    span = _join(pending, span)
                    pending = None
                spans.append(span)
                open_at = None
        if ends_inside and open_at is not None:
            tail = QuoteSpan(open_at + 1, p_end, open_at, None, [(open_at + 1, p_end)])
            if pending is not None:
                tail = _join(pending, tail)
                pending = None
            if next_reopens:
                pending = tail
            else:
                spans.append(tail)
        elif pending is not None:
            spans.append(pending)
            pending = None
    if pending is not None:
        spans.append(pending)
    spans = [_trim(text, s) for s in spans]
    spans = [s for s in spans if s.end > s.start]
    spans.extend(_single_quote_spans(text, spans, paragraphs))
    spans.sort(key=lambda s: s.start)
    return spans


def _join(first: QuoteSpan, second: QuoteSpan) -> QuoteSpan:
    return QuoteSpan(first.start, second.end, first.open_mark, second.close_mark, first.segments + second.segments)


def _trim(text: str, span: QuoteSpan) -> QuoteSpan:
    """Drop surrounding whitespace from the content (MT puts spaces inside marks)."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    segments = [(max(a, start), min(b, end)) for a, b in span.segments]
    return QuoteSpan(start, end, span.open_mark, span.close_mark, segments, span.single)


def _single_quote_spans(
    text: str, doubles: list[QuoteSpan], paragraphs: list[tuple[int, int]]
) -> list[QuoteSpan]:
    """‘Top-level single quotes’ outside any double quote; apostrophes are not closers."""
    out: list[QuoteSpan] = []
    if not any(ch in text for ch in SINGLE_OPEN):
        return out
    ordered = sorted(doubles, key=lambda s: s.open_mark)
    opens = [s.open_mark for s in ordered]
    for p_start, p_end in paragraphs:
        i = p_start
        while i < p_end:
            ch = text[i]
            if ch in SINGLE_OPEN and _is_left_boundary(_char(text, i - 1)) and not _inside(ordered, opens, i):
                close = _single_closer(text, i + 1, min(p_end, i + _MAX_SINGLE_QUOTE))
                if close is not None and not _inside(ordered, opens, close):
                    out.append(QuoteSpan(i + 1, close, i, close, [(i + 1, close)], single=True))
                    i = close + 1
                    continue
            i += 1
    return out


def _single_closer(text: str, start: int, end: int) -> int | None:
    for j in range(start, end):
        if text[j] in SINGLE_CLOSE:
            left, right = _char(text, j - 1), _char(text, j + 1)
            if left is not None and not left.isspace() and (right is None or not right.isalnum()):
                return j
        elif text[j] in SINGLE_OPEN:
            return None
    return None


def _inside(spans: list[QuoteSpan], opens: list[int], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (disjoint, sorted by opening mark; ``opens`` their marks).

    A binary search, so checking every single quote mark costs O(log spans), not O(spans).
    """
    i = bisect_right(opens, offset) - 1
    return i >= 0 and spans[i].contains(offset)
