-- Documents, sentences with offsets, entities, and the sentence full-text index.
-- One source for both backends (store.sql.render_migration): a {{...}} slot names a column type in the backend's
-- words, and the lines after "-- [sqlite]" or "-- [postgres]" belong to that backend alone, up to "-- [both]".
CREATE TABLE documents (
    id                  TEXT PRIMARY KEY,          -- first 12 hex of content_hash
    content_hash        TEXT NOT NULL UNIQUE,      -- sha256 of normalised text: dedup key
    source              TEXT NOT NULL,             -- file path, or path#line=N / #row=N / #index
    format              TEXT NOT NULL,
    title               TEXT,
    outlet              TEXT,
    author              TEXT,
    url                 TEXT,
    language            TEXT,
    published           TEXT,                      -- ISO date (YYYY-MM-DD, YYYY-MM or YYYY)
    published_source    TEXT NOT NULL CHECK (published_source IN ('stated', 'estimated', 'unknown')),
    published_granularity TEXT,
    published_evidence  TEXT NOT NULL DEFAULT '',
    text                TEXT NOT NULL,
    word_count          INTEGER NOT NULL,
    repairs             {{json}} NOT NULL DEFAULT '[]',  -- list of repair notes
    removed_lines       {{json}} NOT NULL DEFAULT '[]',  -- list of dropped furniture lines
    ingested_at         {{timestamp}}
);

CREATE TABLE sentences (
    id          {{id}},
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,                  -- quoted: END is reserved in PostgreSQL
    paragraph   INTEGER NOT NULL,
    text        TEXT NOT NULL,
-- [postgres]
    -- A stored generated column, so every writer keeps it in step with the text without triggers;
    -- the GIN index serves websearch_to_tsquery matches.
    tsv         TSVECTOR GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED,
-- [both]
    UNIQUE (doc_id, idx)
);
-- [postgres]
CREATE INDEX sentences_tsv ON sentences USING GIN (tsv);
-- [both]

CREATE TABLE entities (
    id          {{id}},
    sentence_id {{bigint}} NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    label       TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX entities_sentence ON entities(sentence_id);
CREATE INDEX entities_doc ON entities(doc_id);
CREATE INDEX entities_label_text ON entities(label, text);
-- [sqlite]

CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
