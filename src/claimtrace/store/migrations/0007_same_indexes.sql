-- Since the migrations have one source for both backends, SQLite has the two indexes PostgreSQL always had
-- (a new database gets them from 0001 and 0003; this gives them to one made before).
CREATE INDEX IF NOT EXISTS entities_doc ON entities(doc_id);
CREATE INDEX IF NOT EXISTS sentence_dates_doc ON sentence_dates(doc_id);
