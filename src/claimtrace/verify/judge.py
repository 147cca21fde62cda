"""The judge: the verification model's probabilities per evidence sentence, then a table of named rules.

The model (``verifier.py``) reads (evidence, claim) and gives P(supports),
P(refutes), P(neutral). The rules below cover what a sentence pair cannot
show the model: who said the sentence, which claim's actors it names, when
what it reports happened. Each rule is a named entry with a test
(``tests/test_judge.py``); every judgement records which rules fired, so a
reader sees why a sentence the model liked was set aside.

The judge takes candidates in and gives judgements out: it never reads the
store (the service hands it what the ingest stored about each sentence).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from claimtrace.verify.claim_match import by_claimed_speaker, content_stems, dates_the_predicate, parse_texts, positive_form
from claimtrace.verify.frame import ClaimFrame, name_keys

LABELS = ("supports", "refutes", "neutral")
# A sentence leaning on the one before ("It denied...", "the figure") is judged with that sentence in front.
_POINTS_BACK = re.compile(
    r"^\W*(it|its|they|their|them|this|these|those|he|she|his|her|the (?:figure|number|total|claim|report|story|rumou?r))\b"
    r"|\b(the figure|the number|the total|the claim|the report|the story|the rumou?r)\b",
    re.I,
)
MAX_PREMISE_CHARS = 1200


@dataclass(frozen=True)
class Candidate:
    """An evidence sentence as the ingest stored it: text, neighbours, who said it, its dated expressions."""

    sentence_id: int
    text: str
    context_before: str = ""
    context_after: str = ""
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_type: str = "article"
    speaker_role: str | None = None
    quote_kind: str | None = None  # direct / indirect / mixed, when the sentence is a quote
    said_on: str | None = None  # when it was said (the statement's own date, else the publication date)
    said_on_basis: str = "unknown"
    # Time expressions inside the sentence: (start, end) offsets into the sentence and the resolved value.
    times: tuple[tuple[int, int, str], ...] = ()
    usable: bool = True  # False for text the ingest marked as not the article's (captions, over-long runs)


@dataclass
class Judgement:
    """The model's three probabilities for one sentence, the label after the rules, and which rules fired."""

    probabilities: dict[str, float]
    label: str
    probability: float
    rules_fired: list[str] = field(default_factory=list)
    premise: str = ""
    # P(supports) of what the sentence passes on ("X claimed that P": P) against the claim without its
    # dates; 0 when it relays nothing. The trace follows such sentences; the verdict does not count them.
    relays: float = 0.0
    # Whether the sentence passes on anyone's clause at all. With ``relays`` low it passes on something
    # other than the claim: its citations are about that, and what it says of the claim is its own word.
    passes_on: bool = False

    @property
    def bears_on_claim(self) -> float:
        """1 - P(neutral): how much the sentence speaks to the claim either way."""
        return 1.0 - self.probabilities["neutral"]


@dataclass(frozen=True)
class JudgeRule:
    """One rule: when it applies to a non-neutral judgement, the label becomes ``label``."""

    name: str
    reason: str  # what a reader is told
    applies: Callable[[ClaimFrame, Candidate, Judgement], bool]
    label: str = "neutral"
    only: frozenset[str] = frozenset({"supports", "refutes"})  # labels the rule may change


@lru_cache(maxsize=4096)
def names_an_actor(frame: ClaimFrame, cand: Candidate) -> bool:
    """The sentence (or, when it points back, the one before) names one of the claim's actors.

    Cached: the ``names_no_actor`` rule and the relay step both ask it of the same candidates."""
    if not frame.actors:
        return True
    text = cand.text
    if cand.context_before and _POINTS_BACK.search(cand.text):
        text = cand.context_before + " " + cand.text
    have = name_keys(text) | content_stems(text)
    return bool(frame.actors & have)


def _not_the_speaker(frame: ClaimFrame, cand: Candidate, _: Judgement) -> bool:
    return frame.speech is not None and not by_claimed_speaker(frame.speech, cand.speaker, cand.speaker_role, cand.text)


def _dated_elsewhere(frame: ClaimFrame, cand: Candidate, j: Judgement) -> bool:
    """The sentence dates what it reports (to a day or month) outside the claim's time: another event."""
    from claimtrace.time.calendar import interval

    if frame.time_span is None or j.label != "supports":
        return False
    spans = []
    for start, end, value in cand.times:
        span = interval(value) if value and len(value) >= 7 else None
        if span and dates_the_predicate(frame.text, cand.text, start, end):
            spans.append(span)
    first, last = frame.time_span
    return bool(spans) and not any(a <= last and first <= b for a, b in spans)


RULES: tuple[JudgeRule, ...] = (
    JudgeRule(
        "not_article_text",
        "marked by the ingest as not the article's own text (a caption, credit, related link or an over-long run)",
        lambda frame, cand, j: not cand.usable,
    ),
    JudgeRule(
        "not_the_claimed_speaker",
        "the claim is about what someone said, and this is neither their statement nor a report of it",
        _not_the_speaker,
    ),
    JudgeRule(
        "names_no_actor",
        "names none of the claim's actors: it is about other people or another story",
        # A claim about speech is matched on its speaker by the rule above: "we will close it" is theirs.
        lambda frame, cand, j: frame.speech is None and not names_an_actor(frame, cand),
    ),
    JudgeRule(
        "dated_to_another_time",
        "dates what it reports outside the time the claim names: another event",
        _dated_elsewhere,
        only=frozenset({"supports"}),
    ),
)
RULES_BY_NAME = {r.name: r for r in RULES}


