"""What a sentence says about a claim beyond what the stance model hears.

The stance model was trained on headline/article pairs, where "related"
means "same story". In a corpus about one question every sentence is the
same story, so relatedness alone lets topical sentences vote, and shared
words sound like agreement. These rules, each small and tested on its own
(tests/test_claim_match.py), read the claim and the sentence: how much of
the claim the sentence covers; whether it asserts the claim's predicate,
its opposite (ratified / rejected), a promise of it, or a negation of it
(by the dependency parse); whether a number disputes the claim's; whether
the claim's named things, doer and time are the sentence's; and, for a
claim about what someone says, whether the sentence is theirs and whether
they say their position has changed. check.py applies them in order.
"""

from __future__ import annotations

import re
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

# Opposed predicates in news prose: a sentence asserting one refutes a claim asserting the other.
OPPOSED = [
    ({"ratif", "approv", "adopt", "pass", "passed"}, {"reject", "vote down", "voted down", "veto", "not put to a vote"}),
    ({"welcom", "prais", "endors", "support"}, {"regret", "condemn", "criticis", "criticiz", "oppos", "denounc", "protest"}),
    ({"publish", "releas", "made public", "disclos"}, {"kept secret", "withh", "unpublish", "not publish", "kept"}),
    ({"confirm", "acknowledg", "admit"}, {"deni", "deny", "reject", "dismiss"}),
    ({"attend", "present at", "took part", "take part", "taking part", "participat"},
     {"did not attend", "absent", "absence", "not present", "stayed away", "did not take part", "did not participate"}),
    ({"increas", "rais", "rose", "grew"}, {"decreas", "cut", "lower", "fell", "reduc"}),
]


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


def quantity_agreement(claim: str, sentence: str, context: str = "") -> str | None:
    """"same" when the sentence states the claim's number, "different" when it gives another for it.

    "Another for it" means a number of the same order that answers the
    sentence before, which stated the claim's own ("The ministry said 3,200
    ... The other put the figure at about 1,800"): the classic disputed count.
    """
    wanted = quantities(claim)
    if not wanted:
        return None
    have = quantities(sentence)
    if wanted & have:
        return "same"
    if have and wanted & quantities(context) and any(0.1 <= h / w <= 10 for h in have for w in wanted if w):
        return "different"
    return None


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


def _has(text: str, cues: set[str]) -> bool:
    return any(cue in text for cue in cues)


# "rejected claims that ..." rejects what someone said, not the thing the claim is about.
_REJECTS_SPEECH = re.compile(
    r"\b(reject|deni|deny|dismiss|condemn|criticis|criticiz)\w*\s+(?:the\s+|these\s+|such\s+)?"
    r"(claims?|reports?|suggestions?|allegations?|accusations?|speculation|rumou?rs?|assertions?)\b"
)


def opposed_predicate(claim: str, sentence: str) -> bool:
    """True when the sentence asserts the opposite of the claim's predicate (and the claim is not itself negated)."""
    c, s = claim.lower(), _REJECTS_SPEECH.sub(" ", sentence.lower())
    for positive, negative in OPPOSED:
        if _has(c, positive) and not _has(c, negative) and _has(s, negative) and not _has(s, positive):
            return True
        if _has(c, negative) and not _has(c, positive) and _has(s, positive) and not _has(s, negative):
            return True
    return False


