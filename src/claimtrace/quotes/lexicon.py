"""Word lists the quotes stage reads: speech cues, speaker nouns, titles.

Kept in one place so a reader can see (and extend) exactly which words make
a sentence an attribution and which nouns can speak.
"""

from __future__ import annotations

# Verbs that report a statement. Lemmas as spaCy's English lemmatizer gives them.
SPEECH_VERBS = frozenset(
    """
    say tell add state note argue claim warn deny insist maintain assert declare announce
    explain stress emphasise emphasize suggest write report reply respond answer ask
    acknowledge admit concede confirm recall comment remark predict caution urge complain
    contend counter observe tweet post testify reiterate vow pledge promise threaten accuse
    criticise criticize praise agree disagree conclude estimate mention reveal disclose allege
    brief dismiss reject repeat boast joke quip shout announce indicate hint assure inform
    reason speculate lament propose demand recommend advise proclaim forecast retort rebut
    protest object charge affirm reaffirm underline underscore highlight describe call
    continue point signal told suggest recount concur retort tout exclaim interrupt confess echo chant
    yell scream whisper mutter murmur muse snap plead label dub brand read thank write
    """.split()
)
# Verbs that are cues only when a direct quote sits next to them ("he continued").
FRAME_ONLY_VERBS = frozenset({"continue", "begin", "read", "thank", "interrupt", "chant", "echo"})
# Verbs that report only with a that-clause ("the poll found that ...", "the court ruled that ...").
CLAUSE_ONLY_VERBS = frozenset({"find", "show", "rule", "conclude", "determine", "acknowledge"})
# Verbs whose content is usually a noun phrase object ("denied the allegations").
OBJECT_CONTENT_VERBS = frozenset(
    {"deny", "reject", "dismiss", "confirm", "label", "dub", "brand", "acknowledge", "reiterate", "describe", "call",
     "predict", "propose", "demand", "recommend", "praise", "criticise", "criticize", "reaffirm", "stress",
     "emphasise", "emphasize", "underline", "underscore", "highlight", "admit", "concede", "promise",
     "pledge", "vow", "threaten", "accuse", "tout", "urge", "warn", "claim", "allege"}
)
# Cue frames learned from PolNeAR's train split (train/attribution/learn_cues.py): a verb and the
# complement that carries what its subject said or believed, a clause ('believes that ...') or the
# object of a preposition ('spoke about ...', 'pointed to ...'; written 'prep:WORD'). Read by
# ``attribution._frame_cues`` after the rules and the model. A frame is kept where, on train, at least
# 8 of its statements were found by nothing else and at least 40% of those matched a gold attribution
# (the comment after each entry: matches / statements); the thresholds were chosen by learning on half
# of the train articles and scoring the other half. Objects and open complements ('endorsed Clinton',
# 'agreed to resume talks') are PolNeAR attributions but stances and acts here, so none is learned.
LEARNED_CUE_FRAMES: dict[str, tuple[str, ...]] = {
    "accuse": ("prep:of",),  # prep:of 12/23
    "agree": ("prep:with",),  # prep:with 6/10
    "aim": ("prep:at",),  # prep:at 6/15
    "allow": ("ccomp",),  # ccomp 5/12
    "ask": ("prep:for",),  # prep:for 8/10
    "believe": ("ccomp",),  # ccomp 11/22
    "blame": ("prep:for",),  # prep:for 12/14
    "call": ("prep:on",),  # prep:on 20/26
    "cast": ("prep:as",),  # prep:as 12/18
    "charge": ("prep:with",),  # prep:with 5/9
    "cite": ("prep:as",),  # prep:as 11/11
    "comment": ("prep:on",),  # prep:on 7/8
    "consider": ("ccomp",),  # ccomp 5/9
    "criticize": ("prep:for",),  # prep:for 16/16
    "devote": ("prep:to",),  # prep:to 5/8
    "distance": ("prep:from",),  # prep:from 6/8
    "double": ("prep:on",),  # prep:on 5/8
    "focus": ("prep:on",),  # prep:on 17/37
    "go": ("prep:after",),  # prep:after 6/9
    "hop": ("ccomp",),  # ccomp 10/12
    "know": ("ccomp",),  # ccomp 10/14
    "look": ("prep:to", "prep:for"),  # prep:to 9/11, prep:for 9/17
    "point": ("prep:to",),  # prep:to 24/34
    "portray": ("prep:as",),  # prep:as 7/9
    "push": ("prep:for",),  # prep:for 10/12
    "refer": ("prep:to", "prep:as"),  # prep:to 48/58, prep:as 10/13
    "reflect": ("prep:on",),  # prep:on 5/8
    "respond": ("prep:by",),  # prep:by 4/10
    "say": ("ccomp",),  # ccomp 6/10
    "see": ("prep:as", "ccomp"),  # prep:as 19/33, ccomp 10/24
    "show": ("prep:with",),  # prep:with 8/9
    "speak": ("prep:of", "prep:about"),  # prep:of 13/15, prep:about 12/17
    "take": ("prep:at",),  # prep:at 11/23
    "talk": ("prep:about",),  # prep:about 28/35
    "think": ("ccomp",),  # ccomp 16/34
    "view": ("prep:as",),  # prep:as 8/14
    "vote": ("prep:against", "prep:for"),  # prep:against 7/10, prep:for 20/41
    "want": ("ccomp",),  # ccomp 13/24
}
# Nouns that carry a statement when a possessor says whose it is ("Thomas's remark that ...").
NOUN_CUES = frozenset(
    {"remark", "comment", "statement", "claim", "assertion", "warning", "argument", "word", "view",
     "suggestion", "insistence", "denial", "announcement", "assessment", "contention", "position", "belief"}
)

