"""Records of the provenance stage: who (or what) cites whom, with the sentence that shows it.

A ``Node`` is a person, an outlet, an organisation, an anonymous source or a
stored document; its ``key`` is canonical, so the same outlet or person found
in two documents is one node. A ``CitationEdge`` always points from the
citing / reporting / republishing node to the node it relies on, so following
edges forward walks from an article back towards where a claim came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Relation = Literal["cites", "reports", "quotes", "reprints", "translates", "publishes", "writes_for"]
NodeKind = Literal["person", "outlet", "document", "anonymous", "organisation"]

# Relations that carry content from the target to the source: a trace follows these.
CITATION_RELATIONS: frozenset[str] = frozenset({"cites", "reports", "quotes", "reprints", "translates"})
# Relations that say who stands behind a document or writes for an outlet: context, not citation.
PUBLICATION_RELATIONS: frozenset[str] = frozenset({"publishes", "writes_for"})
# When two extractors find the same link in one sentence, the more specific relation wins.
RELATION_PRIORITY: dict[str, int] = {
    "translates": 0, "reprints": 1, "reports": 2, "quotes": 3, "cites": 4, "publishes": 5, "writes_for": 6,
}


@dataclass(frozen=True)
class Node:
    """One source in the citation graph; ``date`` is set for documents (their publication date)."""

    key: str
    name: str
    kind: NodeKind
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        return cls(data["key"], data["name"], data["kind"], data.get("date"))


@dataclass
class CitationEdge:
    """``source_node`` relies on ``target_node`` (cites, reports, quotes, reprints or translates it).

    ``doc_id`` is the document whose text shows the link; ``start``/``end``
    locate that evidence in the document text (``sentence_index`` is None
    for links taken from document metadata alone). ``date`` is when the link
    was made or the cited piece appeared: ``date_basis`` is ``stated`` when
    the text dates it, ``publication`` when only the document's date bounds it.
    """

    source_node: Node
    target_node: Node
    relation: Relation
    doc_id: str
    sentence_index: int | None
    start: int
    end: int
    evidence_text: str
    date: str | None = None
    date_basis: str | None = None

    @property
    def is_citation(self) -> bool:
        return self.relation in CITATION_RELATIONS

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["source_node"] = self.source_node.to_dict()
        data["target_node"] = self.target_node.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CitationEdge:
        values = dict(data)
        values["source_node"] = Node.from_dict(values["source_node"])
        values["target_node"] = Node.from_dict(values["target_node"])
        return cls(**values)
