"""Rows to records, shared by the SQLite and PostgreSQL stores.

Both backends select the same column names (see ``_SUMMARY_COLUMNS`` and the
quote/date queries), so one mapping serves both and they cannot drift.
Rows are ``sqlite3.Row`` or the PostgreSQL store's Row: both index by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from claimtrace.store.base import DatedSentence, DocumentSummary, StoredQuote, StoredSpeaker


def summary(row: Any) -> DocumentSummary:
    return DocumentSummary(
        id=row["d_id"], source=row["source"], format=row["format"], title=row["title"], outlet=row["outlet"],
        author=row["author"], url=row["url"], language=row["language"], published=row["published"],
        published_source=row["published_source"], published_granularity=row["published_granularity"],
        published_evidence=row["published_evidence"], word_count=row["word_count"],
        sentence_count=row["sentence_count"] if "sentence_count" in row.keys() else 0,
        translation=row["translation"] if "translation" in row.keys() else None,
    )


def quote(r: Any, with_document: bool = False) -> StoredQuote:
    q = StoredQuote(
        id=r["qid"], doc_id=r["doc_id"], sentence_index=r["sentence_index"], content_start=r["content_start"],
        content_end=r["content_end"], text=r["qtext"], kind=r["kind"], cue=r["cue"], cue_start=r["cue_start"],
        cue_end=r["cue_end"], speaker_id=r["speaker_id"], speaker_text=r["speaker_text"],
        speaker_start=r["speaker_start"], speaker_end=r["speaker_end"],
        speaker_name=r["canonical_name"] or r["speaker_name"], speaker_type=r["speaker_type"],
        speaker_role=r["speaker_role"], speaker_affiliation=r["speaker_affiliation"], said_on=r["said_on"],
        said_on_granularity=r["said_on_granularity"], said_on_basis=r["said_on_basis"],
        said_on_text=r["said_on_text"], said_on_estimated=bool(r["said_on_estimated"]),
    )
    if with_document:
        q.document = summary(r)
    return q


def speaker(r: Any, as_list: Callable[[Any], list[str]]) -> StoredSpeaker:
    """``as_list`` decodes a JSON column: json.loads for SQLite text, list() for PostgreSQL JSONB."""
    return StoredSpeaker(
        r["id"], r["canonical_name"], r["type"], as_list(r["roles"]), as_list(r["affiliations"]),
        as_list(r["aliases"]), r["n_quotes"], r["n_docs"],
    )


def profile(s: StoredSpeaker) -> dict[str, object]:
    return {"id": s.id, "canonical_name": s.canonical_name, "type": s.type, "roles": s.roles,
            "affiliations": s.affiliations, "aliases": s.aliases}


def statement(r: Any) -> DatedSentence:
    return DatedSentence(
        "statement", r["said_on"], r["said_on_granularity"], r["said_on_basis"] or "unknown",
        bool(r["said_on_estimated"]), r["qtext"], r["doc_id"], r["sentence_index"],
        r["canonical_name"] or r["speaker_name"], r["speaker_id"], summary(r), r["said_on_text"],
        r["said_on_range_end"],
    )


def event(r: Any) -> DatedSentence:
    return DatedSentence(
        "event", r["value"], r["granularity"], r["basis"], bool(r["estimated_base"]), r["stext"], r["d_id"],
        r["idx"], None, None, summary(r), r["expression_text"], r["range_end"],
    )


def quote_annotation(r: Any) -> dict[str, object]:
    return {"start": r["content_start"], "end": r["content_end"], "speaker": r["canonical_name"] or r["speaker_name"],
            "speaker_id": r["speaker_id"], "speaker_start": r["speaker_start"], "speaker_end": r["speaker_end"],
            "cue_start": r["cue_start"], "cue_end": r["cue_end"], "kind": r["kind"], "said_on": r["said_on"]}


def time_annotation(r: Any) -> dict[str, object]:
    return {"start": r["start"], "end": r["end"], "text": r["text"], "value": r["value"],
            "granularity": r["granularity"], "estimated_base": bool(r["estimated_base"])}


def attribution(r: Any) -> dict[str, object]:
    """Who said a sentence and when, from a sentence-to-quote join row, for the claim check."""
    return {
        "speaker": r["canonical_name"] or r["speaker_name"],
        "speaker_id": r["speaker_id"],
        "speaker_type": r["speaker_type"],
        "role": r["speaker_role"],
        "kind": r["kind"],
        "said_on": r["said_on"],
        "said_on_basis": r["said_on_basis"],
    }


def merge_sentence_date(out: dict[int, dict[str, object]], r: Any) -> None:
    """An event date stated in the sentence wins over a quote dated only by its publication."""
    entry = out.setdefault(r["sentence_id"], {})
    if not entry.get("said_on") or entry.get("said_on_basis") != "stated in text":
        entry["said_on"] = r["value"]
        entry["said_on_basis"] = r["basis"]


def speaker_matches(needle: str, speaker_id: str, names: list[str]) -> bool:
    """Case-insensitive: the id exactly, or the canonical name or an alias containing the needle."""
    return speaker_id.lower() == needle or any(needle in n.lower() for n in names)


def matching_speaker_ids(records: Iterable[Any], name: str, as_list: Callable[[Any], list[str]]) -> list[str]:
    """Ids of the (id, canonical_name, aliases) rows that ``name`` matches (see speaker_matches)."""
    needle = name.strip().lower()
    return [r["id"] for r in records if speaker_matches(needle, r["id"], [r["canonical_name"], *as_list(r["aliases"])])]


def evidence_vectors(annotated: Any, sentence_ids: list[int]) -> list[tuple[int, str, str, bytes]]:
    """Rows of sentence_vectors for a document: none for over-long runs or text that is not the article
    (captions, credits, "Key Points" bullets), which must never be evidence."""
    if annotated.embeddings is None or not sentence_ids:
        return []
    from claimtrace.retrieve.embedder import STATIC_MODEL_NAME

    doc_id = annotated.document.id
    return [
        (sid, doc_id, STATIC_MODEL_NAME, vec.astype("float16").tobytes())
        for sid, vec, sentence in zip(sentence_ids, annotated.embeddings, annotated.sentences)
        if not sentence.overlong and sentence.role == "body"
    ]
