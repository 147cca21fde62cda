-- Dense sentence vectors from the static embedder, float16 bytes, L2-normalised.
CREATE TABLE sentence_vectors (
    sentence_id {{bigint}} PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    vector      {{bytes}} NOT NULL
);
CREATE INDEX sentence_vectors_doc ON sentence_vectors(doc_id);
