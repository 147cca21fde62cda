"""The ingest stage contract: what each stage requires and assigns, checked when stages are registered and selected."""

from __future__ import annotations

import copy
from dataclasses import fields

import pytest

from claimtrace import annotate
from claimtrace.annotate import STAGES, Stage, StageOrderError, annotate_document, check_order, register_stage
from claimtrace.errors import UserError
from claimtrace.pipeline import select_stages
from claimtrace.records import AnnotatedDocument, RawDocument

ARTICLE = """Valdoria signs pact

The Valdorian defence minister Tomas Reyvik said on Monday that "nothing more was signed" in Halvik.
According to the Kestran Daily Wire, the treaty was signed on Thursday, 31 October 2024. Reyvik told reporters he would not comment.
"""


def _noop(annotated: AnnotatedDocument) -> None:
    pass


@pytest.fixture
def registry():
    """The global registry, restored after the test."""
    saved = dict(STAGES)
    yield STAGES
    STAGES.clear()
    STAGES.update(saved)


def test_builtin_stages_are_registered_in_an_order_that_satisfies_their_requirements() -> None:
    stages = select_stages(None)
    assert [s.name for s in stages] == ["quotes", "time", "provenance", "embed"]
    check_order(stages)
    by_name = {s.name: s for s in stages}
    assert {"quote_spans", "speaker_index"} <= set(by_name["quotes"].assigns)
    assert {"quote_spans", "speaker_index"} <= set(by_name["provenance"].requires)
    assert "document.published" in by_name["time"].assigns and "document.published" in by_name["provenance"].requires
    assert by_name["quotes"].corpus_step is not None and set(by_name["quotes"].corpus_assigns) == {"speakers", "speaker_keys"}


def test_registering_a_stage_before_one_it_requires_fails(registry) -> None:
    registry.clear()
    with pytest.raises(StageOrderError, match=r"'use' requires quote_spans, which no stage assigns"):
        register_stage("use", requires=("sentences", "quote_spans"), assigns=("citations",))(_noop)
    assert "use" not in registry  # refused, not half-registered


def test_reregistering_a_builtin_stage_to_require_what_a_later_one_assigns_fails(registry) -> None:
    order = list(registry)
    with pytest.raises(StageOrderError, match=r"'quotes' requires citations, which stage 'provenance' assigns after it"):
        register_stage("quotes", requires=("doc", "citations"), assigns=("quotes", "quote_spans", "speaker_index"))(_noop)
    assert list(registry) == order and registry["quotes"].requires == ("doc", "sentences", "document")


def test_every_builtin_order_that_puts_a_stage_before_what_it_requires_fails() -> None:
    quotes, time, provenance, embed = select_stages(None)
    for wrong in ([time, quotes, provenance, embed], [quotes, provenance, time, embed], [provenance, quotes, time, embed]):
        with pytest.raises(StageOrderError, match="assigns after it"):
            check_order(wrong)
    check_order([quotes, embed, time, provenance])  # embed needs only the sentences: it may go anywhere


def test_registering_a_required_stage_first_is_accepted(registry) -> None:
    registry.clear()
    register_stage("count", requires=("sentences",), assigns=("quote_spans",))(_noop)
    register_stage("use", requires=("quote_spans",), assigns=("citations",))(_noop)
    assert list(registry) == ["count", "use"]
    # replacing the first with one that no longer assigns what the second needs breaks the order
    with pytest.raises(StageOrderError, match="'use' requires quote_spans"):
        register_stage("count", requires=("sentences",), assigns=("embeddings",))(_noop)
    assert registry["count"].assigns == ("quote_spans",)


def test_a_stage_must_name_real_fields_and_may_not_claim_what_spacy_assigns() -> None:
    with pytest.raises(StageOrderError, match="AnnotatedDocument does not have"):
        Stage("typo", _noop, requires=("sentence",), assigns=())
    with pytest.raises(StageOrderError, match="which spaCy assigns"):
        Stage("greedy", _noop, requires=(), assigns=("sentences",))


def test_selecting_a_stage_without_the_one_it_requires_is_a_user_error() -> None:
    with pytest.raises(UserError, match=r"'time' requires quotes, which stage 'quotes' assigns, not run before it: add it to --stages"):
        select_stages(("time",))
    with pytest.raises(UserError, match="unknown stage"):
        select_stages(("quotes", "tiem"))
    assert [s.name for s in select_stages(("embed", "quotes"))] == ["quotes", "embed"]  # pipeline order, not the order asked
    assert select_stages(()) == []


@pytest.fixture(scope="module")
def parsed():
    from claimtrace.clean import clean_document
    from claimtrace.nlp.pipeline import load_nlp, sentences_from_doc

    document = clean_document(RawDocument("undated.txt", "txt", text=ARTICLE))
    doc = load_nlp()(document.text)
    return document, doc, sentences_from_doc(doc)


