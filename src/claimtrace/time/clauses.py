"""Whether a time expression dates a saying: the dependency path from the expression up to the speech cue.

Kept apart from ``time.resolve`` (which needs dateparser and the cleaning stage) because the quotes stage and
a cold claim check use it too, and those must not load the ingest-side libraries
(``tests/test_check_imports.py``).
"""

from __future__ import annotations

from typing import Any

_MAX_PATH = 8  # steps up the parse: a saying's own date hangs within a few words of its cue

# Dependencies by which a word heads a clause of its own: a time there dates that clause's event.
_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "pcomp", "csubj", "csubjpass", "parataxis"})
# Words that place the saying relative to another event: 'said after the vote on Friday' dates the vote;
# the saying came later, on a day the sentence does not give.
_RELATIVE_TIME_WORDS = frozenset({"after", "before", "since", "until", "till", "following", "ahead", "prior"})
_SIMULTANEOUS_WORDS = frozenset({"when", "while"})


def clause_path(token: Any, governors: set[int], content_span: tuple[int, int] | None = None) -> int | None:
    """Steps from ``token`` (a time expression's head) up the parse to one of ``governors`` (the speech cue
    and the clauses it shares, ``_governing_tokens``), or None when the path leaves the cue's own clause.

    'said on Monday', 'said Monday', 'told reporters last week', 'On Tuesday, X said' reach the cue
    directly. The path leaves the clause through a word heading another clause ('said ... since the pact
    collapsed in the 1960s', 'said the plant that opened in 1998 ...', ``_heads_other_clause``), through
    a word placing the saying relative to another event ('said after the vote on Friday'), or through
    the quoted content. Shared by the quotes stage's stated date and ``date_quote``.
    """
    for steps in range(_MAX_PATH):
        if token.i in governors:
            return steps
        if content_span is not None and content_span[0] <= token.idx < content_span[1]:
            return None  # the quoted content: it dates something else
        if steps and (token.lower_ in _RELATIVE_TIME_WORDS or _heads_other_clause(token, governors)):
            return None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _heads_other_clause(token: Any, governors: set[int]) -> bool:
    """Whether ``token`` heads a clause other than the saying's; a clause on the cue that only sets
    the scene of the saying does not count (``_sets_the_scene``)."""
    heads = token.pos_ in {"VERB", "AUX"} or token.dep_ in _CLAUSE_DEPS
    return heads and not _sets_the_scene(token, governors)


def _sets_the_scene(token: Any, governors: set[int]) -> bool:
    """An adverbial clause on the cue that says when the saying happened: a participle fronted before
    it ('Speaking on Monday, X said'; 'Marking the anniversary on August 1, X observed') or a clause of
    the same time ('When asked on Monday, X said'; 'When the flood struck in 2019, X warned'). A clause
    with its own subject or subordinator ('since the pact collapsed', 'because ...') dates its own event."""
    if token.dep_ != "advcl" or token.head.i not in governors:
        return False
    if any(c.dep_ in {"advmod", "mark"} and c.lower_ in _SIMULTANEOUS_WORDS for c in token.children):
        return True
    own_subject_or_mark = any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in token.children)
    return token.tag_ in {"VBG", "VBN"} and not own_subject_or_mark and token.i < token.head.i
