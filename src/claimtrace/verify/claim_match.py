"""Small readings of a claim and a sentence that the claim frame and the judge's rules share.

Stems and content words, the numbers a text states, how much of a claim a
sentence covers (for the provenance trace), the speaker of a claim about
speech and whether a sentence is theirs, whether a claim describes a state
of affairs, and whether a time expression dates the claim's predicate. Each
is tested on its own in tests/test_claim_match.py. The judgement of support
or refutation is the verification model's (verifier.py), not these.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been being has have had
    that this these those it its their there here he she they them his her we our you your i not no
    any each other than then so such into over about after before during between while who whom which
    what when where why how all both also only very can could would should will shall may might must do
    does did says said say told tell according""".split()
)


def stem(word: str) -> str:
    """A crude stem: enough to match ratify/ratified, treaty/treaties, signed/signing."""
    w = re.sub(r"['’]s$", "", word.lower()).strip("'’-.,")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "y"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=512)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(_stem_word(text))


def _without_dates(text: str) -> str:
    from claimtrace.time.expressions import find_time_expressions

    for e in find_time_expressions(text, None):
        text = text[: e.start] + " " * (e.end - e.start) + text[e.end :]
    return text


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]\d)|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


@lru_cache(maxsize=4096)
def quantities(text: str) -> frozenset[float]:
    """The numbers a text states, dates aside ("3,200 troops", "112 votes")."""
    numbers = (m.group() for m in _NUMBER.finditer(_without_dates(text)))
    # A bare four-digit year ("Zapad 2021") names a time, not a count.
    return frozenset(float(n.replace(",", "")) for n in numbers if not re.fullmatch(r"(1[89]|20)\d\d", n))


@lru_cache(maxsize=256)
def claim_stems(claim: str) -> frozenset[str]:
    """The claim's content stems, less the words of its dates.

    Dates are judged by the time rules (a statement made before the date a
    claim names does not count), not by word overlap: "in January" and "on
    8 January 2024" share little text, and "the March 2023 memorandum" names
    the memorandum, it is not what a sentence must repeat.
    """
    return content_stems(_without_dates(claim)) or content_stems(claim)


SOFT_MATCH = 0.8  # cosine between static word vectors above which two words say the same (troops/soldiers)
SOFT_CREDIT = 0.8
CONTEXT_CREDIT = 0.5
# A sentence that leans on the one before it ("its aircraft", "put the figure at") borrows its words.
_ANAPHORIC = re.compile(r"\b(it|its|they|their|them|this|these|that figure|the figure|the number|the total)\b", re.I)


@lru_cache(maxsize=4096)
def _stem_word(text: str) -> dict[str, str]:
    return {stem(w): w.lower() for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1}


_WORD_VECTORS: dict[str, object] = {}


def _word_vectors(words: set[str]):
    """Static-model vectors of single words, cached for the process (a few hundred per claim)."""
    import numpy as np

    from claimtrace.retrieve.embedder import embed_static

    new = sorted(w for w in words if w not in _WORD_VECTORS)
    if new:
        if len(_WORD_VECTORS) > 200_000:
            _WORD_VECTORS.clear()
        for w, v in zip(new, embed_static(new).astype(np.float32)):
            _WORD_VECTORS[w] = v
    return {w: _WORD_VECTORS[w] for w in words}


def _soft_matches(missing: dict[str, str], have: dict[str, str]) -> int:
    """How many of the claim's missing words have a near-synonym in the sentence (never numbers)."""
    import numpy as np

    wanted = [w for w in missing.values() if not any(c.isdigit() for c in w)]
    offered = [w for w in have.values() if not any(c.isdigit() for c in w)]
    if not wanted or not offered:
        return 0
    vectors = _word_vectors(set(wanted) | set(offered))
    matrix = np.stack([vectors[w] for w in offered])
    return sum(1 for w in wanted if float((matrix @ vectors[w]).max()) >= SOFT_MATCH)


