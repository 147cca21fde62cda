"""The quotes stage against the hand-annotated fictional articles, and on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import Quote, extract_quotes
from claimtrace.quotes.scoring import format_report, load_gold, score_gold

GOLD_DIR = Path(__file__).parent / "fixtures" / "quotes_gold"
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def test_gold_set_is_big_enough_and_covers_every_kind() -> None:
    articles = load_gold(GOLD_DIR)
    attributions = [g for a in articles for g in a.attributions]
    assert len(articles) >= 12
    assert len(attributions) >= 80
    assert {g.kind for g in attributions} == {"direct", "indirect", "mixed"}
    assert {g.speaker_type for g in attributions} == {"person", "organisation", "government", "media", "anonymous"}


def test_gold_set_meets_precision_and_recall_targets(nlp) -> None:  # type: ignore[no-untyped-def]
    report = score_gold(load_gold(GOLD_DIR), lambda text: extract_quotes(nlp(text)))
    print(format_report(report))
    direct, indirect, everything = report.slice("direct"), report.slice("indirect+mixed"), report.slice("all")
    assert direct.precision >= 0.90 and direct.recall >= 0.85, format_report(report)
    assert indirect.precision >= 0.90 and indirect.recall >= 0.75, format_report(report)
    assert everything.precision >= 0.90, format_report(report)


def _seed(nlp, prefix: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    from claimtrace.clean.repair import repair_text

    paths = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} not available")
    text, _ = repair_text(paths[0].read_text(encoding="utf-8"))
    return extract_quotes(nlp(text))


def _said_by(quotes: list[Quote], speaker: str) -> list[Quote]:
    return [q for q in quotes if q.speaker.canonical == speaker]


def _has(quotes: list[Quote], fragment: str, speaker: str) -> bool:
    return any(fragment in q.text and q.speaker.canonical == speaker for q in quotes)


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="seed articles not available")
def test_seed_002_experts_including_he_said(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = _seed(nlp, "002")
    assert _has(quotes, "only countries that intend to wage war", "Ni Lexiong")
    assert _has(quotes, "Ties between China and the Soviet Union broke", "Ni Lexiong")  # '..., he said'
    assert _has(quotes, "Nato was established to target the former Soviet Union", "Cheng Yijun")
    assert _has(quotes, "There are conflicts and contradictions", "Cheng Yijun")  # '..., he said'
    assert all(q.speaker.type == "anonymous" for q in quotes if "best friend" in q.text)


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="seed articles not available")
def test_seed_004_analysts_and_officials(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = _seed(nlp, "004")
    assert _has(quotes, "Beijing and Moscow are forging closer ties", "Neil Thomas")
    assert _has(quotes, "I think both sides recognize", "Angela Stent")
    assert _has(quotes, "neither of them specifically endorsed", "William Courtney")
    assert _has(quotes, "President Xi stressed that he understands Russian concerns", "Yury Ushakov")


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="seed articles not available")
def test_seed_000_machine_translated_experts(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = _seed(nlp, "000")
    assert _said_by(quotes, "Alexander Lukin")
    assert _has(quotes, "China should consider providing security guarantees", "Yan Xuetong")
    assert _has(quotes, "The concept of alliance is misinterpreted", "Yan Xuetong")
