"""Readers for the stance data sets and the label vocabularies that join them.

FNC-1 labels a (headline, body) pair agree / disagree / discuss / unrelated;
Emergent labels a (claim, article headline) pair for / against / observing;
the claim check speaks of supports / refutes / neutral. The model is trained
on FNC-1's four labels, which the other two map onto.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS = ("agree", "disagree", "discuss")
EMERGENT_LABELS = ("for", "against", "observing")
CHECK_LABELS = ("supports", "refutes", "neutral")

EMERGENT_TO_FNC = {"for": "agree", "against": "disagree", "observing": "discuss"}
FNC_TO_EMERGENT = {"agree": "for", "disagree": "against", "discuss": "observing", "unrelated": "observing"}
CHECK_TO_FNC = {"supports": "agree", "refutes": "disagree", "neutral": "discuss", "unrelated": "unrelated"}
FNC_TO_CHECK = {"agree": "supports", "disagree": "refutes", "discuss": "neutral", "unrelated": "neutral"}

# Bodies can be longer than the csv module's default field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class HeadlineBodyPair:
    """One FNC-1 row: a headline, the id of the body it is paired with, and its gold stance."""

    headline: str
    body_id: str
    stance: str | None


@dataclass(frozen=True)
class ClaimHeadlinePair:
    """One Emergent row: a claim, an article headline about it, and its gold stance."""

    claim: str
    claim_id: str
    headline: str
    stance: str | None


@dataclass(frozen=True)
class LabelledSentencePair:
    """One hand-written claim/sentence pair (``train/stance/extra_pairs.csv``), stance in FNC labels."""

    claim: str
    sentence: str
    stance: str
    topic: str


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="", errors="replace") as handle:
        return [{(key or "").strip(): value for key, value in row.items()} for row in csv.DictReader(handle)]


def read_fnc_stances(path: Path) -> list[HeadlineBodyPair]:
    """Read an FNC-1 stances file (Headline, Body ID[, Stance]); an unlabelled file gives stance None."""
    return [
        HeadlineBodyPair(row["Headline"], row["Body ID"].strip(), (row.get("Stance") or "").strip().lower() or None)
        for row in _rows(path)
    ]


def read_fnc_bodies(path: Path) -> dict[str, str]:
    """Read an FNC-1 bodies file (Body ID, articleBody) into id -> text."""
    return {row["Body ID"].strip(): row["articleBody"] for row in _rows(path)}


def read_emergent(path: Path) -> list[ClaimHeadlinePair]:
    """Read an Emergent CSV (claimHeadline, articleHeadline, articleHeadlineStance, claimId)."""
    pairs = []
    for row in _rows(path):
        claim = row["claimHeadline"]
        pairs.append(
            ClaimHeadlinePair(
                claim=claim,
                claim_id=(row.get("claimId") or claim).strip(),
                headline=row["articleHeadline"],
                stance=(row.get("articleHeadlineStance") or "").strip().lower() or None,
            )
        )
    return pairs


def read_extra_pairs(path: Path) -> list[LabelledSentencePair]:
    """Read the hand-written pairs (claim, sentence, stance in supports/refutes/neutral/unrelated, topic)."""
    return [
        LabelledSentencePair(row["claim"], row["sentence"], CHECK_TO_FNC[row["stance"].strip()], row.get("topic", ""))
        for row in _rows(path)
    ]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV the way the data sets are laid out, so the evaluate commands read it back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