_MONTHS = ("January February March April May June July August September October November December").split()


def spelled_date(value: str) -> str | None:
    """A resolved date as a reader writes it: "2024-06-03" -> "3 June 2024", "2024-06" -> "June 2024".

    >>> spelled_date("2024-06-03"), spelled_date("2024-06"), spelled_date("2024-W23")
    ('3 June 2024', 'June 2024', None)
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    month = f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return f"{int(m.group(3))} {month}" if m.group(3) else month


def with_dates_resolved(cand: Candidate) -> str:
    """The sentence with its relative dates written out ("on Monday" -> "on 3 June 2024").

    The ingest resolved each time expression against the article's date; the
    model, reading one sentence, cannot, and would miss that "on Monday" is
    the claim's "on 3 June 2024".
    """
    text = cand.text
    for start, end, value in sorted(cand.times, reverse=True):
        spelled = spelled_date(value)
        if spelled and 0 <= start < end <= len(text):
            original = text[start:end]
            keep = re.match(r"(?i)(on|in|at|by|since|from|until|earlier|later|last|this|next)\b\s*", original)
            spelled = (keep.group(0) if keep and keep.group(1).lower() in {"on", "in", "by", "since", "from", "until"} else "") + spelled
            text = text[:start] + spelled + text[end:]
    return text


def premise_for(cand: Candidate) -> str:
    """What the model reads as evidence: the sentence (dates resolved), with the one before when it points back."""
    text = with_dates_resolved(cand)
    if cand.context_before and _POINTS_BACK.search(cand.text):
        text = cand.context_before + " " + text
    return text[:MAX_PREMISE_CHARS]


def hypothesis_for(frame: ClaimFrame) -> str:
    """What the model checks each sentence against: for "X said (or denied) that P", P; a negated claim
    ("the memorandum was not an alliance") in its positive form (see ``swaps_labels``).

    The rule ``not_the_claimed_speaker`` makes sure the sentence is X's.
    """
    said = _judged_text(frame)
    return positive_form(said) or said


def _judged_text(frame: ClaimFrame) -> str:
    """P for "X said (or denied) that P", else the claim itself."""
    return frame.speech.content if frame.speech is not None and frame.speech.content else frame.text


def swaps_labels(frame: ClaimFrame) -> bool:
    """Whether support and refutation of ``hypothesis_for`` swap for the claim: for a denial ("X denied
    that P") or a negated claim asked in its positive form, but not both."""
    denies = bool(frame.speech is not None and frame.speech.denies and frame.speech.content)
    return denies != (positive_form(_judged_text(frame)) is not None)


def judge(frame: ClaimFrame, candidates: Sequence[Candidate], model=None) -> list[Judgement]:  # type: ignore[no-untyped-def]
    """Judge every candidate against the claim: model first, then the rule table in order."""
    from claimtrace.verify.verifier import Verifier

    if not candidates:
        return []
    model = model or Verifier.load()
    premises = [premise_for(c) for c in candidates]
    probs = model.probabilities(premises, hypothesis_for(frame))
    out = []
    swap = swaps_labels(frame)
    for cand, premise, row in zip(candidates, premises, probs):
        p = {label: round(float(v), 4) for label, v in zip(LABELS, row)}
        if swap:  # the model judged P; the claim is that they denied P, or that not-P
            p["supports"], p["refutes"] = p["refutes"], p["supports"]
        label = max(p, key=p.__getitem__)
        j = Judgement(probabilities=p, label=label, probability=p[label], premise=premise)
        apply_rules(frame, cand, j)
        out.append(j)
    judge_relays(frame, candidates, out, model)
    return out


def judge_relays(frame: ClaimFrame, candidates: Sequence[Candidate], judgements: list[Judgement], model) -> None:  # type: ignore[no-untyped-def]
    """Set each judgement's ``relays``: the model on the sentence's relayed clauses, best clause kept."""
    from claimtrace.verify.relay import claim_without_time, may_relay, relayed_content

    asked = [k for k, cand in enumerate(candidates) if frame.speech is not None or names_an_actor(frame, cand)]
    parse_texts(candidates[k].text for k in asked if may_relay(candidates[k].text))  # one batch, not one parse each
    clauses: list[tuple[int, str]] = [(k, clause) for k in asked for clause in relayed_content(candidates[k].text)]
    if not clauses:
        return
    probs = model.probabilities([clause for _, clause in clauses], claim_without_time(hypothesis_for(frame)))
    # Asked in its positive form, a negated claim is relayed by clauses the model reads as refuting it.
    column = 1 if not (frame.speech is not None and frame.speech.denies) and swaps_labels(frame) else 0
    for (k, _), row in zip(clauses, probs):
        judgements[k].passes_on = True
        judgements[k].relays = max(judgements[k].relays, round(float(row[column]), 4))


def apply_rules(frame: ClaimFrame, cand: Candidate, j: Judgement, rules: Sequence[JudgeRule] = RULES) -> None:
    """Run the rule table on one judgement, in order, recording each rule that changed its label."""
    for rule in rules:
        if j.label in rule.only and rule.applies(frame, cand, j):
            j.rules_fired.append(rule.name)
            j.label = rule.label
            j.probability = j.probabilities[rule.label]
