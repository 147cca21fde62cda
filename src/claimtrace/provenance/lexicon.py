"""Word lists the provenance stage reads: what makes a phrase a citation, a publication, an outlet.

Kept in one place so a reader can see (and extend) exactly which words turn
a sentence into an edge of the citation graph.
"""

from __future__ import annotations

from claimtrace.quotes import lexicon as quotes_lexicon

# Verbs whose subject publishes content that the document relays: 'X reported that'.
REPORT_VERBS = frozenset({"report", "write", "publish", "reveal", "break", "carry", "allege", "disclose", "air", "broadcast"})
# Verbs whose subject relies on the object: 'X quoted Z', 'X cites Z', 'X refers to Z'.
QUOTE_VERBS = frozenset({"quote", "interview"})
CITE_VERBS = frozenset({"cite", "refer", "credit", "attribute", "source"})
# Verbs whose object (or 'to' object) heard the subject: 'X told the Morning Post', 'X related to Global Times'.
TELL_VERBS = frozenset({"tell", "relate", "speak", "talk", "give", "say", "confirm", "explain"})

# Nouns for a published piece: they stand for their outlet or author ('an article on the site X').
PIECE_NOUNS = frozenset(
    """
    article column op-ed oped piece report editorial story interview commentary dispatch feature
    investigation blog broadcast programme program podcast newsletter analysis essay
    """.split()
)
# Nouns for an outlet that take the outlet's name beside them ('the site Russian Matters').
OUTLET_NOUNS = frozenset(
    """
    site website portal newspaper paper daily weekly magazine outlet agency broadcaster channel tabloid
    journal blog publication network station wire service
    """.split()
)
# Nouns by which a document speaks of itself ('this column', 'this newspaper').
SELF_NOUNS = PIECE_NOUNS | OUTLET_NOUNS | frozenset({"reporter", "correspondent", "writer", "author"})
SELF_PRONOUNS = frozenset({"i", "me", "we", "us", "my", "our"})

# Words that make a name an outlet ('Washington Post', 'Global Times', 'Northgate Review').
OUTLET_NAME_WORDS = quotes_lexicon.MEDIA_WORDS | frozenset(
    """
    review monitor wire weekly courier dispatch digest gazette chronicle herald insider today vestnik
    pravda izvestia kommersant statecraft matters ria novosti
    """.split()
)
# Wire services and broadcasters written without a telling word.
KNOWN_OUTLETS = frozenset(
    """
    afp reuters ap tass xinhua interfax bloomberg kyodo yonhap sputnik cnn bbc cnbc ria dpa ansa efe
    """.split()
)
# Words that make a name a body that speaks, not a publisher.
NON_OUTLET_WORDS = (
    quotes_lexicon.GOVERNMENT_WORDS
    | quotes_lexicon.ORGANISATION_WORDS
    | frozenset({"school", "academy", "centre", "center", "university", "institute", "council", "ministry"})
) - frozenset({"agency", "press", "news"})
# A body-word that still names an outlet when press words accompany it ('Continental Press Agency').
PRESS_WORDS = frozenset({"press", "news", "media", "wire", "newswire"})

PERSON_NOUNS = quotes_lexicon.PERSON_NOUNS
ANONYMITY_MARKERS = quotes_lexicon.ANONYMITY_MARKERS
INDEFINITE_DETERMINERS = quotes_lexicon.INDEFINITE_DETERMINERS
TITLE_WORDS = quotes_lexicon.TITLE_WORDS

# Nouns for people who write for an outlet ('its columnist X', 'X, a correspondent for Y').
STAFF_NOUNS = frozenset({"columnist", "correspondent", "reporter", "editor", "writer", "contributor", "journalist", "commentator"})

# Generic addressees that are not a publication ('told reporters', 'told a briefing').
GENERIC_AUDIENCES = frozenset(
    """
    reporter reporters journalist journalists briefing conference press audience crowd deputy deputies
    lawmaker lawmakers parliament meeting people public supporters students viewers listeners
    """.split()
)