# Nouns that denote people; without a name they make an unnamed or anonymous speaker.
PERSON_NOUNS = frozenset(
    """
    source official expert analyst diplomat spokesman spokeswoman spokesperson aide adviser advisor
    person people insider observer commentator scholar researcher academic professor economist
    minister secretary president leader lawmaker legislator senator officer general commander member
    resident witness activist critic supporter employee staffer negotiator envoy ambassador
    representative delegate chairman chairwoman chair chief director head executive lawyer attorney
    prosecutor judge doctor student teacher worker farmer voter man woman specialist strategist
    veteran planner engineer scientist journalist reporter editor correspondent historian premier
    chancellor governor mayor candidate campaigner official figure fellow investigator manager
    friend partner wife husband colleague proponent opponent
    """.split()
)
GOVERNMENT_WORDS = frozenset(
    """
    ministry government kremlin cabinet parliament administration department embassy presidency
    pentagon congress senate council office regime authorities authority duma assembly military army
    navy police court state consulate mission regulator service coastguard guard inspectorate directorate
    secretariat country nation
    """.split()
)
MEDIA_WORDS = frozenset(
    """
    media newspaper paper daily tabloid broadcaster television tv radio news press magazine journal
    times post herald gazette tribune outlet channel network wire editorial website blog xinhua tass
    reuters interfax cnn bbc cnbc afp bloomberg kyodo yonhap sputnik chronicle telegraph courier bulletin
    review ledger dispatch sentinel inquirer examiner
    """.split()
)
ORGANISATION_WORDS = frozenset(
    """
    company firm group organisation organization party committee union institute university tank
    bank campaign association alliance coalition foundation centre center agency corporation
    commission federation league board fund nato bloc club team movement operator utility provider
    charity network
    """.split()
)
# Texts that speak for their authors ("the statement said", "the report found").
DOCUMENT_NOUNS = frozenset(
    """
    statement report release communique article study survey poll letter document memo readout
    treaty agreement text declaration analysis filing complaint lawsuit transcript law rule data figure
    result record estimate count tally forecast projection research review audit assessment website
    ad advertisement video tweet post email message
    """.split()
)
# Shares of a population speaking through a poll ("47 percent said ...").
QUANTITY_NOUNS = frozenset({"percent", "percentage", "majority", "minority", "half", "third", "quarter", "plurality", "share", "proportion", "fraction", "respondent"})
# Nouns that are subjects of 'tell'/'show' without being anyone's voice ("history told China").
NON_SPEAKERS = frozenset({"history", "time", "experience", "logic", "reality", "fact", "precedent", "tradition", "instinct", "heart", "gut", "common sense", "sense",
                          # parts of a text state things without being anyone's voice ("its core states that")
                          "core", "clause", "section", "annex", "appendix", "preamble", "paragraph", "provision", "page", "chapter"})
