"""The one API that the CLI, the HTTP API and the web UI call.

Interfaces hold no logic of their own: they parse arguments, call a
Workbench method, and render the record it returns (``claimtrace.views``
turns each record into its documented JSON shape).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from claimtrace.errors import UserError
from claimtrace.records import IngestReport
from claimtrace.store import DocumentDetail, DocumentSummary, SentenceHit, Store, StoreError, open_store
from claimtrace.store.base import DatedSentence, StoredQuote, StoredSpeaker

DEFAULT_DB = "claimtrace.db"


class Workbench:
    """A corpus in a store, and everything a user can ask of it."""

    def __init__(self, db: str | Path = DEFAULT_DB, readonly: bool = False):
        self.db = str(db)
        try:
            self.store: Store = open_store(self.db, readonly=readonly)
        except StoreError as exc:
            raise UserError(str(exc)) from exc

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Workbench":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------
    def ingest(self, paths: Iterable[str], options=None, on_progress=None, ray=None) -> IngestReport:
        """Ingest files/folders; ``options`` is a pipeline.IngestOptions, ``on_progress(source, status, detail)``.

        ``ray`` (an engines.ray_engine.RayOptions) runs the pipeline on a Ray cluster instead of this process.
        """
        paths = list(paths)
        if not paths:
            raise UserError("no input given; name files or folders to ingest, e.g. `claimtrace ingest articles/`")
        if ray is not None:
            from claimtrace.engines.ray_engine import ingest_ray

            return ingest_ray(paths, self.store, options, ray, on_progress)
        from claimtrace.pipeline import ingest  # spaCy loads only when ingesting

        return ingest(paths, self.store, options, on_progress)

    # -- corpus -----------------------------------------------------------
    def documents(self) -> list[DocumentSummary]:
        return self.store.list_documents()

    def document(self, doc_id: str) -> DocumentDetail:
        detail = self.store.get_document(doc_id.strip())
        if detail is None:
            raise UserError(f"no document with id {doc_id!r}; list ids with `claimtrace docs`")
        return detail

    def search(self, query: str, limit: int = 10) -> list[SentenceHit]:
        if not query.strip():
            raise UserError("empty search; give some words to look for")
        if limit < 1:
            raise UserError("--limit must be at least 1")
        return self.store.search_sentences(query, limit)

    def attributions(self, sentence_ids: list[int]) -> dict[int, dict[str, object]]:
        """Who said each sentence (a quote overlapping it) and when, by sentence id."""
        return self.store.attributions_for(sentence_ids)

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def annotations(self, doc_id: str) -> dict[str, list[dict[str, object]]]:
        return self.store.document_annotations(self.document(doc_id).document.id)

    # -- who said what ----------------------------------------------------
    def quotes(self, speaker: str | None = None, about: str | None = None, doc_id: str | None = None) -> list[StoredQuote]:
        if doc_id is not None:
            self.document(doc_id)  # a clear error for an unknown id
        if speaker is not None and not self.store.find_speaker_ids(speaker):
            raise UserError(f"no speaker matches {speaker!r}; list them with `claimtrace speakers`")
        return self.store.list_quotes(speaker=speaker, about=about, doc_id=doc_id)

    def speakers(self) -> list[StoredSpeaker]:
        return self.store.list_speakers()

    def speaker(self, speaker_id: str) -> tuple[StoredSpeaker, list[StoredQuote]]:
        found = [s for s in self.store.list_speakers() if s.id == speaker_id]
        if not found:
            raise UserError(f"no speaker with id {speaker_id!r}; list them with `claimtrace speakers`")
        return found[0], self.store.list_quotes(speaker=speaker_id)

    # -- when ---------------------------------------------------------------
    def timeline(
        self,
        about: str | None = None,
        speaker: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        stated_only: bool = False,
    ) -> list[DatedSentence]:
        """Dated statements and events in date order; undated ones are left out, and with
        ``stated_only`` those whose date rests on an estimated publication date too."""
        return self.timeline_counted(about, speaker, date_from, date_to, stated_only)[0]

    def timeline_counted(self, about: str | None = None, speaker: str | None = None, date_from: str | None = None,
                         date_to: str | None = None, stated_only: bool = False) -> tuple[list[DatedSentence], int]:
        """``timeline`` and how many entries matching the other filters ``stated_only`` left out."""
        from claimtrace.time.calendar import interval

        lower = interval(parse_iso_date(date_from, "--from")) if date_from else None
        upper = interval(parse_iso_date(date_to, "--to")) if date_to else None
        ids = set(self.store.find_speaker_ids(speaker)) if speaker else None
        if speaker and not ids:
            raise UserError(f"no speaker matches {speaker!r}; list them with `claimtrace speakers`")
        words = [w for w in re.findall(r"\w+", (about or "").lower()) if len(w) > 2]
        items = []
        left_out = 0
        for item in self.store.dated_sentences():
            span = interval(item.date)
            if span is None:
                continue
            if item.range_end and (end := interval(item.range_end)):
                span = (span[0], end[1])
            if ids is not None and item.speaker_id not in ids:
                continue
            if words and not all(w in item.text.lower() for w in words):
                continue
            # Keep what overlaps [from, to]: a month-precise date counts if any of its days does.
            if lower and span[1] < lower[0]:
                continue
            if upper and span[0] > upper[1]:
                continue
            if stated_only and item.estimated_base:
                left_out += 1
                continue
            items.append(item)
        return sorted(items, key=lambda i: (i.date, i.document.id, i.sentence_index)), left_out

    # -- is it true? ------------------------------------------------------
    def check(self, claim: str, as_of: str | None = None, stated_only: bool = False):
        """Evidence for and against a claim, its verdict and the positions over time; ``stated_only``
        (with ``as_of``) leaves out documents whose publication date is only estimated."""
        from claimtrace.check import check_claim

        claim = checked_claim(claim)
        as_of = parse_iso_date(as_of, "--as-of") if as_of else None
        if self.store.is_empty():
            raise UserError(f"the corpus {self.db} is empty; ingest articles first with `claimtrace ingest PATH`")
        return check_claim(self.store, claim, as_of, stated_only=stated_only)


    # -- where did it come from? -----------------------------------------
    def trace(self, claim: str, as_of: str | None = None, stated_only: bool = False):
        """The claim check's evidence traced to its origins (the check result carries the trace)."""
        return self.check(claim, as_of, stated_only)

    def sources(self):
        """The whole citation graph of the corpus."""
        from claimtrace.provenance.query import load_graph

        return load_graph(self.store)


