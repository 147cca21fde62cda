"""From stances of evidence sentences to a verdict a person can follow.

Each piece of evidence is weighted by who says it (an official body, a named
person, the article's own voice, an anonymous source) and by how sure the
verification model is of its label. A speaker's later statement
supersedes their earlier ones. Evidence is then pooled per independent
source (provenance root, else outlet), so an echo chamber counts once, and
anonymous support never makes a claim Supported on its own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

VerdictLabel = Literal["Supported", "Refuted", "Not enough evidence", "Conflicting"]

SPEAKER_WEIGHTS = {
    "government": 1.0,  # an official statement of a state body
    "organisation": 0.9,
    "person": 0.85,  # a named person: official, expert, witness
    "media": 0.6,  # an outlet cited as the source
    "article": 0.55,  # the article's own voice, no attribution
    "anonymous": 0.3,
}
MIN_RELATED = 0.35  # below this the sentence is not about the claim (1 - P(neutral))
RELAYS_OTHER_BELOW = 0.5  # passing on statements whose best P(states the claim) is below this: another story
# The three numbers the verdict turns on, chosen by a grid search on half of claims_emergent (its even
# lines: best accuracy + macro-F1 there) and reported on the other half and on blind files
# (docs/verification.md). The model is sure of most labels, so only near-certain ones count.
MIN_STANCE = 0.93  # the model's probability a label needs to count at all
ENOUGH = 0.4  # pooled weight needed on a side to call it at all
CONFLICT_RATIO = 0.9  # weaker side at least this share of the stronger: Conflicting


@dataclass
class Evidence:
    """One sentence judged against the claim, with everything needed to cite it."""

    sentence_id: int
    doc_id: str
    sentence_index: int
    text: str
    context_before: str
    context_after: str
    title: str | None
    outlet: str | None
    source: str
    url: str | None
    published: str | None
    published_source: str
    stance: str  # supports | refutes | neutral, after the judge's rules
    stance_probability: float
    related: float  # 1 - P(neutral): how much the sentence bears on the claim either way
    relevance: float  # retrieval's static cosine with the claim
    coverage: float = 1.0  # share of the claim's content words the sentence contains
    probabilities: dict[str, float] = field(default_factory=dict)  # the model's P(supports/refutes/neutral)
    rules_fired: list[str] = field(default_factory=list)  # names of the judge's rules that changed the label
    relays: float = 0.0  # P(supports) of what the sentence passes on from others (judge.Judgement.relays)
    passes_on: bool = False  # it passes on someone's clause at all (judge.Judgement.passes_on)
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_type: str = "article"
    speaker_role: str | None = None
    quote_kind: str | None = None
    said_on: str | None = None
    said_on_basis: str = "publication date"
    independent_source: str = ""
    weight: float = 0.0
    superseded_by: int | None = None  # sentence id of the same speaker's later statement

    @property
    def relays_other_story(self) -> bool:
        """It passes on others' statements, none of them the claim ("shares rose after X reported that <a bid>"):
        what it says of the claim is the article's own word, and its citations are about the other story."""
        return self.passes_on and self.relays < RELAYS_OTHER_BELOW

    @property
    def voice(self) -> str:
        """Who holds this position: the speaker, or the outlet's own voice."""
        return self.speaker_id or f"article:{self.doc_id}"


@dataclass
class Position:
    """One dated stance of one actor, for the positions-over-time table."""

    actor: str
    actor_type: str
    date: str | None
    stance: str
    probability: float
    sentence_id: int
    doc_id: str
    text: str


@dataclass
class Verdict:
    label: VerdictLabel
    confidence: float
    support: float
    refute: float
    supporting_sources: list[str] = field(default_factory=list)
    refuting_sources: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def independent_source_key(e: Evidence) -> str:
    """Which independent source an evidence item belongs to, before provenance is known.

    Anonymous claims collapse into one source: without names we cannot tell
    two anonymous sources apart, so we never count them as corroboration.
    """
    if e.independent_source:
        return e.independent_source
    if e.speaker_type == "anonymous":
        return "anonymous source(s)"
    if e.speaker_id and e.speaker_type in {"government", "organisation", "person"}:
        return f"speaker:{e.speaker_id}"
    return f"outlet:{outlet_key(e.outlet) or e.doc_id}"