SPEECH_VERBS = frozenset(
    "say tell deny confirm announce claim argue insist warn call describe state report add note stress admit "
    "acknowledge reject dismiss suggest".split()
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


@lru_cache(maxsize=4096)
def _word_forms(text: str) -> frozenset[str]:
    """Every stem form of every word of a text, for "does it contain the predicate" tests."""
    return frozenset(form for w in _WORD.findall(text) for form in _stem_forms(w.lower()))


@lru_cache(maxsize=2048)
def parse_text(text: str):
    """The spaCy parse of a claim or an evidence sentence, made once per text for every rule that reads it."""
    from claimtrace.nlp.pipeline import load_nlp

    return load_nlp()(text)


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


def asserts_predicate(claim: str, sentence: str) -> bool:
    """Does the sentence contain the claim's predicate (so it can support it, not just share its topic)?"""
    wanted = claim_key_stems(claim)
    if wanted is None:
        return True
    if not wanted & _word_forms(sentence):
        return False
    if claim_predicate(claim) is None:
        return True
    # A verb predicate must come as a verb: "the clearest sign yet" does not say anything was signed.
    return any(
        t.pos_ in {"VERB", "AUX", "ADJ"} and _token_stems(t) & wanted for t in parse_text(sentence)
    )


# Words before a predicate that make it a promise, plan, hope or condition rather than a report that it happened.
_IRREALIS_BEFORE = re.compile(
    r"\b(will|would|could|might|may|shall|should|must|to|if|once|until|unless)\s+"
    r"(?:(?:not|be|been|have|soon|still|also|eventually|finally|it|is|they|are)\s+){0,2}$",
    re.I,
)


def predicate_irrealis(claim: str, sentence: str) -> bool:
    """The sentence names the claim's predicate only as unrealised ("would be published", "promised to publish").

    A promise to publish is not a publication: such a sentence neither
    supports nor refutes a claim that something happened.
    """
    wanted = claim_predicate(claim)
    if not wanted:
        return False
    mentions = [m for m in _WORD.finditer(sentence) if _stem_forms(m.group().lower()) & wanted]
    if mentions and re.match(r"\W*(if|unless|should)\b", sentence, re.I):
        return True  # the whole sentence is a condition
    return bool(mentions) and all(_IRREALIS_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()]) for m in mentions)


_HEDGED = re.compile(
    r"\b(allegedly|alleged|alleges|reportedly|reported|reports|claims?|claimed|rumou?r\w*|unconfirmed|unverified|"
    r"purportedly|supposedly|speculat\w*|may|might|could|would|if|whether|citing|cited|wrote|writes|column\w*|"
    r"sources?|anonymous|unnamed|not to be named|likely|unlikely|unclear)\b|\?",
    re.I,
)


def plain_assertion(claim: str, sentence: str, official_source: bool = False) -> bool:
    """The sentence states the claim's predicate flatly: no hedge, no negation, no promise.

    FNC-1's "discuss" (reports without taking sides) is right for "X was
    reported to ...", but a news sentence that simply states the event, in
    its own voice or on an official body's authority, asserts it. "according
    to" counts as a hedge unless the source it names is an official body.
    """
    from claimtrace.verify.stance_lexicon import NEGATION_WORDS

    if _HEDGED.search(sentence) or (not official_source and "according to" in sentence.lower()):
        return False
    if is_denial(sentence):
        return False
    if any(w.lower() in NEGATION_WORDS for w in _WORD.findall(sentence)):
        return False
    return asserts_predicate(claim, sentence) and not predicate_irrealis(claim, sentence)


@dataclass(frozen=True)
class SpeechClaim:
    """A claim about what someone says ("X says P", "X denied that P"), split into who and what."""

    speaker: str
    surname: str | None  # the last proper noun of a named speaker, the part every mention keeps
    speaker_stems: frozenset[str]
    present: bool  # "says" (their current position) rather than "said" (one past statement)


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
    names = [t.text for t in phrase if t.pos_ == "PROPN" and t.ent_type_ in {"PERSON", ""} and t.text[:1].isupper()]
    person = any(t.ent_type_ == "PERSON" for t in phrase)
    return SpeechClaim(
        speaker=phrase.text,
        surname=names[-1] if names and person else None,
        speaker_stems=content_stems(phrase.text),
        present=root.tag_ in {"VBZ", "VBP"},
    )


def by_claimed_speaker(speech: SpeechClaim, speaker: str | None, role: str | None, sentence: str) -> bool:
    """Is this evidence the claimed speaker's own statement, or a report of it?"""
    said_by = " ".join(x for x in (speaker, role) if x)
    if speech.surname:
        return speech.surname.lower() in said_by.lower() or speech.surname.lower() in sentence.lower()
    have = content_stems(said_by + " " + sentence)
    wanted = speech.speaker_stems - {"the"}
    return bool(wanted) and len(wanted & have) / len(wanted) >= 0.66


# A speaker saying, or a report saying, that their position has moved on.
POSITION_CHANGE = re.compile(
    r"\b(position|mind|stance|view|views|tune)\b\W+(?:\w+\W+){0,2}?(?:had |has |have )?(changed|shifted|softened|evolved|moved)\b"
    r"|\bchang\w* (his|her|their|its) (mind|position|stance|view|tune)\b"
    r"|\bno longer\b|\bat the time,? it was\b|\bU-turn\b|\bbacktrack\w*|\brevers\w* (his|her|their|its) (position|stance)\b"
    r"|\bdropped (his|her|their|its) (opposition|objection)s?\b",
    re.I,
)


