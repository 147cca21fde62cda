"""Records produced by the quotes stage.

They are plain dataclasses with ``to_dict``/``from_dict`` so the store can
persist them as JSON without knowing about spaCy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
SpeakerType = Literal["person", "organisation", "government", "media", "anonymous"]
SPEAKER_TYPES: tuple[str, ...] = ("person", "organisation", "government", "media", "anonymous")


@dataclass
class SpeakerMention:
    """Who is credited with a statement, as written at one place in the text.

    ``text``/``start``/``end`` locate the local mention (possibly 'he' or 'the
    minister'); ``canonical`` is what it resolves to within the document.
    ``scope`` names the document for speakers that must never be merged with
    other documents' speakers (anonymous sources, unnamed office holders).
    """

    text: str
    start: int
    end: int
    canonical: str
    type: str = "person"
    role: str | None = None
    affiliation: str | None = None
    scope: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeakerMention:
        return cls(**data)


@dataclass
class Quote:
    """One attributed statement; offsets are into the repaired document text.

    ``kind`` is ``direct`` for verbatim quotes, ``indirect`` for paraphrase and
    ``mixed`` for paraphrase carrying quoted words ('he called it "taboo"').
    ``carried`` is true when the speaker comes from a neighbouring sentence
    (a quote-only paragraph, or 'he said' resolved earlier in the text).
    ``speaker_id`` stays None until a SpeakerRegistry resolves the mention.
    """

    content_start: int
    content_end: int
    text: str
    kind: str
    cue: str
    cue_start: int
    cue_end: int
    speaker: SpeakerMention
    sentence_index: int
    stated_date_text: str | None = None
    carried: bool = False
    speaker_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["speaker"] = self.speaker.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        values = dict(data)
        values["speaker"] = SpeakerMention.from_dict(values["speaker"])
        return cls(**values)


@dataclass
class SpeakerProfile:
    """A speaker across the corpus: one id for every way the corpus names them."""

    id: str
    canonical_name: str
    type: str
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeakerProfile:
        return cls(**data)
