"""Dating statements and events, and estimating a missing publication date.

A verdict about "now" needs to know when each thing was said.  The text
usually says it ("said on Monday", "In mid-August, ... conducted"); when it
does not, the publication date is the best we know, and it is only an upper
bound, so :class:`StatementDate` says which of the two it is.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Literal

from claimtrace.clean.normalise import checked_publication_date
from claimtrace.records import PublicationDate
from claimtrace.time import lexicon as lx
from claimtrace.time.calendar import GRANULARITY_RANK, interval
from claimtrace.time.clauses import clause_path
from claimtrace.time.expressions import TimeExpression, find_time_expressions
from claimtrace.time.tense import is_future

Basis = Literal["stated in text", "publication upper bound", "unknown"]
STATED: Basis = "stated in text"
UPPER_BOUND: Basis = "publication upper bound"
UNKNOWN: Basis = "unknown"

_VAGUE_KINDS = {"present_ref", "past_ref", "future_ref"}
_REPORTING_LEMMAS = {
    "say",
    "tell",
    "announce",
    "add",
    "state",
    "write",
    "report",
    "declare",
    "insist",
    "note",
    "claim",
    "warn",
    "argue",
    "confirm",
    "deny",
    "respond",
    "reply",
    "explain",
    "ask",
    "comment",
}


@dataclass
class StatementDate:
    """When a quote was said or an event happened, and on what grounds.

    ``basis`` is ``stated in text`` when an expression in the sentence dates
    it, ``publication upper bound`` when only the article's date is known
    (the statement happened then or earlier), and ``unknown`` otherwise.
    """

    value: str | None
    granularity: str | None
    basis: Basis
    expression_text: str | None = None
    estimated_base: bool = False
    range_end: str | None = None
    expression_start: int | None = None
    expression_end: int | None = None
    period: str | None = None  # the expression's natural unit (week, quarter, ...), see TimeExpression

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------- statement dating
def date_statement(
    text: str,
    span: tuple[int, int],
    expressions: list[TimeExpression],
    publication: PublicationDate | None,
    doc: Any = None,
    *,
    content_span: tuple[int, int] | None = None,
    kind: Literal["quote", "event"] = "event",
) -> StatementDate:
    """Date the statement or event at ``text[span[0]:span[1]]``.

    ``expressions`` are the document's expressions (from
    :func:`find_time_expressions` on the same ``text``).  The search widens
    ``span`` to its whole sentence(s), because "said on Monday" usually sits
    outside the quoted words.  For a quote, pass ``content_span`` (the quoted
    words): dates inside it describe what was said, not when; and a quote
    cannot be dated after publication.
    """
    window = _sentence_window(text, span, doc)
    candidates = [
        e
        for e in expressions
        if window[0] <= e.start
        and e.end <= window[1]
        and e.value is not None
        and e.kind not in _VAGUE_KINDS
        and not (content_span and content_span[0] <= e.start and e.end <= content_span[1])
    ]
    if kind == "quote":
        candidates = [e for e in candidates if not _after_publication(e, publication)]
    candidates = [e for e in candidates if not _is_attributive(text, e, doc)]
    if candidates:
        return stated_by(max(candidates, key=lambda e: _statement_score(text, e, span, doc, kind)))
    return publication_bound(publication)


def stated_by(e: TimeExpression) -> StatementDate:
    """The date an expression in the text states."""
    return StatementDate(
        value=e.value,
        granularity=e.granularity,
        basis=STATED,
        expression_text=e.text,
        estimated_base=e.estimated_base,
        range_end=e.range_end,
        expression_start=e.start,
        expression_end=e.end,
        period=e.period,
    )


# How the speech cue's clause reaches up to the clauses whose time it shares: 'met on Monday and
# said', 'issued a statement on Monday saying', 'speaking to reporters on Monday, she said'.
_SHARED_CLAUSE_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "acl", "dobj"})


def date_quote(
    text: str,
    cue_span: tuple[int, int],
    content_span: tuple[int, int],
    expressions: list[TimeExpression],
    publication: PublicationDate | None,
    doc: Any = None,
) -> StatementDate:
    """Date a quote by the time expression that governs its speech cue's own clause.

    An expression counts when the dependency path from its head up the parse
    reaches the cue (or a clause the cue's clause hangs from, see
    ``_SHARED_CLAUSE_DEPS``) without leaving the cue's clause (``clause_path``):
    'said on Thursday' dates the saying; 'said the treaty of 1957 still binds
    them', 'said ... since the pact collapsed in the 1960s', 'said after the
    vote on Friday' and a citation beside the statement ('(October 15)' on
    another clause) do not. A carried quote (a quote-only paragraph) is dated
    by the cue it inherits. With nothing on the path, the publication date is
    the upper bound. Work is proportional to the expressions in the cue's
    sentence.
    """
    if doc is None or not len(doc):
        return date_statement(text, cue_span, expressions, publication, None, content_span=content_span, kind="quote")
    cue = doc.char_span(cue_span[0], max(cue_span[0] + 1, cue_span[1]), alignment_mode="expand")
    if cue is None or not len(cue):
        return publication_bound(publication)
    governors = _governing_tokens(cue)
    sent = _sentence_of(doc, cue[0].i)
    lo, hi = sent[0].idx, sent[-1].idx + len(sent[-1].text)
    best: tuple[int, int, TimeExpression] | None = None
    for e in _expressions_between(expressions, lo, hi):
        if e.value is None or e.kind in _VAGUE_KINDS or content_span[0] <= e.start < content_span[1]:
            continue
        if _after_publication(e, publication) or _is_attributive(text, e, doc):
            continue
        if _inside_quote_marks(text, lo, e.start) or _in_parenthetical_aside(text, lo, hi, e):
            continue  # a date inside quote marks dates what is quoted; '(in power from 1949 to 1976)' describes someone
        steps = _path_to(doc, e, governors, content_span)
        if steps is None:
            continue
        key = (GRANULARITY_RANK.get(e.period or "", -1), -steps)  # the most precise, then the closest
        if best is None or key > best[:2]:
            best = (*key, e)
    return publication_bound(publication) if best is None else stated_by(best[2])


def _sentence_of(doc: Any, i: int) -> Any:
    """The sentence holding token ``i``, walking to its boundaries (Token.sent scans the whole Doc)."""
    start = i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]


def _governing_tokens(cue: Any) -> set[int]:
    """The cue's head word and the heads of the clauses it hangs from ('and said', 'a statement saying').

    Only the head: the other words of a cue the trained extractor reads ('said after the vote') are on
    the path like any others, so 'after' there still places the saying after the vote, not on its day.
    """
    token = cue.root
    out = {token.i}
    for _ in range(4):
        if token.dep_ not in _SHARED_CLAUSE_DEPS or token.head.i == token.i:
            break
        token = token.head
        out.add(token.i)
    return out


def _expressions_between(expressions: list[TimeExpression], lo: int, hi: int) -> list[TimeExpression]:
    """Expressions inside [lo, hi) (``expressions`` are in text order)."""
    import bisect

    first = bisect.bisect_left(expressions, lo, key=lambda e: e.start)
    out = []
    for e in expressions[first:]:
        if e.start >= hi:
            break
        if e.end <= hi:
            out.append(e)
    return out


def _path_to(doc: Any, e: TimeExpression, governors: set[int], content_span: tuple[int, int]) -> int | None:
    """Steps from the expression up to a governing token, or None when the path leaves the clause (``clause_path``)."""
    span = doc.char_span(e.start, e.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return clause_path(span.root, governors, content_span)


def _in_parenthetical_aside(text: str, lo: int, hi: int, e: TimeExpression) -> bool:
    """Whether the expression sits in parentheses that say more than a date: '(in power from 1949 to 1976)'
    describes someone, while '(October 3)' dates what it follows."""
    opening = text.rfind("(", lo, e.start)
    if opening < 0 or text.rfind(")", opening, e.start) >= 0:
        return False
    closing = text.find(")", e.end, hi)
    if closing < 0:
        return False
    rest = text[opening + 1 : e.start] + " " + text[e.end : closing]
    return bool(re.search(r"[^\W\d_]{3,}", rest))


_OPENING_MARKS = "“«„"
_CLOSING_MARKS = "”»"


def _inside_quote_marks(text: str, sentence_start: int, offset: int) -> bool:
    """Whether double quote marks opened in the sentence before ``offset`` are still open there."""
    before = text[sentence_start:offset]
    curly = sum(before.count(c) for c in _OPENING_MARKS) - sum(before.count(c) for c in _CLOSING_MARKS)
    return curly > 0 or before.count('"') % 2 == 1


def publication_bound(publication: PublicationDate | None) -> StatementDate:
    """The fallback date: publication as an upper bound, or unknown."""
    if publication is None or not publication.value or publication.source == "unknown":
        return StatementDate(None, None, UNKNOWN)
    return StatementDate(
        publication.value,
        publication.granularity,
        UPPER_BOUND,
        estimated_base=publication.source == "estimated",
        period=publication.granularity,
    )


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n")


def _sentence_window(text: str, span: tuple[int, int], doc: Any) -> tuple[int, int]:
    """The sentence(s) the span lies in, from the parse when there is one."""
    start, end = span
    if doc is not None and len(doc):
        first = doc.char_span(start, max(start + 1, min(end, len(text))), alignment_mode="expand")
        last = doc.char_span(max(start, end - 1), max(start + 1, end), alignment_mode="expand")
        if first is not None and len(first) and last is not None and len(last):
            # Walk to the sentence starts rather than use Token.sent, which scans the whole Doc.
            i = first[0].i
            while i > 0 and not doc[i].is_sent_start:
                i -= 1
            j = last[-1].i + 1
            while j < len(doc) and not doc[j].is_sent_start:
                j += 1
            return min(start, doc[i].idx), max(end, doc[j - 1].idx + len(doc[j - 1].text))
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 600), start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else max(0, start - 600)), (after.start() + 1 if after else len(text))


def _after_publication(e: TimeExpression, publication: PublicationDate | None) -> bool:
    said = e.interval()
    bound = interval(publication.value) if publication and publication.value else None
    return bool(said and bound and said[0] > bound[1])


_DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|this|that|our)|['’]s)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+([A-Za-z][\w-]*)")
_NOT_NOUNS = {"and", "or", "when", "as", "the", "a", "an", "to", "in", "on", "at", "of", "was", "is", "were", "had", "have", "has", "that", "which", "who", "but", "after", "before", "with", "by", "for"}


def _is_attributive(text: str, e: TimeExpression, doc: Any) -> bool:
    """A bare year modifying a noun ("the 2001 treaty") names a thing, not when the sentence happened."""
    if e.period not in {"year", "decade"} or e.kind == "range":
        return False
    if doc is not None:
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is not None and len(span):
            root = span.root
            return root.dep_ in {"nummod", "compound", "amod", "poss"} and root.head.pos_ in {"NOUN", "PROPN"}
    if not _DETERMINER_BEFORE.search(text, max(0, e.start - 8), e.start):
        return False
    after = _NOUN_AFTER.match(text, e.end)
    return bool(after and after[1].lower() not in _NOT_NOUNS)


def _statement_score(text: str, e: TimeExpression, span: tuple[int, int], doc: Any, kind: str) -> tuple:
    """Prefer dates attached to the main (or reporting) verb, then precision, then proximity."""
    attachment = _verb_attachment(e, doc, kind) if doc is not None else _text_attachment(text, e)
    precision = GRANULARITY_RANK.get(e.period or "", -1)
    distance = 0 if span[0] <= e.start < span[1] else min(abs(e.start - span[0]), abs(e.start - span[1]))
    return attachment, precision, -distance


def _verb_attachment(e: TimeExpression, doc: Any, kind: str) -> int:
    """2: modifies the sentence root or, for quotes, a reporting verb; 1: modifies some verb; 0: a noun."""
    span = doc.char_span(e.start, e.end, alignment_mode="expand")
    if span is None or not len(span):
        return 0
    token = span.root
    for _ in range(3):
        if token.head.i == token.i:
            return 2 if token.pos_ in {"VERB", "AUX"} else 0
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            if token.dep_ == "ROOT" or (kind == "quote" and token.lemma_ in _REPORTING_LEMMAS):
                return 2
            return 1
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ != "pobj":
            return 0
    return 0


_ADVERBIAL_BEFORE = re.compile(
    r"(?:\b(?:on|in|at|during|since|by|from|until|through|last|this|earlier|later|early|late|mid)\s+|^|[.!?]\s+|\n)$",
    re.IGNORECASE,
)


def _text_attachment(text: str, e: TimeExpression) -> int:
    if e.kind == "range" or e.rule in {"weekday", "relative_day", "relative_unit", "ago"}:
        return 2
    return 2 if _ADVERBIAL_BEFORE.search(text, max(0, e.start - 12), e.start) else 1


# ---------------------------------------------------------------- publication estimate
def estimate_if_unstated(published: PublicationDate, text: str) -> PublicationDate:
    """The publication date the article states (or the reason it has none); else the estimate from its body."""
    if published.source != "unknown" or published.evidence:
        return published
    return checked_publication_date(estimate_publication_date(text))


# Two dated references this close (and on different days) vouch for each other as current news; a
# historical date is usually mentioned alone. A reference later than the anchored one by more than
# this leaves the writing too loosely placed to estimate.
WRITING_WINDOW_DAYS = 7


def estimate_publication_date(text: str) -> PublicationDate:
    """Infer when an undated article was published from the references that date its writing.

    The article cannot predate the latest day it mentions in the past, but a
    date mentioned in the past may be decades old ('July 14, 1789',
    'Sept. 11, 2001'), so a dated reference only counts when something ties
    it to the time of writing (``_writing_anchor``): a weekday written with it
    that the calendar confirms ('Friday, June 10, 2016'), a recency word in
    its sentence ('yesterday', 'this week', 'earlier this month'), or a
    second dated reference, on another day, within WRITING_WINDOW_DAYS.  The
    estimate is the latest such reference, or a past reference at most
    WRITING_WINDOW_DAYS after it; a later one than that makes the references
    span too wide and the answer ``unknown``.  Future references, open ones
    ('since June 2007'), bare years and dates older than a year the text
    speaks of never count.  Month-day references without a year ('October
    18') are read in the year of the latest dated reference when they fall in
    or after its month, and need a weekday or recency word (another date near
    them cannot vouch for the year).  A month-year reference written with
    'this month' dates the writing to that month.  The result is
    ``estimated`` with its reasoning, or ``unknown`` with the reason.
    """
    absolute = [e for e in find_time_expressions(text, None) if e.value and e.kind in {"date", "range"}]
    absolute = [e for e in absolute if not is_future(text, e.start, e.end)]
    spoken_of = max((span[0].year for e in absolute if (span := e.interval()) is not None), default=None)
    # an open 'since June 2007' dates a start, a date in quote marks the speaker's words, and one after a
    # word of prospect in its sentence ('announced it would end them, beginning in January 2017') a plan:
    # none of them the writing
    absolute = [e for e in absolute if e.rule != "since" and not _words_or_plans(text, e)]
    # a dated reference older than a year the text speaks of ('signed on March 4, 1957' in a piece
    # about 2014) dates history, not the writing
    dated = [e for e in absolute if e.period in {"day", "month"}]
    recent = [e for e in dated if spoken_of is None or _last_day(e).year >= spoken_of]
    if dated and not recent:
        shown = ", ".join(repr(e.text) for e in dated[-3:])
        return PublicationDate(
            None,
            "unknown",
            None,
            f"no dated reference dates the writing: the dated ones ({shown}) are older than {spoken_of}, "
            "a year the text speaks of, so they date past events",
        )
    reference = max(recent, key=_last_day, default=None)
    if reference is None:
        return PublicationDate(None, "unknown", None, "no dated reference in the text to estimate from")
    year = _last_day(reference).year
    days = [e for e in recent if e.period == "day"]
    inferred = _month_days_after(text, reference, year)
    by_day = sorted(days, key=_last_day)
    anchored = [(e, why) for e in days if (why := _writing_anchor(text, e, by_day))]
    anchored += [(e, why) for e in inferred if (why := _writing_anchor(text, e, []))]
    candidates = days + inferred
    if not anchored:
        month_anchor = _recency_anchor(text, reference, _THIS_MONTH) if reference.period == "month" else None
        if month_anchor is not None and not _too_late(candidates, _last_day(reference)):
            return PublicationDate(
                reference.value,
                "estimated",
                "month",
                f"not stated; estimated as {reference.value}: the latest month-year reference ({reference.text!r}) "
                f"is written with the recency anchor {month_anchor!r}, so the writing falls in that month",
            )
        latest_texts = dict.fromkeys(e.text for e in sorted(candidates, key=_last_day, reverse=True))
        shown = ", ".join(repr(t) for t in list(latest_texts)[:3]) or repr(reference.text)
        return PublicationDate(
            None,
            "unknown",
            None,
            f"no dated reference is tied to the time of writing ({shown}): none is written with a weekday the "
            f"calendar confirms or a recency word ('yesterday', 'this week'), or has another dated reference "
            f"within {WRITING_WINDOW_DAYS} days, so each may date a past event",
        )
    best, why = max(anchored, key=lambda pair: _last_day(pair[0]))
    too_late = _too_late(candidates, _last_day(best))
    if too_late:
        return PublicationDate(
            None,
            "unknown",
            None,
            f"the references span too wide: {best.text!r} is tied to the writing ({why}), but {too_late.text!r} "
            f"is later by more than {WRITING_WINDOW_DAYS} days with nothing tying it to the writing",
        )
    latest = max(candidates, key=_last_day)
    final = latest if _last_day(latest) > _last_day(best) else best
    estimate = _last_day(final)
    evidence = f"not stated; estimated as on or after {estimate.isoformat()}: {best.text!r} dates the writing ({why})"
    if final is not best:
        evidence += f", and the later {final.text!r} falls within {WRITING_WINDOW_DAYS} days of it"
    used = {id(best), id(final)}
    if any(id(e) in used for e in inferred):  # the year of a month-day is inferred, never corroborated
        evidence += (
            f"; month-day references without a year are taken to fall in {year}, the year of the latest "
            f"{'month-year' if reference.period == 'month' else 'dated'} reference ({reference.text!r})"
        )
    return PublicationDate(estimate.isoformat(), "estimated", "day", evidence)


def _words_or_plans(text: str, e: TimeExpression) -> bool:
    """A reference that dates a speaker's words (quoted) or a plan (after a word of prospect), not the writing."""
    return _quoted(text, e) or _prospective(text, e)


def _quoted(text: str, e: TimeExpression) -> bool:
    """Whether the reference sits inside quote marks: the speaker's words, often about plans, not the writer's dating."""
    lo, _ = _sentence_window(text, (e.start, e.end), None)
    return _inside_quote_marks(text, lo, e.start)


_PROSPECT = re.compile(
    r"\b(?:would|will|shall|is to|are to|plans? to|planned to|expected to|scheduled|set to|due to)\b|['’]ll\b", re.I
)


def _prospective(text: str, e: TimeExpression) -> bool:
    """Whether a word of prospect precedes the reference in its sentence: the date of a plan, perhaps still ahead.

    Stricter than ``is_future`` (a future-in-the-past 'would' is not future to the parse), since an
    estimate rather stays unknown than rests on a plan.
    """
    lo, _ = _sentence_window(text, (e.start, e.end), None)
    return bool(_PROSPECT.search(text, lo, e.start))


def _too_late(candidates: list[TimeExpression], bound: date) -> TimeExpression | None:
    """The latest reference more than WRITING_WINDOW_DAYS after ``bound``, if any."""
    beyond = [e for e in candidates if (_last_day(e) - bound).days > WRITING_WINDOW_DAYS]
    return max(beyond, key=_last_day, default=None)


# Words that tie a reference to the time of writing when they share its sentence. A bare weekday does
# not ('in Saturday's debate, he recalled the attacks of Sept. 11, 2001'); a weekday written with the
# date does, when the calendar agrees (see _own_weekday).
# Deictic words count from the writer's day, forward as well as back ('announced on 3 April, to open next month').
_RECENT_DAYS = re.compile(
    r"\b(?:yesterday|today|tomorrow|last night|(?:earlier |later )?this (?:week|month)|(?:last|next) week|next month)\b", re.I
)
_THIS_MONTH = re.compile(r"\b(?:earlier |later )?this month\b", re.I)
_WEEKDAY_NAMES = "|".join(lx.WEEKDAYS)  # written out in full: an abbreviation ('Sat.') is too easily something else
_WEEKDAY_WORD = re.compile(rf"\b({_WEEKDAY_NAMES})\b", re.I)
_WEEKDAY_AFTER = re.compile(rf"\s*,?\s*({_WEEKDAY_NAMES})\b", re.I)


def _writing_anchor(text: str, e: TimeExpression, by_day: list[TimeExpression]) -> str | None:
    """Why ``e`` dates the time of writing, or None (see estimate_publication_date).

    ``by_day`` are the explicit day references that may corroborate it, sorted by their last day.
    """
    weekday = _own_weekday(text, e)
    if weekday is not None:
        return f"it is written with its weekday {weekday!r}, which the calendar confirms"
    recency = _recency_anchor(text, e, _RECENT_DAYS)
    if recency is not None:
        return f"its sentence has the recency anchor {recency!r}"
    day = _last_day(e)
    near = _other_day_near(by_day, day)
    if near is not None:
        return f"another dated reference, {near.text!r}, falls within {WRITING_WINDOW_DAYS} days of it"
    return None


def _other_day_near(by_day: list[TimeExpression], day: date) -> TimeExpression | None:
    """A reference on another day within WRITING_WINDOW_DAYS of ``day`` (a bisection: a list of dates stays cheap)."""
    import bisect

    window = timedelta(days=WRITING_WINDOW_DAYS)
    before = bisect.bisect_left(by_day, day - window, key=_last_day)
    if before < len(by_day) and _last_day(by_day[before]) < day:
        return by_day[before]
    after = bisect.bisect_right(by_day, day, key=_last_day)
    if after < len(by_day) and _last_day(by_day[after]) <= day + window:
        return by_day[after]
    return None


def _own_weekday(text: str, e: TimeExpression) -> str | None:
    """The weekday written as part of a day reference ('Friday, June 10', 'October 2, 2016, Sunday'), when it is that day's."""
    if e.period != "day":
        return None
    found = _WEEKDAY_WORD.match(e.text) or _WEEKDAY_AFTER.match(text, e.end)
    if found is None:
        return None
    word = found.group(1)
    return word if lx.WEEKDAYS[word.lower()] == _last_day(e).weekday() else None


def _recency_anchor(text: str, reference: TimeExpression, anchors: re.Pattern[str]) -> str | None:
    """The recency anchor written in the reference or in its sentence, or None."""
    lo, hi = _sentence_window(text, (reference.start, reference.end), None)
    found = anchors.search(text, lo, hi)
    return found.group(0) if found else None


def _last_day(e: TimeExpression) -> date:
    covered = e.interval()
    assert covered is not None
    return covered[1]


def _month_days_after(text: str, reference: TimeExpression, year: int) -> list[TimeExpression]:
    """Month-day references without a year, read as ``year``, from the reference's month on, not future, not quoted."""
    as_year = PublicationDate(f"{year:04d}", "estimated", "year")
    month_start = _last_day(reference).replace(day=1)
    out = []
    for e in find_time_expressions(text, as_year):
        if e.rule not in {"month_day", "day_month"} or e.period != "day":
            continue
        if _last_day(e) >= month_start and not is_future(text, e.start, e.end) and not _words_or_plans(text, e):
            out.append(e)
    return out