def outlet_key(name: str | None) -> str:
    """One key for the name variants of one outlet: "The Marrow Gazette", "Marrow Gazette (online)".

    >>> outlet_key("The Marrow Gazette (online)") == outlet_key("marrow gazette")
    True
    """
    if not name:
        return ""
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    name = re.sub(r"^\s*the\s+", "", name)
    return re.sub(r"[^0-9a-z]+", " ", name).strip()


REPRINT_MIN_CHARS = 40  # shorter identical sentences ("He declined to comment.") are not one report
# A wire copy's first sentence keeps the agency's dateline, a reprint drops it: "VARN, Dec 14 (CPA) - The ...".
_LEADING_DATELINE = re.compile(r"^[A-Z][A-Z/ .'’-]{1,40}(?:,[^-–—()\n]{1,30}?)?(?:\s*\([^)\n]{1,40}\))?\s*[-–—]{1,2}\s+")


def merge_reprints(evidence: list[Evidence]) -> int:
    """Sentences printed word for word in several documents are one report: they share the earliest's source.

    Wire copies and reprints often carry no attribution the provenance graph
    can follow; identical wording (a leading dateline aside) is the evidence
    that they are one report. Returns how many items were merged into another's source.
    """
    first: dict[str, Evidence] = {}
    merged = 0
    for e in sorted(evidence, key=lambda e: (e.published or "9999", e.doc_id)):
        key = re.sub(r"[^0-9a-z]+", " ", _LEADING_DATELINE.sub("", e.text).lower()).strip()
        if len(key) < REPRINT_MIN_CHARS:
            continue
        if key in first and first[key].doc_id != e.doc_id:
            if e.independent_source != first[key].independent_source:
                e.independent_source = first[key].independent_source
                merged += 1
        else:
            first.setdefault(key, e)
    return merged


def weigh(e: Evidence) -> float:
    """Who says it times how sure the model is; neutral and unsure judgements weigh nothing."""
    if e.stance == "neutral" or e.stance_probability < MIN_STANCE:
        return 0.0
    return SPEAKER_WEIGHTS.get(e.speaker_type, SPEAKER_WEIGHTS["article"]) * e.stance_probability


def apply_supersession(evidence: list[Evidence]) -> None:
    """Keep only each named speaker's latest stance (by the date it was said).

    The article's own voice and anonymous sources are not merged: different
    articles are different voices, and anonymous sources cannot be told apart.
    """
    latest: dict[str, Evidence] = {}
    for e in evidence:
        if e.weight <= 0 or not e.speaker_id or e.speaker_type == "anonymous":
            continue
        current = latest.get(e.speaker_id)
        if current is None or (e.said_on or "") > (current.said_on or ""):
            latest[e.speaker_id] = e
    for e in evidence:
        keeper = latest.get(e.speaker_id or "")
        if keeper is not None and keeper is not e and e.weight > 0 and (e.said_on or "") < (keeper.said_on or "") and keeper.stance != e.stance:
            e.superseded_by = keeper.sentence_id


STALE_AFTER_DAYS = 90  # a state of affairs reported this long before the latest opposite report is discounted
STALE_FACTOR = 0.3


def apply_state_change(evidence: list[Evidence]) -> int:
    """Discount evidence overtaken by later, opposite evidence from other sources.

    Only for claims about a state of affairs ("have signed a treaty", "has
    published the text"): what was true in 2023 can stop being true in 2024.
    A claim about a dated event ("signed ... in March 2023") is not subject
    to it; the caller decides. Returns how many items were discounted.
    """
    from claimtrace.time.calendar import interval

    def day(e: Evidence):
        span = interval(e.said_on)
        return span[1] if span else None

    latest: dict[str, object] = {}
    for e in evidence:
        d = day(e)
        if e.weight > 0 and d is not None and e.stance in {"supports", "refutes"}:
            if e.stance not in latest or d > latest[e.stance]:
                latest[e.stance] = d
    discounted = 0
    for e in evidence:
        other = "refutes" if e.stance == "supports" else "supports"
        d = day(e)
        if e.weight > 0 and d is not None and other in latest and (latest[other] - d).days > STALE_AFTER_DAYS:
            e.weight *= STALE_FACTOR
            discounted += 1
    return discounted


