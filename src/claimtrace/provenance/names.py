"""Canonical keys for sources, so one outlet or person is one node however it is written.

'the Northgate Review', 'Northgate Review' and 'Northgate Review's' share the
key ``outlet:northgate-review``; 'Continental Press Agency (CPA)' also answers
to its acronym; 'the Les-Crises website' is ``outlet:les-crises``. People are
keyed by their full normalised name (the quotes stage's speaker ids use the
same slug), anonymous sources by whoever quotes them.
"""

from __future__ import annotations

import re
import unicodedata

from claimtrace.quotes.speakers import normalise_name

_LINK_TARGET = re.compile(r"\]\([^)]*\)?")  # markdown '[Outlet](https://...)'
_MARKUP = re.compile(r"[\[\]*_`]")
_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*")
_GENERIC_TAIL = ("web site", "website", "site", "web portal", "portal")
_READERS_OF = re.compile(r"^(?:the\s+)?(?:readers|team|staff|editors|volunteers)\s+of\s+", re.IGNORECASE)
_ACRONYM_STOP = frozenset({"of", "the", "and", "for", "on", "in", "a", "an", "de", "la", "le", "du", "&"})


def slug(text: str) -> str:
    """Lower-case, accent-free, words joined by '-'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def clean_outlet_name(name: str) -> str:
    """An outlet's name as displayed: no article, no possessive, no '(CPA)', no 'website'."""
    text = _MARKUP.sub("", _LINK_TARGET.sub("", name))
    text = _PARENTHESIS.sub(" ", text).strip()
    text = _READERS_OF.sub("", text)
    text = re.sub(r"[’']s?$", "", text.strip()).strip(" ,.;:")
    words = text.split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    lowered = " ".join(words).lower()
    for tail in _GENERIC_TAIL:
        if lowered.endswith(" " + tail) and len(lowered) > len(tail) + 1:
            words = words[: len(words) - len(tail.split())]
            break
    return " ".join(words)


def outlet_abbreviation(name: str) -> str | None:
    """The abbreviation an outlet gives itself in parentheses: 'Continental Press Agency (CPA)' -> 'CPA'."""
    m = _PARENTHESIS.search(name)
    if m and re.fullmatch(r"[A-Z][A-Za-z0-9.&-]{1,9}", m.group(1).strip()):
        return m.group(1).strip()
    return None


def outlet_slug(name: str) -> str:
    """Slug of an outlet's cleaned name; hyphens and spaces are the same ('Les-Crises' == 'Les Crises')."""
    return slug(normalise_name(clean_outlet_name(name)).replace("-", " "))


def acronym(name: str) -> str:
    """Initials of the significant words: 'Continental Press Agency' -> 'cpa'."""
    words = [w for w in re.split(r"[\s-]+", clean_outlet_name(name)) if w and w.lower() not in _ACRONYM_STOP]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


def outlet_key(name: str) -> str:
    return f"outlet:{outlet_slug(name)}"


def organisation_key(name: str) -> str:
    return f"org:{outlet_slug(name)}"


def person_slug(name: str) -> str:
    return slug(normalise_name(name))


def person_key(name: str) -> str:
    return f"person:{person_slug(name)}"


def document_key(doc_id: str) -> str:
    return f"document:{doc_id}"


def anonymous_key(scope_key: str, head: str) -> str:
    """An anonymous source belongs to whoever quotes it: ``anonymous:<scope>/<head noun>``."""
    return f"anonymous:{scope_key}/{slug(head) or 'source'}"


def key_slug(key: str) -> str:
    """The part of a key after its namespace: 'outlet:northgate-review' -> 'northgate-review'."""
    return key.split(":", 1)[1] if ":" in key else key
