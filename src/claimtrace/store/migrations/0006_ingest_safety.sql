-- Over-long "sentences" (runs without sentence structure, cut at a hard cap) are stored, so offsets
-- and `show` stay whole, but never indexed for search: they can never be retrieved as evidence.
ALTER TABLE sentences ADD COLUMN overlong {{bool}} NOT NULL DEFAULT {{false}};
-- [sqlite]
DROP TRIGGER sentences_ai;
DROP TRIGGER sentences_ad;
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences WHEN new.overlong = 0 BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences WHEN old.overlong = 0 BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
-- [postgres]
ALTER TABLE sentences DROP COLUMN tsv;
ALTER TABLE sentences ADD COLUMN tsv TSVECTOR
    GENERATED ALWAYS AS (CASE WHEN overlong THEN NULL ELSE to_tsvector('english'::regconfig, text) END) STORED;
CREATE INDEX sentences_tsv ON sentences USING GIN (tsv);
-- [both]

-- The cross-document speaker registry's name keys (person:kolle -> kolle-ana), so a resumed or
-- concurrent ingest resolves names exactly as the run that stored them did.
CREATE TABLE speaker_keys (
    key         TEXT PRIMARY KEY,
    speaker_id  TEXT NOT NULL REFERENCES speakers(id)
);

-- One row whose version every writer of speakers bumps inside its transaction (the row lock
-- serialises them): a writer that finds a version it did not leave reloads the registry first,
-- so concurrent ingests never create a speaker twice.
CREATE TABLE speaker_registry (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     {{bigint}} NOT NULL
);
INSERT INTO speaker_registry (id, version) VALUES (1, 0);
