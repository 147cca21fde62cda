"""Who is speaking: speaker mentions, in-document coreference, cross-document identity.

Within a document, ``DocumentSpeakers`` turns the subject of a speech cue into
a SpeakerMention: names are completed from the fullest form the document uses
('Thomas' -> 'Neil Thomas'), pronouns go to the most recent compatible speaker,
definite descriptions ('the minister', 'the ministry') to the last speaker with
that role. Across documents, ``SpeakerRegistry`` gives one id per speaker while
never merging anonymous or unnamed sources with anyone.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimtrace.quotes import lexicon as lx
from claimtrace.quotes.model import Quote, SpeakerMention, SpeakerProfile

_TEXT_KEY = "claimtrace.quotes.text"
_PAIR_PREPS = frozenset({"at", "of", "with", "from", "for"})
_NAMED_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_POSSESSIVE = re.compile(r"\s*['’]s?$")
_HISTORY_PARAGRAPHS = 2  # how far back a pronoun may look for its speaker
_ISSUED_DOCUMENTS = frozenset({"statement", "release", "communique", "readout", "letter", "declaration", "memo"})
_NP_MODIFIERS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "npadvmod", "predet", "case"})
# documents that speak for whoever issued or wrote them; 'the statement' with none named is an unnamed source
_REFERRING_DOCUMENTS = _ISSUED_DOCUMENTS | frozenset({"article", "editorial", "report", "column", "commentary", "piece", "op-ed", "story"})
_ISSUING_VERBS = frozenset({"issue", "release", "publish", "sign", "adopt", "put", "send", "post", "deliver", "circulate", "write", "pen"})
_PUBLISHING_PLACES = frozenset({"site", "website", "blog", "page", "newspaper", "magazine", "journal", "outlet", "portal", "channel", "paper"})
_QUANTIFIERS = frozenset({"one", "some", "many", "several", "most", "none", "all", "each", "both", "two", "three"})


@dataclass
class _Person:
    """A person the document names, with what it says about them."""

    name: str
    tokens: tuple[str, ...]
    start: int
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    titles: frozenset[str] = frozenset()  # title words written before the name ('admiral', 'minister')


@dataclass
class _Resolved:
    """A speaker already credited earlier in the document (for anaphora)."""

    mention: SpeakerMention
    paragraph: int
    head_lemmas: frozenset[str]
    gender: str | None = None


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _POSSESSIVE.sub("", plain.replace("’", "'"))
    plain = re.sub(r"[^\w\s-]", " ", plain.casefold())
    words = plain.split()
    while words and words[0] in {"the", "a", "an"}:
        words.pop(0)
    return " ".join(words)


def _skip_titles(start: int, end: int, doc: Doc) -> int:
    """First token of the name proper: skip titles and demonyms ('President', 'Russian')."""
    while end - start > 1 and (
        doc[start].lower_ in lx.TITLE_WORDS or doc[start].ent_type_ == "NORP" or doc[start].is_punct or doc[start].pos_ == "DET"
    ):
        start += 1
    return start


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_PERSON_TITLES = frozenset({"dr", "prof", "mr", "mrs", "ms", "mayor", "professor", "councillor", "judge", "sir", "dame"})


def _after_dateline(doc: Doc, left: int, head: int) -> int:
    """The first token of a noun phrase that opens after a dateline ('PELLWICK - Pellwick & District Water
    said'): the place in capitals and its dash are the wire's, never part of the speaker's name."""
    k = left
    while k < head and doc[k].is_alpha and doc[k].is_upper and len(doc[k].text) > 1:
        k += 1
    if k > left and k < head and doc[k].text in _DASHES:
        return k + 1
    return left


def _reads_as_person_name(head: Token, name_tokens: list[Token], apposed: bool = False) -> bool:
    """A name the NER did not tag PERSON (invented or rare names) that a reader still knows is a person's:
    it follows a person's role or title ('Veltrane spokeswoman Ines Markvall', 'Dr Ilse Varnholt'), or a
    person's role stands in apposition to it ('Teodor Amsel, the utility's chief executive, said');
    ``apposed``: the name is itself the apposition of a role ('its director, Ilse Varnholt')."""
    if head.pos_ != "PROPN" or not head.is_title or _is_group_word(head.lemma_.lower()):
        return False
    if head.ent_type_ in {"GPE", "NORP", "LOC", "FAC"}:
        return False
    words = [t for t in name_tokens if t.i <= head.i]
    if apposed and 2 <= len(words) <= 4 and all(t.pos_ == "PROPN" and t.is_title for t in words):
        return True  # a full name standing beside a person's role
    roles = [k for k, t in enumerate(words) if t.lower_.rstrip(".") in _PERSON_TITLES or (t.pos_ == "NOUN" and t.lemma_.lower() in lx.PERSON_NOUNS)]
    if roles:
        rest = words[roles[-1] + 1 :]
        if 1 <= len(rest) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in rest):
            return True
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in lx.PERSON_NOUNS and c.lemma_.lower() not in {"source", "people", "person"}
               for c in head.rights)


def _person_name(doc: Doc, start: int, end: int) -> str:
    """The name as written, without a trailing possessive."""
    while end - start > 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return _POSSESSIVE.sub("", _span_text(doc, start, end))


def _gender_from_titles(doc: Doc, name_start: int) -> str | None:
    """'Mr' / 'Mrs' / 'spokeswoman' before a name tell us which pronoun can refer back."""
    window = {t.lower_ for t in doc[max(0, name_start - 3) : name_start]}
    if window & lx.FEMALE_TITLES:
        return "f"
    if window & lx.MALE_TITLES:
        return "m"
    return None