# Endings of nouns that name a state, quality, act or doctrine, never someone who could speak
# ('Kestrania's absence shows that ...', 'her reluctance says ...'). An unlisted noun with one of
# these endings is not a speaker even after 'say'; the speaker lexicons above are read first, so a
# listed noun ('witness', 'alliance', 'agency', 'presidency') is not affected, nor one of
# SPEAKING_ABSTRACT_SHAPES. One named entry each, each tested in tests/test_quotes_speaker_kinds.py.
ABSTRACT_NOUN_ENDINGS: dict[str, tuple[str, ...]] = {
    "state or quality in -ence/-ance ('absence', 'reluctance', 'insistence')": ("ence", "ance", "ency", "ancy"),
    "quality in -ness ('willingness', 'weakness')": ("ness",),
    "doctrine or practice in -ism ('pragmatism', 'nationalism')": ("ism",),
    "condition in -hood ('statehood', 'nationhood')": ("hood",),
}
# Unlisted nouns with one of those endings that still name someone who speaks ('Dravian intelligence
# said', 'the defence argued' in a trial, 'the business said').
SPEAKING_ABSTRACT_SHAPES = frozenset({"intelligence", "defence", "defense", "business", "audience"})
# Verbs strong enough that whatever their subject is, it is speaking.
STRONG_SPEECH_VERBS = frozenset(
    {"say", "tell", "add", "state", "claim", "argue", "insist", "warn", "declare", "announce", "explain", "reply",
     "respond", "write", "ask", "note", "report", "tweet", "post", "allege", "assert", "contend", "maintain", "predict",
     "deny", "acknowledge", "admit", "recall", "complain"}
)
MEDIA_DOCUMENTS = frozenset({"article", "editorial", "report"})

# Words that precede a name as a title; they become the role, not the name.
TITLE_WORDS = frozenset(
    """
    president minister prime deputy foreign defence defense interior finance secretary general gen. sen.
    senator rep. representative gov. governor mayor mr mr. mrs mrs. ms ms. dr dr. prof prof. professor
    chairman chairwoman chair chancellor premier king queen prince princess pope ambassador spokesman
    spokeswoman spokesperson judge justice lt. col. colonel admiral commander vice former state chief
    director leader speaker sheikh emir lord lady sir dame adviser advisor aide envoy expert analyst
    economist specialist military foreign-policy top senior acting
    """.split()
)
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "queen", "princess", "lady", "dame", "spokeswoman", "chairwoman"})
MALE_TITLES = frozenset({"mr", "mr.", "king", "prince", "sir", "lord", "spokesman", "chairman"})

# Role nouns that a later definite description may use for the same person.
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "leader": frozenset({"president", "premier", "prime", "chancellor", "leader", "king", "queen"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "diplomat": frozenset({"ambassador", "envoy", "diplomat", "minister"}),
    "official": frozenset({"official", "minister", "secretary", "spokesman", "spokeswoman", "aide", "officer"}),
}

ANONYMITY_MARKERS = (
    "anonymity",
    "anonymously",
    "not to be named",
    "not be named",
    "not to be identified",
    "not be identified",
    "declined to be named",
    "declined to be identified",
    "unnamed",
    "anonymous",
    "without being named",
    "on background",
)
INDEFINITE_DETERMINERS = frozenset({"a", "an", "some", "several", "many", "one", "two", "three", "few", "other", "another", "certain", "various", "most", "numerous", "multiple"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})

# Dependents of a speech cue under which a date may say when the saying happened ("said on Monday",
# "said Monday"); ``time.clauses.clause_path`` then checks the path stays in the cue's clause.
DATE_ATTACHMENTS = frozenset({"prep", "npadvmod", "advmod", "tmod", "obl"})