def position_changed(sentence: str) -> bool:
    return bool(POSITION_CHANGE.search(sentence))


def is_denial(sentence: str) -> bool:
    """The sentence denies or negates something ("denied that any of its aircraft had crossed")."""
    from claimtrace.verify.stance_lexicon import DENIAL_PATTERNS

    lowered = sentence.lower()
    return any(p.search(lowered) for p in DENIAL_PATTERNS)


# Heads that put what they govern in doubt or in the negative: "lack of an alliance", "ruled out a pact".
NEGATIVE_HEADS = frozenset(
    "lack absence deny denial reject rule dismiss refuse avoid oppose taboo unthinkable impossible "
    "without fabrication myth rumour rumor speculation".split()
)
IRREALIS_AUX = frozenset("would could might may should will shall".split())
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "relcl", "acl", "csubj", "parataxis"})  # not advcl: "taboo to suggest X"


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


def predicate_polarity(claim: str, sentence: str) -> str | None:
    """How the sentence holds the claim's key term: "asserted", "negated", "irrealis", or None if absent.

    Read from the dependency parse: a "not"/"no" on the way from the term
    to its clause, a negative head above it ("lack of", "ruled out",
    "taboo to suggest"), or a modal ("would have to pay a price for").
    One plain mention is enough to count as asserted.
    """
    wanted = claim_key_stems(claim)
    if not wanted:
        return None
    doc = parse_text(sentence)
    found = []
    for token in doc:
        if not _token_stems(token) & wanted:
            continue
        if token.dep_ in {"compound", "amod"} and token.head.pos_ in {"NOUN", "PROPN"}:
            continue  # "a quasi-alliance relationship" is a relationship, not an alliance
        negated = irrealis = False
        node = token
        for _ in range(12):
            children = list(node.children)
            if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in {"no", "neither"}) for c in children):
                negated = True
            if node is not token and node.lemma_.lower() in NEGATIVE_HEADS:
                negated = True
            if node.lower_ in {"far", "away"} and any(c.lower_ == "from" for c in children):
                negated = True  # "far from a military alliance", "moved away from alliances"
            if any(c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in NEGATIVE_HEADS for c in children):
                negated = True
            if any(c.dep_ == "aux" and c.lower_ in IRREALIS_AUX for c in children) or any(
                c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in children
            ):
                irrealis = True
            if node.dep_ in _CLAUSE_DEPS and node.pos_ in {"VERB", "AUX"} and node is not token:
                break
            if node.head is node:
                break
            node = node.head
        found.append("negated" if negated else "irrealis" if irrealis else "asserted")
    if not found:
        return None
    if "asserted" in found:
        return "asserted"
    return "negated" if "negated" in found else "irrealis"


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


@lru_cache(maxsize=256)
def claim_names(claim: str) -> frozenset[str]:
    """Stems of the proper names a claim is about beyond its subject ("Zapad" in "China took part in Zapad").

    A sentence that names none of them reports some other event, however
    many of the claim's other words it shares.
    """
    if speech_claim(claim) is not None:
        return frozenset()  # who said it is matched by speaker; what they said may name things loosely
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    subject = set()
    for root in roots[:1]:
        for t in root.children:
            if t.dep_ in {"nsubj", "nsubjpass"}:
                subject |= {w.i for w in t.subtree}
    # "during the Northern Shield exercise" sets the scene like a date; it is not what the claim asserts.
    for t in doc:
        if t.dep_ == "prep" and t.lower_ in {"during", "after", "before", "since", "amid", "following", "despite"}:
            subject |= {w.i for w in t.subtree}
    dated = _without_dates(claim)
    return frozenset(
        stem(t.text) for t in doc if t.pos_ == "PROPN" and t.i not in subject and dated[t.idx : t.idx + len(t.text)].strip()
    )


def names_missing(claim: str, sentence: str, context: str = "") -> bool:
    wanted = claim_names(claim)
    if context and not _ANAPHORIC.search(sentence):
        context = ""
    return bool(wanted) and not (wanted & content_stems(sentence + " " + context))