def _token_at(doc: Doc, char: int) -> int:
    """Index of the token starting at (or covering) a character offset."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds the string on every access."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None:
        cached = doc.user_data[_TEXT_KEY] = doc.text
    return cached


def _span_text(doc: Doc, start: int, end: int) -> str:
    """Text of tokens [start, end) as written, stripped."""
    if start >= end:
        return ""
    return doc_text(doc)[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)].strip()


class DocumentSpeakers:
    """Resolve speech-cue subjects to speakers, keeping per-document memory."""

    def __init__(self, doc: Doc, scope: str, in_quote: list[bool] | None = None) -> None:
        self.doc = doc
        self.scope = scope
        self._in_quote = in_quote if in_quote is not None else [False] * len(doc)
        self._paragraph_starts = [m.start() for m in re.finditer(r"[^\n]+", doc_text(doc))] or [0]
        self._ent_of: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
        self.people: list[_Person] = []
        self._person_tokens: set[str] = set()
        # indexes over ``people`` so that each lookup costs the names involved, not the document
        self._people_starts: list[int] = []
        self._by_tokens: dict[tuple[str, ...], list[_Person]] = {}
        self._token_starts: dict[tuple[str, ...], list[int]] = {}
        self._names_with: dict[str, list[tuple[str, ...]]] = {}
        self._by_name: dict[str, list[_Person]] = {}
        self._main_subjects: list[tuple[int, _Person]] = []  # people who open a main clause
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                person = self._add_person(ent)
                root = ent.root
                if person is not None and root.dep_ == "nsubj" and root.head.dep_ == "ROOT" and not self._in_quote[root.i]:
                    self._main_subjects.append((ent.start_char, person))
        self.history: list[_Resolved] = []
        # document nouns in text order, for 'the statement' to find the one it refers back to
        self._documents = [t.i for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in _REFERRING_DOCUMENTS | lx.DOCUMENT_NOUNS]

    # ---- document index -------------------------------------------------
    def paragraph_of(self, offset: int) -> int:
        """Index of the non-empty line (paragraph) holding a character offset."""
        return max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)

    def _add_person(self, ent: Span) -> _Person | None:
        """Index a PERSON entity with the role and affiliation the text gives it there."""
        name_start = _skip_titles(ent.start, ent.end, self.doc)
        name = _person_name(self.doc, name_start, ent.end)
        tokens = tuple(normalise_name(name).split())
        if not tokens or all(t in lx.TITLE_WORDS for t in tokens) or tokens[-1] in lx.MEDIA_WORDS:
            return None  # a title alone, or an outlet NER took for a person ('Brennik Ledger')
        role, affiliation = self._describe(ent.root, name_start, ent.end)
        gender = _gender_from_titles(self.doc, name_start)
        first = name_start
        while first > 0 and self.doc[first - 1].lower_ in lx.TITLE_WORDS:
            first -= 1
        titles = frozenset(t.lower_ for t in self.doc[first:name_start] if t.lower_ in lx.TITLE_WORDS)
        person = _Person(name, tokens, ent.start_char, role, affiliation, gender, titles)
        self.people.append(person)
        self._people_starts.append(person.start)
        self._person_tokens.update(tokens)
        if tokens not in self._by_tokens:
            self._by_tokens[tokens], self._token_starts[tokens] = [], []
            for word in set(tokens):
                self._names_with.setdefault(word, []).append(tokens)
        self._by_tokens[tokens].append(person)
        self._token_starts[tokens].append(person.start)
        self._by_name.setdefault(name, []).append(person)
        return person

    def _named(self, name: str) -> list[_Person]:
        """Every mention of the person the document calls ``name``."""
        return self._by_name.get(name, [])

    def _describe(self, head: Token, name_start: int, name_end: int) -> tuple[str | None, str | None]:
        """Role and affiliation from titles before the name and appositions after it.

        'Russian Deputy Defense Minister Alexander Fomin' -> ('Deputy Defense
        Minister', 'Russian'); 'Shanghai-based military expert Ni Lexiong' keeps
        'Shanghai-based' in the role; an apposition ('Cheng Yijun, a specialist
        ... at the Chinese Academy') wins over titles.
        """
        doc = self.doc
        first = name_start
        for child in head.lefts:
            if child.dep_ in {"det", "poss", "punct", "cc", "case"} or child.i >= name_start:
                continue
            first = min(first, child.left_edge.i)
        titles = [t for t in doc[first:name_start] if t.dep_ not in {"det"} and not (t.dep_ == "case" and t.tag_ == "POS")]
        while titles and (titles[0].is_punct or titles[0].is_space):
            titles.pop(0)  # 'BRENNIK - Valdorian Water Minister ...': the dateline's dash is no part of the role
        affiliation: str | None = None
        k = 0
        while k < len(titles) and titles[k].ent_type_ in {"NORP", "GPE", "ORG"} and titles[k].lower_ not in lx.TITLE_WORDS:
            if k + 1 < len(titles) and titles[k + 1].text in {"-", "–"}:
                break
            k += 1
        if k:
            affiliation = _span_text(doc, titles[0].i, titles[k - 1].i + 1)
        rest = titles[k:]
        role = _span_text(doc, rest[0].i, rest[-1].i + 1) if rest else None
        for child in head.rights:
            if child.dep_ == "appos":
                appos_role, appos_aff = self._apposition(child)
                role = appos_role or role
                affiliation = appos_aff or affiliation
                break
        for child in head.lefts:
            if child.dep_ == "poss" and (child.ent_type_ in {"ORG", "GPE", "NORP"} or child.pos_ == "PROPN"):
                affiliation = affiliation or _POSSESSIVE.sub("", _span_text(doc, child.left_edge.i, child.i + 1))
        return role, affiliation

    def _apposition(self, appos: Token) -> tuple[str | None, str | None]:
        """'a specialist in X at the Chinese Academy' -> ('specialist in X', 'Chinese Academy ...')."""
        doc = self.doc
        start, end = appos.left_edge.i, appos.right_edge.i + 1
        cut = end
        affiliation: str | None = None
        for tok in doc[start:end]:
            if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.head.i == appos.i):
                cut = min(cut, tok.left_edge.i)
        found: list[tuple[Token, Span]] = []
        for tok in doc[start:cut]:
            if tok.lower_ in _PAIR_PREPS and tok.dep_ == "prep":
                obj = [c for c in tok.children if c.dep_ == "pobj"]
                ent = self._ent_of.get(obj[0].i) if obj else None
                if ent is not None and ent.label_ == "ORG":
                    found.append((tok, ent))
        if found:  # 'director of the Center ... at Georgetown University': the 'at' is the employer
            prep, ent = next(((p, e) for p, e in found if p.lower_ == "at"), found[0])
            affiliation = _strip_article(ent.text)
            if prep.lower_ == "at":
                cut = min(cut, prep.i)
        while start < cut and doc[start].dep_ == "det":
            start += 1
        while cut > start and doc[cut - 1].is_punct:
            cut -= 1
        role = _span_text(doc, start, cut) or None
        if affiliation is None:
            for tok in doc[start:cut]:
                if tok.ent_type_ in {"ORG", "NORP", "GPE"}:
                    ent = self._ent_of.get(tok.i)
                    affiliation = _strip_article(ent.text) if ent is not None else tok.text
                    break
        return role, affiliation

    def person_for(self, words: tuple[str, ...], offset: int) -> _Person | None:
        """The fullest person the document names with these words, nearest before ``offset``.

        A longer name holding all the words, last before ``offset`` (else first
        after it), wins over the same words named exactly.
        """
        wanted = set(words)
        if not wanted or not wanted <= self._person_tokens:
            return None
        rarest = min(wanted, key=lambda w: len(self._names_with.get(w, ())))
        before: _Person | None = None
        after: _Person | None = None
        exact: _Person | None = None
        for tokens in self._names_with.get(rarest, ()):
            if not wanted <= set(tokens):
                continue
            people, starts = self._by_tokens[tokens], self._token_starts[tokens]
            if len(tokens) == len(words):
                if exact is None or people[0].start < exact.start:
                    exact = people[0]
                continue
            k = bisect.bisect_right(starts, offset)
            if k and (before is None or starts[k - 1] > before.start):
                before = people[k - 1]
            if k < len(people) and (after is None or starts[k] < after.start):
                after = people[k]
        return before or after or exact

    # ---- mentions --------------------------------------------------------
    def mention(self, token: Token, context: str = "", strong: bool = True, joint: bool = True) -> SpeakerMention | None:
        """The speaker a cue's subject token denotes, or None when it cannot speak.

        ``context`` is extra text around the cue (participle clauses such as
        'speaking on condition of anonymity') that marks anonymity. With a
        ``strong`` cue ('say', 'tell') any noun may speak; with a weak one
        ('highlight', 'praise') only listed speaker nouns and names do.
        """
        lower = token.lower_
        if token.pos_ == "NUM" or lower in _QUANTIFIERS:
            return self._part_of_group(token, context, strong)
        if token.pos_ == "PRON" or lower in lx.RELATIVE_PRONOUNS:
            if lower in lx.RELATIVE_PRONOUNS and token.head.dep_ in {"relcl", "acl"}:
                antecedent = token.head.head
                found = self.mention(antecedent, context, strong) if antecedent.i != token.i else None
                if found is None:
                    return None
                return _relocate(found, token)
            return self._pronoun(token)
        partners = _coordinated_names(token) if joint else []
        if partners:
            together = self._issued_by([token, *partners])
            if together is not None:
                return together
        return self._noun_phrase(token, context, strong)

    def _part_of_group(self, token: Token, context: str, strong: bool) -> SpeakerMention | None:
        """'one of them', 'two of the officials': the group the speaker belongs to."""
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    found = self.mention(objects[0], context, strong)
                    if found is not None:
                        end = objects[0].idx + len(objects[0].text)
                        return _relocate_span(found, doc_text(self.doc)[token.idx : end], token.idx, end)
        return None

    def _core(self, head: Token) -> tuple[int, int, Token | None, str | None]:
        """Token range of the NP without clauses/appositions; its possessor and determiner."""
        left = head.i
        possessor: Token | None = None
        determiner: str | None = None
        for child in head.lefts:
            if child.dep_ == "poss":
                possessor = child
            if child.dep_ == "det" or (child.dep_ == "nummod" and child.lower_ == "one"):
                determiner = child.lower_
            if child.dep_ in _NP_MODIFIERS:
                left = min(left, child.left_edge.i)
        right = head.i
        for child in head.rights:
            if child.dep_ in {"compound", "flat", "nummod"} and child.i == right + 1:
                right = child.right_edge.i
        ent = self._ent_of.get(head.i)
        if ent is not None:
            left, right = min(left, ent.start), max(right, ent.end - 1)
        return _after_dateline(self.doc, left, head.i), right + 1, possessor, determiner

    def _noun_phrase(self, head: Token, context: str, strong: bool = True) -> SpeakerMention | None:
        doc = self.doc
        left, right, possessor, determiner = self._core(head)
        start_char = doc[left].idx
        end_char = doc[right - 1].idx + len(doc[right - 1].text)
        as_written = doc_text(doc)[start_char:end_char]
        name_start = possessor.right_edge.i + 1 if possessor is not None and possessor.i < head.i else left
        name_tokens = [t for t in doc[name_start:right] if t.dep_ != "det" or t.i > head.i]
        clause_text = _clause_text(head) + " " + context
        anonymous = any(marker in clause_text.casefold() for marker in lx.ANONYMITY_MARKERS)
        ent = self._ent_of.get(head.i)
        if head.pos_ == "NOUN" and not anonymous:
            named = self._apposed_person(head, left, possessor)
            if named is not None:
                return named
        # a word the document uses in a person's name ('Matthews' even when tagged as a plural noun)
        person_words = [t for t in name_tokens if (t.pos_ == "PROPN" or t.is_title) and normalise_name(t.text) in self._person_tokens]
        named_group = ent is not None and ent.label_ == "PERSON" and _is_group_word(ent[-1].lower_)  # 'Calder Courier'
        if named_group and ent is not None:
            return self._remember(
                SpeakerMention(as_written, start_char, end_char, _strip_article(ent.text), _group_type(ent.text.split()), None, None), head
            )
        # a capitalised word mid-sentence, or one the document uses in a person's name anywhere ('Matthews then reported')
        named_head = head.pos_ == "PROPN" or (head.is_title and (head.i > head.sent.start or head in person_words))
        if not anonymous and ((ent is not None and ent.label_ == "PERSON") or (named_head and head in person_words)):
            return self._person_mention(head, as_written, start_char, end_char, name_tokens, possessor)
        if not anonymous and _reads_as_person_name(head, name_tokens):
            return self._person_mention(head, as_written, start_char, end_char, name_tokens, possessor)
        if ent is not None and ent.label_ in _NAMED_LABELS and head.pos_ == "PROPN":
            return self._named_group(ent, head, as_written, start_char, end_char)
        if ent is not None and ent.label_ == "NORP" and head.tag_ in {"NNS", "NNPS"}:
            # 'Democrats', 'Russians': a party or a people, speaking as a group
            return self._remember(SpeakerMention(as_written, start_char, end_char, _strip_article(as_written), "organisation", None, None), head)
        lemma = head.lemma_.lower()
        if head.lower_ in lx.MEDIA_WORDS:
            lemma = head.lower_  # the lemmatizer turns 'media' into 'medium'
        if head.pos_ == "PROPN" and all(t.lower_ in lx.TITLE_WORDS for t in name_tokens if t.dep_ != "det"):
            # 'Admiral confirms ...' (a headline), 'President said': a title alone is a person, never a body
            description = _strip_article(_span_text(doc, name_start, right))
            return self._person_description(head, lemma, description, as_written, start_char, end_char, determiner, anonymous, possessor)
        if head.pos_ == "PROPN" and lemma not in lx.PERSON_NOUNS and not _is_group_word(lemma):
            name = _span_text(doc, name_start, right)
            return self._remember(
                SpeakerMention(as_written, start_char, end_char, _strip_article(name), _group_type(name.split()), None, None),
                head,
            )
        description = _strip_article(_span_text(doc, name_start if possessor is None else left, right))
        if lemma in _PAIR_NOUNS and head.tag_ in {"NNS", "NNPS"} and _names_a_pair(head, determiner):
            pair = self._pair_before(head, as_written, start_char, end_char)
            if pair is not None:
                return pair
        if lemma in lx.PERSON_NOUNS:
            return self._person_description(head, lemma, description, as_written, start_char, end_char, determiner, anonymous, possessor)
        if _is_group_word(lemma):
            return self._group_description(head, lemma, description, as_written, start_char, end_char, name_start, right)
        if lemma in lx.DOCUMENT_NOUNS or lemma in _REFERRING_DOCUMENTS:
            return self._document_author(head, lemma, description, as_written, start_char, end_char)
        if lemma in lx.QUANTITY_NOUNS or head.pos_ == "NUM":
            whole_end = head.right_edge.idx + len(head.right_edge.text)  # '47 percent of Democrats'
            text = doc_text(self.doc)[start_char:whole_end]
            return self._remember(SpeakerMention(text, start_char, whole_end, _strip_article(text), "anonymous", None, None, self.scope), head)
        if head.pos_ == "NOUN" and strong and abstract_noun(lemma) is None:
            # an unlisted noun ('the billionaire businessman', 'the actress'): someone unnamed
            return self._person_description(head, lemma, description, as_written, start_char, end_char, determiner, anonymous, possessor)
        return None

    def _apposed_person(self, head: Token, left: int, possessor: Token | None) -> SpeakerMention | None:
        """'Kestrania's trade minister, Viktor Osk, said' / 'Retired colonel and commentator Yue Gang
        said': the name in apposition, or closing a coordinated title, speaks."""
        candidates = [c for c in head.rights if c.dep_ == "appos"]
        for conj in (c for c in head.rights if c.dep_ == "conj"):
            last = conj.right_edge
            if last.i + 1 < len(self.doc) and self.doc[last.i + 1].head.i != conj.i and last.ent_type_ == "PERSON":
                candidates.append(self._ent_of[last.i].root if last.i in self._ent_of else last)
        for child in candidates:
            ent = self._ent_of.get(child.i)
            name_left, name_right, name_possessor, _ = self._core(child)
            if ent is None or ent.label_ != "PERSON":
                # 'Its director, Dr Ilse Varnholt, said': a name the NER missed, in apposition to a person's role
                if head.lemma_.lower() not in lx.PERSON_NOUNS or not _reads_as_person_name(child, list(self.doc[name_left:name_right]), apposed=True):
                    continue
            end = ent.end_char if ent is not None and ent.label_ == "PERSON" else self.doc[name_right - 1].idx + len(self.doc[name_right - 1].text)
            found = self._person_mention(child, "", 0, 0, list(self.doc[name_left:name_right]), name_possessor, remember=False)
            first = possessor.right_edge.i + 1 if possessor is not None else left
            while first < head.i and self.doc[first].dep_ == "det":
                first += 1
            role = _span_text(self.doc, first, head.i + 1) or found.role
            affiliation = None
            if possessor is not None:
                affiliation = _POSSESSIVE.sub("", _span_text(self.doc, possessor.left_edge.i, possessor.i + 1))
            else:
                affiliation = next((t.text for t in self.doc[first : head.i] if t.ent_type_ in {"NORP", "GPE", "ORG"}), None)
            affiliation = affiliation or found.affiliation
            start = self.doc[left].idx
            mention = SpeakerMention(doc_text(self.doc)[start:end], start, end, found.canonical, "person", role, affiliation)
            for person in self._named(found.canonical):
                person.role = person.role or role
                person.affiliation = person.affiliation or affiliation
            return self._remember(mention, head)
        return None

    def _person_mention(
        self,
        head: Token,
        as_written: str,
        start: int,
        end: int,
        name_tokens: list[Token],
        possessor: Token | None,
        remember: bool = True,
    ) -> SpeakerMention:
        """A named person: canonical name completed from the document, role and affiliation gathered."""
        ent = self._ent_of.get(head.i)
        if ent is not None and ent.label_ == "PERSON":
            name_first, name_end = ent.start, ent.end
        else:  # the run of proper nouns ending at the head ('Eurasia Group's Thomas')
            name_first, name_end = head.i, head.i + 1
            floor = name_tokens[0].i if name_tokens else head.i
            while name_first > floor and self.doc[name_first - 1].pos_ == "PROPN":
                name_first -= 1
        name_first = _skip_titles(name_first, name_end, self.doc)
        name = _person_name(self.doc, name_first, name_end)
        words = tuple(normalise_name(name).split())
        person = self.person_for(words, start)
        canonical = person.name if person is not None else name
        role, affiliation = self._describe(head, name_first, name_end)
        if person is not None:
            role = role or person.role
            affiliation = affiliation or person.affiliation
            person.role = person.role or role
            person.affiliation = person.affiliation or affiliation
        mention = SpeakerMention(as_written, start, end, canonical, "person", role, affiliation)
        return self._remember(mention, head, gender=person.gender if person else None) if remember else mention

    def _named_group(self, ent: Span, head: Token, as_written: str, start: int, end: int) -> SpeakerMention:
        """An ORG/GPE entity speaking; 'the defence ministry' (lower case) stays document-scoped."""
        name = _strip_article(as_written)
        kind = "government" if ent.label_ in {"GPE", "NORP", "LOC"} else _group_type(name.split())
        proper = any(w[:1].isupper() for w in name.split())
        if not proper:
            earlier = self._by_role(head.lemma_.lower(), head, groups=True)
            if earlier is not None and earlier.canonical != name:
                return self._remember(
                    SpeakerMention(as_written, start, end, earlier.canonical, earlier.type, earlier.role, earlier.affiliation, earlier.scope), head
                )
        return self._remember(SpeakerMention(as_written, start, end, name, kind, None, None, None if proper else self.scope), head)

    def _person_description(
        self,
        head: Token,
        lemma: str,
        description: str,
        as_written: str,
        start: int,
        end: int,
        determiner: str | None,
        anonymous: bool,
        possessor: Token | None,
    ) -> SpeakerMention:
        indefinite = determiner in lx.INDEFINITE_DETERMINERS or (
            determiner is None and possessor is None and head.tag_ in {"NNS", "NNPS"}
        )
        if not anonymous and not indefinite:
            earlier = self._by_role(lemma, head) or self._described_person(head)
            if earlier is not None and not _fits(head, earlier):
                earlier = None  # 'the Palace spokesman' after the Kremlin's: another person with the same role
            if earlier is None and self.paragraph_of(head.idx) == 0:
                earlier = self._titled_later(lemma, head)  # a headline names by title whom the article names later
            if earlier is not None:
                resolved = SpeakerMention(
                    as_written, start, end, earlier.canonical, earlier.type, earlier.role, earlier.affiliation, earlier.scope
                )
                return self._remember(resolved, head)
        role = description
        affiliation = None
        for tok in head.subtree:
            if tok.ent_type_ in {"ORG", "GPE", "NORP"} and tok.i != head.i:
                ent = self._ent_of.get(tok.i)
                affiliation = _strip_article(ent.text) if ent is not None else tok.text
                break
        kind = "anonymous" if (anonymous or indefinite) else "person"
        return self._remember(SpeakerMention(as_written, start, end, description, kind, role, affiliation, self.scope), head)

    def _group_description(
        self, head: Token, lemma: str, description: str, as_written: str, start: int, end: int, name_start: int, right: int
    ) -> SpeakerMention:
        has_proper = any(t.pos_ == "PROPN" or t.ent_type_ in _NAMED_LABELS for t in self.doc[_token_at(self.doc, start):right])
        if not has_proper:
            earlier = self._by_role(lemma, head, groups=True)
            if earlier is not None:
                return self._remember(
                    SpeakerMention(as_written, start, end, earlier.canonical, earlier.type, earlier.role, earlier.affiliation, earlier.scope),
                    head,
                )
        kind = _group_type(description.split())
        scope = None if has_proper else self.scope
        return self._remember(SpeakerMention(as_written, start, end, description, kind, None, None, scope), head)

    def _document_author(
        self, head: Token, lemma: str, description: str, as_written: str, start: int, end: int
    ) -> SpeakerMention | None:
        """'The statement said': who issued or wrote it, from its own phrase ('a statement issued by X',
        'X's statement', 'published on the site X') or from the document it refers back to ('X and Y
        issued a joint declaration. The statement argued ...'). A document nobody is named for is an
        unnamed source, never the speaker 'statement'."""
        issuers = self._issuers(head)
        if not issuers and lemma in _REFERRING_DOCUMENTS:
            earlier = self._earlier_document(head)
            issuers = self._issuers(earlier) if earlier is not None else []
        if issuers:
            found = self._issued_by(issuers)
            if found is not None:
                return self._remember(_relocate_span(found, as_written, start, end), head)
        if lemma in _REFERRING_DOCUMENTS:
            return self._remember(
                SpeakerMention(as_written, start, end, f"unnamed source of the {lemma}", "anonymous", description, None, self.scope), head
            )
        # 'a new poll', 'the data': the document itself is the source
        return self._remember(SpeakerMention(as_written, start, end, description, "organisation", None, None, self.scope), head)

    def _issuers(self, noun: Token) -> list[Token]:
        """Tokens naming who issued or wrote a document noun: 'X's statement', 'a Kremlin statement',
        'a statement by/from X', 'a statement issued by X', 'published on the site X', 'X issued a statement'."""
        doc = self.doc
        found = [c for c in noun.lefts if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}]
        found += [c for c in noun.lefts if c.dep_ == "compound" and c.ent_type_ in {"ORG", "GPE", "NORP", "PERSON"}][-1:]
        preps = [c for c in noun.rights if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from", "of", "in"}]
        for clause in (c for c in noun.rights if c.dep_ == "acl"):
            for child in clause.children:
                if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from"}:
                    preps.append(child)
                elif child.dep_ == "prep" and child.lower_ in {"on", "in"}:
                    for place in (o for o in child.children if o.dep_ == "pobj" and o.lemma_.lower() in _PUBLISHING_PLACES):
                        name = self._ent_of.get(place.i + 1) if place.i + 1 < len(doc) else None
                        if name is not None and name.label_ in {"ORG", "PERSON", "WORK_OF_ART"}:
                            found.append(name.root)  # 'on the site Russian Matters'
        for prep in preps:
            named = prep.lower_ in {"by", "from"}  # 'of'/'in' name an issuer only when they name a body ('a report in the Courier')
            found += [o for o in prep.children if o.dep_ == "pobj" and (named or o.ent_type_ in {"ORG", "PERSON"} or _is_group_word(o.lemma_.lower()))]
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _ISSUING_VERBS:
            found += [c for c in noun.head.children if c.dep_ == "nsubj"]
        return [t for first in found for t in (first, *(c for c in first.children if c.dep_ == "conj"))]

    def _issued_by(self, issuers: list[Token]) -> SpeakerMention | None:
        """One issuer's mention; several ('Putin and Xi') speak together as one group."""
        mentions = [m for t in issuers if (m := self.mention(t, joint=False)) is not None]
        names = list(dict.fromkeys(m.canonical for m in mentions))
        if len(names) <= 1:
            return mentions[0] if mentions else None
        scope = next((m.scope for m in mentions if m.scope), None)
        kinds = {m.type for m in mentions}
        # people speaking together are people ('Xi and Putin' is found by either name, typed person);
        # a mix of people and bodies is a group
        kind = kinds.pop() if len(kinds) == 1 else "organisation"
        start, end = min(m.start for m in mentions), max(m.end for m in mentions)
        text = doc_text(self.doc)[start:end]
        return SpeakerMention(text, start, end, " and ".join(names), kind, "joint statement", None, scope)

    def _earlier_document(self, head: Token) -> Token | None:
        """The last document noun before ``head``, within reach, that names who issued or wrote it."""
        paragraph = self.paragraph_of(head.idx)
        k = bisect.bisect_left(self._documents, head.i)
        for i in reversed(self._documents[:k]):
            noun = self.doc[i]
            if paragraph - self.paragraph_of(noun.idx) > _HISTORY_PARAGRAPHS:
                return None
            if self._issuers(noun):
                return noun
        return None

    def _pronoun(self, token: Token) -> SpeakerMention | None:
        lower = token.lower_
        if lower in lx.PERSON_PRONOUNS:
            gender = "f" if lower in {"she", "her", "hers"} else "m"
            found = self._latest(lambda r: r.mention.type == "person" and self._gender_ok(r, gender), token)
            subject = self._main_subject_before(token, gender)
            if subject is not None and (found is None or subject[0] > found.mention.start):
                found = None  # a person who opened a later sentence is the likelier antecedent
            if found is None:
                person = subject[1] if subject is not None else self._subject_person_before(token, gender)
                if person is None:
                    return None
                mention = SpeakerMention(token.text, token.idx, token.idx + len(token.text), person.name, "person", person.role, person.affiliation)
                person.gender = person.gender or gender
                return self._remember(mention, token, gender=gender)
            found.gender = found.gender or gender
            for person in self._named(found.mention.canonical):
                person.gender = person.gender or gender
            m = found.mention
            return self._remember(
                SpeakerMention(token.text, token.idx, token.idx + len(token.text), m.canonical, m.type, m.role, m.affiliation, m.scope),
                token,
                gender=gender,
            )
        if lower == "i":
            # first-person writing: the author speaks (quotes never reach here: their cues are skipped)
            return SpeakerMention(token.text, token.idx, token.idx + 1, "the author", "person", None, None, self.scope)
        if lower in lx.GROUP_PRONOUNS:
            group = self._plural_subject_before(token)
            if group is not None:
                return _relocate(group, token)
        if lower in lx.GROUP_PRONOUNS or lower in lx.THING_PRONOUNS:
            wanted = {"organisation", "government", "media"} | ({"anonymous"} if lower in lx.GROUP_PRONOUNS else set())
            found = self._latest(lambda r: r.mention.type in wanted, token)
            if found is None:
                return None
            m = found.mention
            return SpeakerMention(token.text, token.idx, token.idx + len(token.text), m.canonical, m.type, m.role, m.affiliation, m.scope)
        return None

    def _gender_ok(self, resolved: _Resolved, gender: str) -> bool:
        known = resolved.gender or next((p.gender for p in self._named(resolved.mention.canonical) if p.gender), None)
        return known in {None, gender}

    def _main_subject_before(self, token: Token, gender: str) -> tuple[int, _Person] | None:
        """The last named person who was the subject of a main clause before ``token``
        (in its paragraph or the one before), whose gender does not rule the pronoun out."""
        paragraph = self.paragraph_of(token.idx)
        k = bisect.bisect_left(self._main_subjects, token.idx, key=lambda pair: pair[0])
        for start, person in reversed(self._main_subjects[:k]):
            if paragraph - self.paragraph_of(start) > 1:
                break
            full = self.person_for(person.tokens, start) or person
            if self._gender_of(full, person) in {None, gender}:
                return start, full
        return None

    def _plural_subject_before(self, token: Token) -> SpeakerMention | None:
        """'Lawyers for the defendants welcomed the ruling. They said ...'."""
        sent = token.sent
        if sent.start == 0:
            return None
        previous = self.doc[sent.start - 1].sent
        for child in previous.root.children:
            if child.dep_ == "nsubj" and child.tag_ in {"NNS", "NNPS"} and not self._in_quote[child.i]:
                lemma = child.lemma_.lower()
                if lemma in lx.PERSON_NOUNS or _is_group_word(lemma):
                    return self._noun_phrase(child, "")
        return None

    def _subject_person_before(self, token: Token, gender: str) -> _Person | None:
        """Fallback antecedent: the last named person before the pronoun, in reach, of a compatible gender."""
        paragraph = self.paragraph_of(token.idx)
        k = bisect.bisect_left(self._people_starts, token.idx)
        for person in reversed(self.people[:k]):
            if paragraph - self.paragraph_of(person.start) > _HISTORY_PARAGRAPHS:
                break
            full = self.person_for(person.tokens, person.start) or person
            if self._gender_of(full, person) in {None, gender}:
                return full
        return None

    def _gender_of(self, *people: _Person) -> str | None:
        """What the document says of these people's gender (titles, earlier pronouns), under any mention of the name."""
        for person in people:
            for same in [person, *self._named(person.name)]:
                if same.gender:
                    return same.gender
        return None

    def _latest(self, accept: Callable[[_Resolved], bool], token: Token) -> _Resolved | None:
        """The most recent earlier speaker that ``accept`` admits, within reach of ``token``."""
        paragraph = self.paragraph_of(token.idx)
        for resolved in reversed(self.history):
            if resolved.mention.start >= token.idx:
                continue
            if paragraph - resolved.paragraph > _HISTORY_PARAGRAPHS:
                return None
            if accept(resolved):
                return resolved
        return None

    def _titled_later(self, lemma: str, token: Token) -> SpeakerMention | None:
        """The first person the text names after ``token`` with ``lemma`` among their titles or role."""
        for person in self.people:
            if person.start <= token.idx:
                continue
            words = person.titles | {w.lower() for w in re.findall(r"[\w-]+", person.role or "")}
            if lemma in words:
                return SpeakerMention(person.name, person.start, person.start, person.name, "person", person.role, person.affiliation)
        return None

    def _pair_before(self, head: Token, as_written: str, start: int, end: int) -> SpeakerMention | None:
        """'both countries', 'the two governments': the last two countries named together before
        ('Kestrania and Valdoria signed ...'), else the last two named, within reach."""
        paragraph = self.paragraph_of(head.idx)
        places = [e for e in self.doc.ents if e.end <= head.i and e.label_ == "GPE" and paragraph - self.paragraph_of(e.start_char) <= _HISTORY_PARAGRAPHS]
        for ent in reversed(places):
            partner = next((self._ent_of.get(c.i) for c in ent.root.children if c.dep_ == "conj" and c.ent_type_ == "GPE"), None)
            if partner is not None:
                joined = " and ".join(_strip_article(e.text) for e in (ent, partner))
                return self._remember(SpeakerMention(as_written, start, end, joined, "government", None, None), head)
        names: list[tuple[int, str]] = []
        for ent in reversed(places):
            name = _strip_article(_POSSESSIVE.sub("", ent.text))
            if all(normalise_name(name) != normalise_name(n) for _, n in names):
                names.append((ent.start_char, name))
            if len(names) == 2:
                joined = " and ".join(n for _, n in sorted(names))
                return self._remember(SpeakerMention(as_written, start, end, joined, "government", None, None), head)
        return None

    def _by_role(self, lemma: str, token: Token, groups: bool = False) -> SpeakerMention | None:
        """'the minister' / 'the ministry': the last speaker or named person holding that role."""
        wanted = {lemma} | set(lx.ROLE_SYNONYMS.get(lemma, frozenset()))
        for resolved in reversed(self.history):
            if resolved.mention.start >= token.idx:
                continue
            if groups != (resolved.mention.type in {"organisation", "government", "media"}):
                continue
            if wanted & resolved.head_lemmas:
                return resolved.mention
        if groups:
            return None
        for person in reversed(self.people):
            if person.start >= token.idx or not person.role:
                continue
            if wanted & {w.lower() for w in re.findall(r"[\w-]+", person.role)}:
                return SpeakerMention(person.name, person.start, person.start, person.name, "person", person.role, person.affiliation)
        return None

    def _described_person(self, head: Token) -> SpeakerMention | None:
        """'the Russian expert says' after 'Vasily Kashin, a senior scholar at the Moscow-based Institute
        ... of the Russian Academy': the named person last credited in this paragraph or the one before,
        when what the description says of them (a nationality, an employer) fits what the text said."""
        qualifiers = {t.lower_ for t in head.lefts if t.dep_ in {"amod", "compound"} and t.ent_type_ in {"NORP", "GPE", "ORG"}}
        paragraph = self.paragraph_of(head.idx)
        for resolved in reversed(self.history):
            m = resolved.mention
            if m.start >= head.idx or m.type != "person" or m.scope:
                continue
            if paragraph - resolved.paragraph > 1:
                return None
            known = " ".join(filter(None, [m.role, m.affiliation, m.canonical])).lower()
            if all(q in known or q.rstrip("n") in known for q in qualifiers):
                return m
            return None  # the nearest named person does not fit: the description is someone else
        return None

    def _remember(self, mention: SpeakerMention, head: Token, gender: str | None = None) -> SpeakerMention:
        lemmas = {head.lemma_.lower()}
        for text in (mention.role or "", mention.canonical if mention.type != "person" else ""):
            lemmas.update(w.lower().rstrip("s") for w in re.findall(r"[\w-]+", text))
            lemmas.update(w.lower() for w in re.findall(r"[\w-]+", text))
        self.history.append(_Resolved(mention, self.paragraph_of(mention.start), frozenset(lemmas), gender))
        return mention


def _clause_text(head: Token) -> str:
    """Text of relative/participle clauses on a noun ('who asked not to be named')."""
    parts = [
        doc_text(head.doc)[c.left_edge.idx : c.right_edge.idx + len(c.right_edge.text)]
        for c in head.rights
        if c.dep_ in {"relcl", "acl", "appos", "amod", "advcl"}
    ]
    parts += [t.text for t in head.lefts if t.dep_ in {"amod", "compound"}]
    return " ".join(parts)


def _relocate(found: SpeakerMention, token: Token) -> SpeakerMention:
    """The same speaker, located at another token ('who' in 'X, who said ...')."""
    return SpeakerMention(
        token.text, token.idx, token.idx + len(token.text), found.canonical, found.type, found.role, found.affiliation, found.scope
    )


def _relocate_span(found: SpeakerMention, text: str, start: int, end: int) -> SpeakerMention:
    return SpeakerMention(text, start, end, found.canonical, found.type, found.role, found.affiliation, found.scope)


_PAIR_NOUNS = frozenset({"country", "nation", "government", "capital", "state", "republic", "side"})


def _names_a_pair(head: Token, determiner: str | None) -> bool:
    """'both countries', 'the two governments'."""
    words = {c.lower_ for c in head.lefts if c.dep_ in {"det", "predet", "preconj", "nummod"}}
    return "both" in words or ("two" in words and determiner == "the")


def _fits(head: Token, earlier: SpeakerMention) -> bool:
    """What a description says of its person by name ('Palace' in 'the Palace spokesman') fits what the
    text said of the earlier speaker (their name, role or affiliation)."""
    known = " ".join(filter(None, [earlier.role, earlier.affiliation, earlier.canonical])).lower()
    qualifiers = [t.lower_ for t in head.lefts if t.dep_ in {"compound", "amod", "nmod"} and (t.pos_ == "PROPN" or t.ent_type_ in _NAMED_LABELS)]
    return all(q in known or q[:4] in known for q in qualifiers)  # 'Dravian' fits 'University of Dravsk'


def _is_joint(name: str) -> bool:
    """'Ivo Darn and Lena Sorr': people speaking together, never merged with one of them."""
    return " and " in name


def _coordinated_names(head: Token) -> list[Token]:
    """'Ivo Darn and Lena Sorr said', 'Orsk and Velmar said': the other names joined to a named
    subject by 'and' (the subject speaks together with them); [] for anything else."""
    if not _is_name(head) or not any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children):
        return []
    out: list[Token] = []
    current = head
    while True:
        nxt = next((c for c in current.children if c.dep_ == "conj"), None)
        if nxt is None or not _is_name(nxt):
            break
        out.append(nxt)
        current = nxt
    return out


def _is_name(token: Token) -> bool:
    return token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or token.pos_ == "PROPN"


def abstract_noun(lemma: str) -> str | None:
    """Why a noun the speaker lexicons do not list cannot speak: it is listed as a non-speaker
    ('history told China ...'), or its ending names a state, quality or doctrine (the entry of
    ``lexicon.ABSTRACT_NOUN_ENDINGS``: 'absence', 'willingness'); None when it may be someone."""
    lemma = lemma.lower()
    if lemma in lx.NON_SPEAKERS:
        return "non-speaker"
    if lemma in lx.PERSON_NOUNS or _is_group_word(lemma) or lemma in lx.DOCUMENT_NOUNS or lemma in lx.QUANTITY_NOUNS:
        return None  # the speaker lexicons come first ('witness', 'presidency')
    if lemma in lx.SPEAKING_ABSTRACT_SHAPES:
        return None  # 'Dravian intelligence said', 'the defence argued'
    for name, endings in lx.ABSTRACT_NOUN_ENDINGS.items():
        if any(lemma.endswith(e) and len(lemma) >= len(e) + 3 for e in endings):
            return name
    return None


def _is_group_word(lemma: str) -> bool:
    return lemma in lx.GOVERNMENT_WORDS or lemma in lx.MEDIA_WORDS or lemma in lx.ORGANISATION_WORDS


def _strip_article(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    return " ".join(words)


def _group_type(words: list[str]) -> str:
    """government / media / organisation, from the words naming the group."""
    lowered = [normalise_name(w) for w in words]
    head = lowered[-1] if lowered else ""
    if head in lx.MEDIA_WORDS:
        return "media"
    if head in lx.GOVERNMENT_WORDS:
        return "government"
    if any(w in {"news", "press", "media"} for w in lowered):
        return "media"
    if any(w in {"ministry", "kremlin", "government", "white"} for w in lowered):
        return "government"
    if any(w in lx.MEDIA_WORDS for w in lowered) and head not in lx.ORGANISATION_WORDS:
        return "media"
    return "organisation"


# ---------------------------------------------------------------------------
# Cross-document identity


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-")
    return slug or "speaker"


@dataclass
class SpeakerRegistry:
    """One id per speaker across the corpus.

    People are keyed by their normalised full name; a surname-only mention joins
    the one person with that surname (or starts a profile that a later full
    name upgrades). Anonymous and unnamed speakers are keyed by their document,
    so they are never merged with a named speaker or across documents.
    """

    _profiles: dict[str, SpeakerProfile] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_profiles(cls, profiles: list[SpeakerProfile]) -> SpeakerRegistry:
        """Rebuild a registry from stored profiles so later ingests keep the same ids."""
        registry = cls()
        for profile in profiles:
            registry._profiles[profile.id] = profile
            for alias in [profile.canonical_name, *profile.aliases]:
                registry._by_key.setdefault(registry._key(alias, profile.type, None), profile.id)
        return registry

    def profiles(self) -> list[SpeakerProfile]:
        return sorted(self._profiles.values(), key=lambda p: p.id)

    def assign(self, quotes: list[Quote]) -> None:
        """Set ``speaker_id`` on each quote of one document (resolving in text order)."""
        for quote in quotes:
            quote.speaker_id = self.resolve(quote.speaker)

    def profile(self, speaker_id: str) -> SpeakerProfile | None:
        return self._profiles.get(speaker_id)

    @staticmethod
    def _key(name: str, kind: str, scope: str | None) -> str:
        family = "person" if kind == "person" else "anonymous" if kind == "anonymous" else "group"
        base = f"{family}:{normalise_name(name)}"
        return f"{scope}|{base}" if scope else base

    def resolve(self, mention: SpeakerMention) -> str:
        """The speaker id for a mention, creating or enriching a profile."""
        key = self._key(mention.canonical, mention.type, mention.scope)
        speaker_id = self._by_key.get(key)
        words = normalise_name(mention.canonical).split()
        if speaker_id is None and mention.type == "person" and not mention.scope and not _is_joint(mention.canonical):
            speaker_id = self._match_person(words)
        if speaker_id is None and mention.type == "organisation" and not mention.scope and len(words) == 1:
            # NER often tags a lone surname ('Kolle said') as an organisation
            speaker_id = self._match_person(words)
        if speaker_id is None:
            speaker_id = self._new_id(mention)
            self._profiles[speaker_id] = SpeakerProfile(speaker_id, mention.canonical, mention.type)
        self._by_key[key] = speaker_id
        profile = self._profiles[speaker_id]
        if len(normalise_name(mention.canonical).split()) > len(normalise_name(profile.canonical_name).split()) and profile.type == "person":
            profile.canonical_name = mention.canonical  # a surname-only profile meets the full name
        _add_unique(profile.roles, mention.role)
        _add_unique(profile.affiliations, mention.affiliation)
        if mention.text.lower() not in lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS | lx.THING_PRONOUNS | lx.RELATIVE_PRONOUNS:
            _add_unique(profile.aliases, mention.text.strip())
        profile.mentions += 1
        return speaker_id

    def _match_person(self, words: list[str]) -> str | None:
        """A profile the name joins: surname-only to full name, or full name to surname-only."""
        if not words:
            return None
        candidates: list[str] = []
        for speaker_id, profile in self._profiles.items():
            if profile.type != "person" or speaker_id.startswith("unnamed-") or _is_joint(profile.canonical_name):
                continue
            known = normalise_name(profile.canonical_name).split()
            if len(words) == 1 and words[0] in known:
                candidates.append(speaker_id)
            elif len(known) == 1 and known[0] in (words[0], words[-1]):
                candidates.append(speaker_id)
            elif len(words) > 1 and len(known) > 1 and words[-1] == known[-1] and set(words) <= set(known) | set(words[:-1]) and (
                set(known) <= set(words) or set(words) <= set(known)
            ):
                candidates.append(speaker_id)
        return candidates[0] if len(candidates) == 1 else None

    def _new_id(self, mention: SpeakerMention) -> str:
        prefix = "" if not mention.scope else ("anon-" if mention.type == "anonymous" else "unnamed-") + mention.scope[:12] + "-"
        base = prefix + _slug(mention.canonical)
        candidate, n = base, 2
        while candidate in self._profiles:
            candidate, n = f"{base}-{n}", n + 1
        return candidate


def _add_unique(values: list[str], value: str | None) -> None:
    if value and value not in values:
        values.append(value)
