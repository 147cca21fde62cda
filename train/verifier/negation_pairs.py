"""Evidence that negates the claim's own predicate: pairs the NLI sets hardly have.

The NLI training sets negate claims (FEVER's "X is not Y") but rarely their
evidence, so a model trained on them reads "officials ruled out any case of
the disease" as support for "there is a case of the disease": the words are
the claim's. These pairs are made from training entailment pairs (P entails
H) whose premise's main verb is also the claim's predicate: negating that
verb in P ("was released" -> "was not released", "signed" -> "did not sign")
gives a premise that contradicts H. A few ruling-out templates add the
lexical negations of news ("ruled out", "found no sign of"), labelled
refutes; and not confirming is not denying: "officials have not confirmed
that P" is labelled neutral, and a negated speech or knowledge verb ("did
not say") is never used as a refutation. Deterministic for a seed;
training premises only.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

RULED_OUT = [
    "Officials have ruled out that {p}.",
    "Tests found no sign that {p}.",
    "Investigators concluded that it is not the case that {p}.",
    "Nothing supports the idea that {p}, the authorities said after checking.",
]
# "officials have not confirmed that P" leaves P open: a speech or knowledge verb negated is not a denial.
REPORTING_LEMMAS = frozenset(
    "say state report confirm announce claim tell reveal disclose comment know believe think suggest indicate "
    "show publish release issue admit acknowledge describe call designate".split()
)
NOT_CONFIRMED = [
    "Officials have not confirmed that {p}.",
    "The company has not publicly stated whether {p}.",
    "There was no word from the authorities on whether {p}.",
    "It could not be independently verified that {p}.",
    "Police did not say whether {p}.",
]
_AUX_NEGATABLE = {"is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must"}


def negate_main_verb(doc) -> str | None:  # type: ignore[no-untyped-def]
    """The sentence with its main verb negated, or None when the parse gives no safe place to do it.

    >>> # "The film was released in 2000." -> "The film was not released in 2000."
    """
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    root = roots[0]
    if any(c.dep_ == "neg" for c in root.children):
        return None  # already negated: leave it
    auxes = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.i < root.i and c.lower_ in _AUX_NEGATABLE]
    if auxes:
        at = auxes[0]
        return doc[: at.i + 1].text + " not " + doc[at.i + 1 :].text
    if root.lemma_ == "be" and root.lower_ in _AUX_NEGATABLE:
        return doc[: root.i + 1].text + " not " + doc[root.i + 1 :].text
    if root.pos_ == "VERB" and root.tag_ in {"VBD", "VBZ", "VBP"}:
        do = {"VBD": "did", "VBZ": "does", "VBP": "do"}[root.tag_]
        return doc[: root.i].text + f" {do} not {root.lemma_} " + doc[root.i + 1 :].text
    return None


def predicate_shared(doc, hyp) -> bool:  # type: ignore[no-untyped-def]
    """P's main predicate is what H asserts: a verb H uses too, or for "X is a Y" the Y H names too.

    Premises with a second clause ("... was 3,090 and now there are 15,882") are left out: negating
    the first clause says nothing of what H takes from the second.
    """
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots or any(t.dep_ == "neg" for t in hyp):
        return False
    root = roots[0]
    if any(c.dep_ in {"conj", "ccomp", "parataxis"} and c.pos_ in {"VERB", "AUX"} for c in root.children) or ";" in doc.text:
        return False
    hyp_lemmas = {t.lemma_.lower() for t in hyp}
    if root.lemma_.lower() in REPORTING_LEMMAS:
        return False
    if root.lemma_ == "be":
        heads = [c for c in root.children if c.dep_ in {"attr", "acomp"}]
        return bool(heads) and heads[0].lemma_.lower() in hyp_lemmas
    return root.pos_ == "VERB" and root.lemma_.lower() in hyp_lemmas


def negation_pairs(rows: Iterable[dict], nlp, n: int = 6000, seed: int = 17) -> list[dict]:  # type: ignore[no-untyped-def]
    """Contradiction pairs: premises of entailment rows with the claim's predicate negated, plus ruling-out templates."""
    rng = random.Random(seed)
    entail = [r for r in rows if r["label"] == "entailment" and len(r["premise"].split()) <= 40]
    rng.shuffle(entail)
    out: list[dict] = []
    candidates = entail[: n * 4]
    docs = nlp.pipe([r["premise"] for r in candidates], batch_size=256)
    hyp_docs = nlp.pipe([r["hypothesis"] for r in candidates], batch_size=256)
    for r, doc, hyp in zip(candidates, docs, hyp_docs):
        if len(out) >= n:
            break
        if not predicate_shared(doc, hyp):
            continue
        negated = negate_main_verb(doc)
        if not negated:
            continue
        out.append({"premise": negated, "hypothesis": r["hypothesis"], "label": "contradiction",
                    "source": "news_negated", "id": f"negated-{len(out)}"})
    for i, r in enumerate(entail[n * 4 : n * 4 + n // 4]):
        out.append({"premise": rng.choice(RULED_OUT).format(p=_clause(r["premise"])),
                    "hypothesis": r["hypothesis"], "label": "contradiction", "source": "news_ruled_out", "id": f"ruled-out-{i}"})
    # Not confirming is not denying: "officials have not confirmed that P" leaves P open.
    for i, r in enumerate(entail[n * 4 + n // 4 : n * 4 + n // 4 + 3 * n // 8]):
        out.append({"premise": rng.choice(NOT_CONFIRMED).format(p=_clause(r["premise"])),
                    "hypothesis": r["hypothesis"], "label": "neutral", "source": "news_not_confirmed", "id": f"not-confirmed-{i}"})
    return out


def _clause(premise: str) -> str:
    p = premise.strip().rstrip(" .")
    return p[0].lower() + p[1:] if p.split(" ", 1)[0] in {"The", "A", "An"} else p