def decide(
    evidence: list[Evidence], state_claim: bool = False, claim_from: date | None = None, supersede: bool = True
) -> Verdict:
    """Weigh, supersede, pool by independent source, and name the verdict with its reasons.

    ``state_claim``: the claim describes a state of affairs, not a dated event,
    so later reports may overtake earlier ones across sources. ``claim_from``:
    the first day of the time the claim names; a statement made before it
    cannot report on it, so it does not count either way. ``supersede``: a
    speaker's later statement replaces their earlier ones (not for "X said P",
    which one past statement settles whatever X said later).
    """
    from claimtrace.time.calendar import interval

    premature = 0
    for e in evidence:
        e.weight = weigh(e)
        e.independent_source = independent_source_key(e)
    reprinted = merge_reprints([e for e in evidence if e.weight > 0])
    for e in evidence:
        span = interval(e.said_on) if claim_from else None
        if span and span[1] < claim_from and e.weight > 0:
            e.weight = 0.0
            premature += 1
    if supersede:
        apply_supersession(evidence)
    overtaken = apply_state_change(evidence) if state_claim else 0
    live = [e for e in evidence if e.weight > 0 and e.superseded_by is None]

    def pool(side: str) -> dict[str, float]:
        best: dict[str, float] = {}
        for e in live:
            if e.stance == side:
                # Within one source, extra sentences add a little, never a full vote.
                prior = best.get(e.independent_source, 0.0)
                best[e.independent_source] = max(prior, e.weight) + 0.15 * min(prior, e.weight)
        return best

    support_by_source = pool("supports")
    refute_by_source = pool("refutes")
    support = sum(support_by_source.values())
    refute = sum(refute_by_source.values())
    # Sources named in the reasons: those that carry weight, not every topical sentence's sliver.
    supporting, refuting = _notable(support_by_source), _notable(refute_by_source)
    reasons: list[str] = []
    named_support = {k: v for k, v in support_by_source.items() if k != "anonymous source(s)"}
    anonymous_only = bool(support_by_source) and not named_support

    if anonymous_only and refute < ENOUGH:
        label: VerdictLabel = "Not enough evidence"
        echoes = sum(1 for e in live if e.stance == "supports")
        reasons.append(
            f"All support rests on anonymous sourcing ({echoes} sentence(s) repeating it), which counts as one "
            "unverifiable source; nothing named confirms it."
        )
    elif support < ENOUGH and refute < ENOUGH:
        label = "Not enough evidence"
        reasons.append(
            f"Neither side reaches the evidence threshold (support {support:.2f}, refutation {refute:.2f}, threshold {ENOUGH})."
        )
    elif support >= ENOUGH and refute >= ENOUGH and min(support, refute) / max(support, refute) >= CONFLICT_RATIO:
        label = "Conflicting"
        reasons.append(
            f"Independent sources disagree: {len(supporting)} support (weight {support:.2f}) and "
            f"{len(refuting)} refute (weight {refute:.2f})."
        )
    elif support > refute and not anonymous_only:
        label = "Supported"
        reasons.append(f"{len(supporting)} independent source(s) support it (weight {support:.2f}) against {refute:.2f}.")
    elif refute > support:
        label = "Refuted"
        reasons.append(f"{len(refuting)} independent source(s) refute it (weight {refute:.2f}) against {support:.2f}.")
    else:
        label = "Not enough evidence"
        reasons.append("Support rests on anonymous sourcing and the refutation is too weak to call it false.")

    if reprinted:
        reasons.append(f"{reprinted} sentence(s) printed word for word in other documents were counted once, as reprints.")
    if premature:
        reasons.append(f"{premature} statement(s) made before the date the claim names were set aside.")
    if overtaken:
        reasons.append(
            f"{overtaken} report(s) were given less weight because later reports from other sources say the opposite."
        )
    if any(e.superseded_by is not None for e in evidence):
        n = sum(1 for e in evidence if e.superseded_by is not None)
        reasons.append(f"{n} earlier statement(s) were superseded by the same speaker's later position.")
    strong, weak = max(support, refute), min(support, refute)
    if label in {"Supported", "Refuted"}:
        confidence = (strong - weak) / (strong + weak) * (1 - math.exp(-strong))
    elif label == "Conflicting":
        confidence = (weak / strong) * (1 - math.exp(-(strong + weak) / 2))
    else:
        confidence = math.exp(-(support + refute))
    return Verdict(
        label=label,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        support=round(support, 3),
        refute=round(refute, 3),
        supporting_sources=supporting,
        refuting_sources=refuting,
        reasons=reasons,
    )


