-- Text that is not the article (captions, credit lines, "Key Points" bullets, related-story headlines)
-- is stored with its role and kept out of evidence (search, vectors) and the timeline by the store's queries.
ALTER TABLE sentences ADD COLUMN role TEXT NOT NULL DEFAULT 'body';

-- Why a document's words are a translation (a "Translated by" credit, or the machine-translation
-- score of claimtrace.clean.translation), or NULL: shown with the document and every quote from it.
ALTER TABLE documents ADD COLUMN translation TEXT;
