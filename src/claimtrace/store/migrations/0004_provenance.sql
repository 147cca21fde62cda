-- The citation graph: sources (people, outlets, organisations, anonymous sources, documents)
-- and who cites, reports, quotes, reprints or translates whom, with the sentence that shows it.
CREATE TABLE provenance_nodes (
    key     TEXT PRIMARY KEY,   -- canonical: outlet:northgate-review, person:owen-matthews, anonymous:<scope>/<noun>, document:<id>
    name    TEXT NOT NULL,      -- as best written in the corpus
    kind    TEXT NOT NULL CHECK (kind IN ('person', 'outlet', 'document', 'anonymous', 'organisation')),
    date    TEXT                -- documents: publication date
);

CREATE TABLE provenance_edges (
    id              {{id}},
    doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,   -- the document whose text shows the link
    sentence_id     {{bigint}} REFERENCES sentences(id) ON DELETE CASCADE,         -- NULL: taken from metadata alone
    sentence_index  INTEGER,
    source_key      TEXT NOT NULL REFERENCES provenance_nodes(key),            -- who cites / reports / quotes / reprints
    target_key      TEXT NOT NULL REFERENCES provenance_nodes(key),            -- whom
    relation        TEXT NOT NULL CHECK (relation IN ('cites', 'reports', 'quotes', 'reprints', 'translates', 'publishes', 'writes_for')),
    start           INTEGER NOT NULL,  -- character offsets of the evidence in the document text
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    date            TEXT,              -- when the link was made or the cited piece appeared (ISO)
    date_basis      TEXT               -- stated (the text dates it) | publication (the document's date bounds it)
);
CREATE INDEX provenance_edges_doc ON provenance_edges(doc_id);
CREATE INDEX provenance_edges_source ON provenance_edges(source_key);
CREATE INDEX provenance_edges_target ON provenance_edges(target_key);
