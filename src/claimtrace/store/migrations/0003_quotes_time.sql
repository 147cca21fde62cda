-- Speakers resolved across documents, attributed statements, and temporal expressions.
CREATE TABLE speakers (
    id              TEXT PRIMARY KEY,
    canonical_name  TEXT NOT NULL,
    type            TEXT NOT NULL,          -- person | organisation | government | media | anonymous
    roles           {{json}} NOT NULL DEFAULT '[]',
    affiliations    {{json}} NOT NULL DEFAULT '[]',
    aliases         {{json}} NOT NULL DEFAULT '[]'
);

CREATE TABLE quotes (
    id                  {{id}},
    doc_id              TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id         {{bigint}} REFERENCES sentences(id) ON DELETE CASCADE,
    sentence_index      INTEGER NOT NULL,
    content_start       INTEGER NOT NULL,
    content_end         INTEGER NOT NULL,
    text                TEXT NOT NULL,
    kind                TEXT NOT NULL,      -- direct | indirect | mixed
    cue                 TEXT NOT NULL,
    cue_start           INTEGER NOT NULL,
    cue_end             INTEGER NOT NULL,
    speaker_id          TEXT REFERENCES speakers(id),
    speaker_text        TEXT NOT NULL,      -- the mention as written ('he', 'the minister', a name)
    speaker_start       INTEGER NOT NULL,
    speaker_end         INTEGER NOT NULL,
    speaker_name        TEXT NOT NULL,      -- what the mention resolves to in this document
    speaker_type        TEXT NOT NULL,
    speaker_role        TEXT,
    speaker_affiliation TEXT,
    carried             {{bool}} NOT NULL DEFAULT {{false}},
    stated_date_text    TEXT,
    said_on             TEXT,
    said_on_granularity TEXT,
    said_on_range_end   TEXT,               -- last day of a month/year/week-precise date
    said_on_basis       TEXT,
    said_on_text        TEXT,
    said_on_estimated   {{bool}} NOT NULL DEFAULT {{false}}
);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_sentence ON quotes(sentence_id);

CREATE TABLE time_expressions (
    id              {{id}},
    doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id     {{bigint}} REFERENCES sentences(id) ON DELETE CASCADE,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    text            TEXT NOT NULL,
    value           TEXT,
    granularity     TEXT,
    range_end       TEXT,
    kind            TEXT NOT NULL,
    estimated_base  {{bool}} NOT NULL DEFAULT {{false}}
);
CREATE INDEX time_expressions_doc ON time_expressions(doc_id);

-- The date of each event sentence (a sentence with a dated expression), for the timeline.
CREATE TABLE sentence_dates (
    sentence_id     {{bigint}} PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
    doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    value           TEXT,
    granularity     TEXT,
    range_end       TEXT,
    basis           TEXT NOT NULL,
    expression_text TEXT,
    estimated_base  {{bool}} NOT NULL DEFAULT {{false}}
);
CREATE INDEX sentence_dates_doc ON sentence_dates(doc_id);
