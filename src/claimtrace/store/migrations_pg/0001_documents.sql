-- Documents, sentences with offsets, entities, and the sentence full-text index.
-- Mirrors migrations/0001_documents.sql; "end" is quoted because END is reserved in PostgreSQL.
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
    repairs             JSONB NOT NULL DEFAULT '[]',  -- list of repair notes
    removed_lines       JSONB NOT NULL DEFAULT '[]',  -- list of dropped furniture lines
    ingested_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The full-text vector is a stored generated column, so every writer keeps it in step
-- with the text without triggers; the GIN index serves websearch_to_tsquery matches.
CREATE TABLE sentences (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    paragraph   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    tsv         TSVECTOR GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED,
    UNIQUE (doc_id, idx)
);
CREATE INDEX sentences_tsv ON sentences USING GIN (tsv);

CREATE TABLE entities (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sentence_id BIGINT NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    label       TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX entities_sentence ON entities(sentence_id);
CREATE INDEX entities_doc ON entities(doc_id);
CREATE INDEX entities_label_text ON entities(label, text);
