"""Text that is not the article is stored with its role and is neither evidence nor a timeline event;
a translated document is flagged, with every quote from it."""

from __future__ import annotations

import sqlite3

from claimtrace.service import Workbench

ARTICLE = """Kestrania and Dravia reopen the Lessel bridge

Minna Sarro, Kestran Daily Wire

Posted at Jun 20 2022 09:15 AM

Translated from the Dravian by Ilya Semyr

Key Points
  • Premier Mara Lind said on Monday that the Lessel bridge would carry freight again.

President Ivo Osk at the Lessel bridge in 2016. (fotobank/lessel)

The two governments agreed in May 2022 to repair the bridge over the Lessel river, the transport ministry said.

Dravia lays out grain quotas as the harvest begins

“It took longer than we promised,” Premier Mara Lind said on Monday.
"""


def test_marked_sentences_are_stored_but_never_evidence_or_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "corpus.db"
    with Workbench(str(db)) as bench:
        assert bench.ingest([str(path)]).skipped == []
        assert bench.search("fotobank") == [] and bench.search("grain quotas") == []
        assert bench.search("repair the bridge")  # the article's own prose is found
        quotes = bench.quotes()
        assert [q.text for q in quotes if "freight" in q.text] == []  # the Key Points bullet repeats the article
        assert any("It took longer" in q.text for q in quotes)
        # the translation credit flags the document and every quote from it
        (doc,) = bench.documents()
        assert doc.translation == "translation credit: 'Translated from the Dravian by Ilya Semyr'"
        assert all(q.document is not None and q.document.translation == doc.translation for q in quotes)
        timeline = bench.timeline()
        assert any("May 2022" in item.text for item in timeline)  # an event of the article's prose
        assert not any("2016" in item.text for item in timeline)  # the caption's year is no event
    roles = dict(sqlite3.connect(db).execute("SELECT role, COUNT(*) FROM sentences GROUP BY role").fetchall())
    # the heading line and the bullet, the caption and its credit may each be parsed as more than one sentence
    assert roles.get("key_points", 0) >= 2 and roles.get("caption", 0) >= 1 and roles.get("heading") == 1 and roles.get("credit") == 3
    assert roles.get("body", 0) >= 2