def coverage(claim: str, sentence: str, context: str = "") -> float:
    """Share of the claim's content words (dates aside) that the sentence says.

    Exact stems count fully; a near-synonym by the static word vectors
    ("soldiers" for "troops") counts 0.8; when the sentence points back
    ("its aircraft", "put the figure at"), words of the sentence before it
    count half.
    """
    wanted = claim_stems(claim)
    if not wanted:
        return 0.0
    have = content_stems(sentence)
    score = float(len(wanted & have))
    missing = wanted - have
    if missing:
        claim_words = {k: v for k, v in _stem_word(claim).items() if k in missing}
        score += SOFT_CREDIT * _soft_matches(claim_words, _stem_word(sentence))
        if context and _ANAPHORIC.search(sentence):
            score += CONTEXT_CREDIT * len(missing & content_stems(context))
    return min(1.0, score / len(wanted))


# Verbs that only report what was said: "X said that P" is true when X's words say P.
REPORTING_VERBS = frozenset("say tell state add note write argue insist claim announce stress warn suggest confirm".split())
# "X denied that P" is true when X's words say not-P: P is judged, and support and refutation swap.
DENYING_VERBS = frozenset("deny reject dismiss dispute".split())
SPEECH_VERBS = frozenset(
    "say tell deny confirm announce claim argue insist warn call describe state report add note stress admit "
    "acknowledge reject dismiss suggest write".split()
)


def _stem_forms(word: str) -> set[str]:
    forms = {stem(word)}
    if len(word) > 3 and word.endswith("e"):
        forms.add(word[:-1])  # take -> tak, as "taking" stems
    elif len(word) > 5 and word.endswith("ing"):
        forms.add(word[:-3])
    return forms


def _token_stems(token) -> set[str]:  # type: ignore[no-untyped-def]
    """Stem forms of a parsed token, as written and as lemma ("signed" and "sign")."""
    return _stem_forms(token.lower_) | _stem_forms(token.lemma_.lower())


_PARSES: OrderedDict[str, object] = OrderedDict()  # text -> spaCy Doc, least recently used first
_PARSES_KEPT = 2048
_PARSES_LOCK = threading.Lock()  # the web server checks claims on several threads


def parse_text(text: str):  # type: ignore[no-untyped-def]
    """The spaCy parse of a claim or an evidence sentence, made once per text for every rule that reads it."""
    with _PARSES_LOCK:
        doc = _PARSES.get(text)
        if doc is not None:
            _PARSES.move_to_end(text)
            return doc
    from claimtrace.nlp.pipeline import load_nlp

    return _keep(text, load_nlp()(text))