@lru_cache(maxsize=256)
def predicate_phrase(claim: str) -> str:
    """The words of the claim's main predicate with its particles and light objects ("took part", "signed")."""
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return ""
    root = roots[0]
    words = [root] + [t for t in root.children if t.dep_ in {"prt", "acomp", "attr", "oprd"}]
    words += [t for t in root.children if t.dep_ == "dobj" and t.lower_ in {"part", "place", "action", "effect", "note"}]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _place_key(word: str) -> str:
    """Kestrania / Kestranian / Kestrania's share a key: the first four letters of the place name."""
    return word.lower()[:4]


# Capitalised words of institution names that say nothing about whose institution it is.
_GENERIC_NAME_WORDS = frozenset(
    "national federal state supreme people peoples upper lower grand royal central general high house "
    "assembly parliament council congress senate diet ministry court the".split()
)


def _places(tokens) -> set[str]:
    """Keys of the place names among tokens: tagged places, or capitalised names that modify something.

    The small English model tags invented places unreliably (as PERSON or
    ORG), so a capitalised modifier or prepositional object counts too.
    """
    keys = set()
    for t in tokens:
        if t.lower_ in _GENERIC_NAME_WORDS or not t.text[:1].isupper() or t.ent_type_ == "DATE":
            continue
        if t.ent_type_ in {"GPE", "NORP"} or (t.pos_ in {"PROPN", "ADJ"} and t.dep_ in {"poss", "compound", "amod", "pobj", "nmod"}):
            keys.add(_place_key(t.text))
    return keys


def agent_mismatch(claim: str, sentence: str) -> bool:
    """The sentence's doer of the claim's predicate is another country's body than the claim's.

    "Kestrania's parliament has ratified" is not supported by "The National
    Assembly ratified the treaty with Kestrania": Kestrania there is the
    partner, not the one who ratified. Applies only when the claim's doer is
    an institution of a named place.
    """
    wanted = claim_predicate(claim)
    if not wanted:
        return False
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    subjects = [t for t in roots[0].children if t.dep_ == "nsubj"] if roots else []
    if not subjects or subjects[0].ent_type_ in {"GPE", "NORP", "PERSON"}:
        return False
    claim_places = _places(subjects[0].subtree)
    if not claim_places:
        return False
    sent = parse_text(sentence)
    for token in sent:
        if not _token_stems(token) & wanted or token.pos_ not in {"VERB", "AUX"}:
            continue
        agents = [c for c in token.children if c.dep_ == "nsubj"]
        agents += [a for c in token.children if c.dep_ == "agent" for a in c.children if a.dep_ == "pobj"]
        if not agents:
            continue
        agent_places = set().union(*(_places(a.subtree) for a in agents))
        if agent_places & claim_places:
            return False
        # The claim's place elsewhere in the same clause ("ratified the treaty with Kestrania") is the partner.
        elsewhere = _places(t for t in token.subtree if not any(t in a.subtree for a in agents))
        if agent_places or claim_places & elsewhere:
            return True
    return False


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


@lru_cache(maxsize=256)
def claim_heads(claim: str) -> tuple[frozenset[str], ...]:
    """Stems of the claim's doer, predicate and thing done (each a group; conjuncts join their group)."""
    doc = parse_text(claim)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return ()
    root = roots[0]
    groups: list[set[str]] = []
    for deps in ({"nsubj"}, {"dobj", "attr", "nsubjpass", "acomp"}):
        heads = [t for t in root.children if t.dep_ in deps]
        heads += [c for t in heads for c in t.conjuncts]
        stems = set()
        for t in heads:
            stems |= _token_stems(t)
        if stems:
            groups.append(stems)
    predicate = claim_key_stems(claim)
    if predicate:
        groups.append(set(predicate))
    return tuple(frozenset(g) for g in groups)


def denies_the_claim(claim: str, sentence: str, context: str = "") -> bool:
    """A denial that names at least two of the claim's doer, predicate and object (its own or, for
    "its aircraft", the sentence before's): a denial of the claim in other words, not of something else."""
    if not is_denial(sentence):
        return False
    text = sentence + (" " + context if context and _ANAPHORIC.search(sentence) else "")
    words = _stem_word(text)
    have = set(words) | _word_forms(text)
    hits = 0
    for group in claim_heads(claim):
        if group & have or _soft_matches({g: g for g in group if g.isalpha()}, words):
            hits += 1
    return hits >= 2