NOTABLE_SOURCE = 0.15  # pooled weight at which a source is named among those for or against


def _notable(by_source: dict[str, float]) -> list[str]:
    """Sources whose pooled weight counts, or all of them when none does on its own."""
    return sorted(k for k, v in by_source.items() if v >= NOTABLE_SOURCE) or sorted(by_source)


def positions(evidence: list[Evidence]) -> list[Position]:
    """Each attributed actor's stances on the claim, in date order."""
    rows = [
        Position(
            actor=e.speaker or "(unattributed)",
            actor_type=e.speaker_type,
            date=e.said_on,
            stance=e.stance,
            probability=round(e.stance_probability, 3),
            sentence_id=e.sentence_id,
            doc_id=e.doc_id,
            text=e.text,
        )
        for e in evidence
        if e.speaker and e.stance != "neutral" and e.related >= MIN_RELATED
    ]
    return sorted(rows, key=lambda p: (p.actor, p.date or ""))


def strongest(evidence: list[Evidence], side: str, n: int = 5) -> list[Evidence]:
    """The n heaviest live items for one side, at most two per document so one article cannot fill the list."""
    ranked = sorted((e for e in evidence if e.stance == side and e.weight > 0), key=lambda e: (e.superseded_by is not None, -e.weight))
    out: list[Evidence] = []
    per_doc: dict[str, int] = {}
    for e in ranked:
        if per_doc.get(e.doc_id, 0) >= 2:
            continue
        per_doc[e.doc_id] = per_doc.get(e.doc_id, 0) + 1
        out.append(e)
        if len(out) == n:
            break
    return out


def explain(claim: str, verdict: Verdict, evidence_for: list[Evidence], evidence_against: list[Evidence]) -> str:
    """A short templated explanation built only from the evidence shown."""

    def cite(e: Evidence) -> str:
        who = (e.outlet if e.relays_other_story and e.stance == "supports" else e.speaker) or e.outlet or "an article"
        when = f" ({e.said_on})" if e.said_on else ""
        where = f" in {e.outlet}" if e.outlet and e.outlet != who else ""
        return f"{who}{where}{when}"

    def cite_sources(items: list[Evidence]) -> str:
        """One entry per independent source: copies of one report are named once, their outlets after it."""
        groups: dict[str, list[Evidence]] = {}
        for e in items:
            groups.setdefault(e.independent_source or f"sentence:{e.sentence_id}", []).append(e)
        entries = []
        for copies in list(groups.values())[:3]:
            also = list(dict.fromkeys(c.outlet for c in copies[1:] if c.outlet and c.outlet != copies[0].outlet))
            entries.append(cite(copies[0]) + (f", also in {' and '.join(also)}" if also else ""))
        return "; ".join(entries)

    parts = [f"Verdict: {verdict.label} (confidence {verdict.confidence:.2f}) for the claim \u201c{claim}\u201d."]
    if evidence_for:
        parts.append("For it: " + cite_sources(evidence_for) + ".")
    if evidence_against:
        parts.append("Against it: " + cite_sources(evidence_against) + ".")
    parts.extend(verdict.reasons)
    return " ".join(parts)
