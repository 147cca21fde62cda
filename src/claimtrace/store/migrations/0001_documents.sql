-- Documents, sentences with offsets, entities, and the sentence full-text index.
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
    repairs             TEXT NOT NULL DEFAULT '[]',  -- JSON list of repair notes
    removed_lines       TEXT NOT NULL DEFAULT '[]',  -- JSON list of dropped furniture lines
    ingested_at         TEXT NOT NULL
);

CREATE TABLE sentences (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    paragraph   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    UNIQUE (doc_id, idx)
);

CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    label       TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX entities_sentence ON entities(sentence_id);
CREATE INDEX entities_label_text ON entities(label, text);

CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