def parse_texts(texts: Iterable[str]) -> None:
    """Parse the texts not parsed yet in one ``nlp.pipe`` batch (about 1.6 times faster than one by
    one), so that the rules reading them one at a time find them made."""
    missing = list(dict.fromkeys(t for t in texts if t not in _PARSES))[:_PARSES_KEPT // 2]
    if missing:
        from claimtrace.nlp.pipeline import load_nlp

        for text, doc in zip(missing, load_nlp().pipe(missing, batch_size=64)):
            _keep(text, doc)


def _keep(text: str, doc):  # type: ignore[no-untyped-def]
    with _PARSES_LOCK:
        _PARSES[text] = doc
        while len(_PARSES) > _PARSES_KEPT:
            _PARSES.popitem(last=False)
    return doc


@lru_cache(maxsize=256)
def claim_predicate(claim: str) -> frozenset[str] | None:
    """Stems of the claim's main predicate ("ratified", "welcomed", "signed"), or None to skip the check.

    Claims about speech ("X said that ...", "X denied ...") are matched by
    the stance model on their content instead, so they return None.
    """
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    root = roots[0]
    if root.lemma_.lower() in SPEECH_VERBS:
        return None
    heads = [root] + [t for t in root.children if t.dep_ == "conj" and t.pos_ in {"VERB", "ADJ"}]
    if root.pos_ == "AUX" or root.lemma_.lower() in {"be", "have"}:
        heads += [t for t in root.children if t.dep_ in {"acomp", "attr", "xcomp", "oprd"}]
    stems: set[str] = set()
    for t in heads:
        for form in (t.text.lower(), t.lemma_.lower()):
            if form not in STOPWORDS and len(form) > 2:
                stems |= _stem_forms(form)
    return frozenset(stems) or None


@dataclass(frozen=True)
class SpeechClaim:
    """A claim about what someone says ("X says P", "X denied that P"), split into who and what."""

    speaker: str
    surname: str | None  # the last proper noun of a named speaker, the part every mention keeps
    speaker_stems: frozenset[str]
    present: bool  # "says" (their current position) rather than "said" (one past statement)
    content: str | None = None  # what they said or denied: P in "said that P" and in "denied that P"
    denies: bool = False  # "denied that P": their words must say not-P
    # The lower-case nouns and adjectives naming what kind of body speaks ("defence ministry" in
    # "China's defence ministry"): the name may be left out ("the ministry said"), the kind may not.
    kind_stems: frozenset[str] = frozenset()


@lru_cache(maxsize=256)
def speech_claim(claim: str) -> SpeechClaim | None:
    """The speaker of a claim about speech, or None when the claim is about the world."""
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots or roots[0].lemma_.lower() not in SPEECH_VERBS:
        return None
    root = roots[0]
    subjects = [t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or not any(t.dep_ in {"ccomp", "xcomp", "dobj", "oprd"} for t in root.children):
        return None
    phrase = doc[subjects[0].left_edge.i : subjects[0].right_edge.i + 1]
    # Who speaks, without what a clause says of them ("a priest [who was declared dead]"): reports of the
    # speaker name them by the noun phrase, and the clause's words are not part of the name or the kind.
    described = {t.i for c in subjects[0].children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    naming = [t for t in phrase if t.i not in described]
    naming_text = " ".join(t.text for t in naming)
    names = [t.text for t in phrase if t.pos_ == "PROPN" and t.ent_type_ in {"PERSON", ""} and t.text[:1].isupper()]
    person = any(t.ent_type_ == "PERSON" for t in phrase)
    content = None
    clauses = [t for t in root.children if t.dep_ == "ccomp"]
    if clauses and root.lemma_.lower() in REPORTING_VERBS | DENYING_VERBS:
        clause = doc[clauses[0].left_edge.i : clauses[0].right_edge.i + 1]
        content = re.sub(r"^(that|whether)\s+", "", clause.text).strip()
    return SpeechClaim(
        speaker=phrase.text,
        surname=names[-1] if names and person else None,
        speaker_stems=content_stems(naming_text),
        present=root.tag_ in {"VBZ", "VBP"},
        content=content or None,
        denies=bool(content) and root.lemma_.lower() in DENYING_VERBS,
        kind_stems=frozenset(
            _spelling_key(stem(t.text))
            for t in naming
            # spaCy often tags "defence ministry" PROPN: what marks the kind is the lower case
            if t.pos_ in {"NOUN", "ADJ", "PROPN"} and t.is_alpha and t.text.islower() and t.lower_ not in STOPWORDS
        ),
    )


def _spelling_key(word_stem: str) -> str:
    """defence/defense, organise/organize: one key for the British and American spelling."""
    return word_stem.replace("c", "s").replace("z", "s")


def by_claimed_speaker(speech: SpeechClaim, speaker: str | None, role: str | None, sentence: str) -> bool:
    """Is this evidence the claimed speaker's own statement, or a report of it?"""
    said_by = " ".join(x for x in (speaker, role) if x)
    if speech.surname:
        return speech.surname.lower() in said_by.lower() or speech.surname.lower() in sentence.lower()
    have = content_stems(said_by + " " + sentence)
    wanted = speech.speaker_stems - {"the"}
    if speech.kind_stems and not speech.kind_stems <= {_spelling_key(h) for h in have}:
        return False  # "China's foreign ministry" is not "China's defence ministry", however many words they share
    return bool(wanted) and len(wanted & have) / len(wanted) >= 0.66


@lru_cache(maxsize=256)
def claim_key_stems(claim: str) -> frozenset[str] | None:
    """What a sentence must say for it to assert the claim: the predicate, or for "have/be" claims the thing had."""
    predicate = claim_predicate(claim)
    if predicate:
        return predicate
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots or roots[0].lemma_.lower() in SPEECH_VERBS:
        return None
    things = [t for t in roots[0].children if t.dep_ in {"dobj", "attr", "acomp"} and t.pos_ in {"NOUN", "PROPN", "ADJ"}]
    stems: set[str] = set()
    for t in things:
        stems |= _token_stems(t)
    return frozenset(stems) or None


def state_of_affairs(claim: str) -> bool:
    """Is the claim about how things stand now ("have signed", "is unthinkable"), not a past event ("took part")?

    Only such claims can be overtaken by later reports: a treaty signed in
    2024 makes "they have a treaty" true from then on, while "China took part
    in an exercise" is settled by reports of that exercise, whenever made.
    """
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return True
    root = roots[0]
    if root.tag_ in {"VBZ", "VBP"}:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBZ", "VBP"} for c in root.children)


def dates_the_predicate(claim: str, sentence: str, start: int, end: int) -> bool:
    """Does the time expression at [start, end) attach to the claim's predicate in the sentence?

    Walks from the expression up the parse to the first verb: "signed on
    31 October" dates the signing; "a column in December claimed they had
    signed" dates the column.
    """
    wanted = claim_key_stems(claim)
    doc = parse_text(sentence)
    tokens = [t for t in doc if start <= t.idx < end]
    if not tokens or not wanted:
        return not wanted
    node = next((t for t in tokens if not (start <= t.head.idx < end) or t.head is t), tokens[0])
    for _ in range(8):
        if node.pos_ in {"VERB", "AUX"} or node.head is node:
            break
        node = node.head
    return bool(_token_stems(node) & wanted)




# Contracted auxiliaries spaCy splits off "n't" from ("can't" -> "ca" + "n't").
_CONTRACTED_AUX = {"ca": "can", "wo": "will", "sha": "shall"}
# Negative words that cannot be dropped to give the positive claim ("nobody signed" is not "signed").
_UNDROPPABLE_NEGATIVES = frozenset("none nobody nothing nowhere neither nor".split())


@lru_cache(maxsize=256)
def positive_form(text: str) -> str | None:
    """The text with its one negation of the main predicate taken out, or None when it has none (or several).

    "the memorandum was not a military alliance" -> "the memorandum was a military alliance";
    "it contains no defence commitments" -> "it contains defence commitments". The verifier, like
    most NLI models, reads a negation in the claim as a sign of contradiction whatever the evidence
    says; asked the positive claim, it judges the evidence, and the judge swaps support and
    refutation.

    >>> positive_form("The plant will not close next year.")
    'The plant will close next year.'
    """
    doc = parse_text(text)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return None
    root = roots[0]
    predicate = {root} | {t for t in root.children if t.dep_ in {"aux", "auxpass", "cop", "xcomp"}}
    if any(t.lower_ in _UNDROPPABLE_NEGATIVES for t in doc):
        return None
    drops = [t for t in doc if t.dep_ == "neg" and t.head in predicate]
    drops += [t for t in doc if t.lower_ == "no" and t.dep_ == "det" and t.head.head == root
              and t.head.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"}
              and not t.ent_type_ and t.head.pos_ != "PROPN"]  # not in a name ("No Man's Land Festival")
    if len(drops) != 1 or sum(1 for t in doc if t.dep_ == "neg" or t.lower_ == "no") != 1:
        return None
    cut = drops[0]
    words = []
    for t in doc:
        if t.i == cut.i:
            if t.lower_ == "no" and t.head.tag_ in {"NN", "NNP"}:  # "no border" -> "a border"
                article = "an" if t.head.i == t.i + 1 and t.head.lower_[:1] in "aeiou" else "a"
                words.append((article.capitalize() if t.i == 0 else article) + t.whitespace_)
                continue
            if words and t.lower_ == "n't":
                words[-1] = _CONTRACTED_AUX.get(words[-1].lower(), words[-1]) + t.whitespace_
            continue
        if t.i == cut.i + 1 and cut.i == 0 and not (words and words[-1].strip()):
            words.append(t.text[:1].upper() + t.text[1:] + t.whitespace_)
            continue
        words.append(t.text_with_ws)
    return "".join(words).strip() or None