def _snapshot(annotated: AnnotatedDocument) -> dict[str, object]:
    # the parse and the speaker index (which holds it) compare by identity: a stage replaces them or leaves them
    shot = {f.name: copy.copy(getattr(annotated, f.name)) for f in fields(annotated) if f.name not in {"doc", "document", "speaker_index"}}
    shot["speaker_index"] = annotated.speaker_index
    shot["document.published"] = copy.copy(annotated.document.published)
    shot["document"] = {f.name: getattr(annotated.document, f.name) for f in fields(annotated.document) if f.name != "published"}
    return shot


def _changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    changed = set()
    for name, value in after.items():
        old = before[name]
        if name == "embeddings" and value is not None:
            changed |= {name} if old is None else set()
        elif (old is None) != (value is None) or (value is not None and not _same(old, value)):
            changed.add(name)
    return changed


def _same(a: object, b: object) -> bool:
    from claimtrace.quotes.speakers import DocumentSpeakers

    if isinstance(a, DocumentSpeakers):
        return a is b
    return a is b or (type(a) is type(b) and a == b)


def test_each_builtin_stage_assigns_only_what_it_declares(parsed) -> None:
    """Run the stages one by one on a real parse: every field a stage changes is one it declares."""
    document, doc, sentences = parsed
    document = copy.deepcopy(document)
    annotated = AnnotatedDocument(document, list(sentences), doc=doc)
    declared_any = set()
    for stage in select_stages(None):
        before = _snapshot(annotated)
        stage.annotate(annotated)
        changed = _changed(before, _snapshot(annotated))
        assert changed <= set(stage.assigns), (stage.name, changed - set(stage.assigns))
        declared_any |= changed
    # the article has quotes, spans, named people, dates and no stated publication date: all were assigned
    assert {"quotes", "quote_spans", "speaker_index", "document.published", "time_expressions", "quote_dates",
            "citations", "embeddings"} <= declared_any


def test_clean_leaves_the_estimate_to_the_time_stage(parsed, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimtrace.time.expressions
    import claimtrace.time.resolve
    from claimtrace.clean import clean_document

    def grammar(*args: object, **kwargs: object) -> None:
        raise AssertionError("the clean stage ran the time grammar")

    with monkeypatch.context() as patched:
        patched.setattr(claimtrace.time.expressions, "find_time_expressions", grammar)
        patched.setattr(claimtrace.time.resolve, "find_time_expressions", grammar)
        patched.setattr(claimtrace.time.resolve, "estimate_publication_date", grammar)
        document = clean_document(RawDocument("undated.txt", "txt", text=ARTICLE))
    assert (document.published.value, document.published.source, document.published.evidence) == (None, "unknown", "")

    _, doc, sentences = parsed
    annotated = annotate_document(document, doc, list(sentences), select_stages(("quotes", "time")))
    assert (annotated.document.published.value, annotated.document.published.source) == ("2024-10-31", "estimated")


def test_provenance_uses_the_spans_and_speakers_the_quotes_stage_hands_forward(parsed, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimtrace.quotes.marks
    import claimtrace.quotes.speakers

    document, doc, sentences = parsed
    quotes, time, provenance, _ = select_stages(None)
    annotated = annotate_document(copy.deepcopy(document), doc, list(sentences), [quotes, time])
    assert annotated.quote_spans and annotated.speaker_index is not None

    def again(*args: object, **kwargs: object) -> None:
        raise AssertionError("provenance found the quote spans or built the speaker index again")

    monkeypatch.setattr(claimtrace.quotes.marks, "find_quote_spans", again)
    monkeypatch.setattr(claimtrace.quotes.speakers.DocumentSpeakers, "__init__", again)
    provenance.annotate(annotated)
    assert any(edge.relation == "quotes" for edge in annotated.citations), annotated.citations

    annotated.release_parse()
    assert annotated.doc is None and annotated.speaker_index is None  # what crosses to the Ray driver holds no parse


def test_the_speaker_registry_runs_inside_the_write_and_is_forgotten_after_a_failed_one(parsed) -> None:
    """The corpus-wide step: ids given inside the store's write; a failed write makes the next one reload."""
    document, doc, sentences = parsed
    stages = select_stages(("quotes",))
    annotated = annotate_document(copy.deepcopy(document), doc, list(sentences), stages)
    assert annotated.quotes and all(q.speaker_id is None for q in annotated.quotes)

    class Store:
        def __init__(self, fail: bool) -> None:
            self.fail = fail
            self.locked = 0

        def lock_speaker_registry(self) -> int:
            self.locked += 1
            return 0

        def speaker_profiles(self) -> list[dict[str, object]]:
            return []

        def speaker_keys(self) -> list[tuple[str, str]]:
            return []

        def add_document(self, annotated: AnnotatedDocument, prepare) -> str:  # type: ignore[no-untyped-def]
            prepare()
            if self.fail:
                raise RuntimeError("disk full")
            return annotated.document.id

    context = annotate.StageContext(Store(fail=True))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        annotate.write_document(annotated, stages, context)
    assert "speakers" not in context.state  # rolled back: reload next time
    context.store = Store(fail=False)  # type: ignore[assignment]
    assert annotate.write_document(annotated, stages, context) is True
    assert context.store.locked == 1 and all(q.speaker_id for q in annotated.quotes)
    assert {p.id for p in annotated.speakers} == {q.speaker_id for q in annotated.quotes}