def checked_claim(claim: str) -> str:
    """The claim, stripped, or a UserError saying what is wrong with it: not text, too short, not English."""
    bad = re.search("[\ud800-\udfff]", claim)  # undecodable bytes arrive from argv as lone surrogates
    if bad:
        raise UserError(
            f"the claim holds bytes that are not UTF-8 text (at character {bad.start() + 1}); "
            "retype it, or set the terminal to UTF-8"
        )
    claim = claim.replace("\x00", "").strip()
    letters = re.findall(r"[^\W\d_]", claim)
    if len(claim) < 5 or len(letters) < 3:
        raise UserError("the claim is too short; write it as a sentence, e.g. \"X and Y signed a defence pact\"")
    if not re.search(r"[A-Za-z\u00C0-\u024F]{2}", claim):
        raise UserError(
            "claimtrace checks claims written in English (its stance model and rules read English), "
            "and this claim has no Latin letters; write it in English, e.g. \"X and Y signed a defence pact\""
        )
    return claim


def parse_iso_date(value: str, option: str) -> str:
    """Accept YYYY-MM-DD (or YYYY-MM, YYYY) and say clearly when it is not one."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            date.fromisoformat(value)
            return value
        if re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", value):
            return value
    except ValueError:
        pass
    raise UserError(f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2021-12-31")
