-- Text that is not the article (captions, credit lines, "Key Points" bullets, related-story headlines)
-- is stored with its role and kept out of evidence (search, vectors) and the timeline by the store's queries.
ALTER TABLE sentences ADD COLUMN role TEXT NOT NULL DEFAULT 'body';
