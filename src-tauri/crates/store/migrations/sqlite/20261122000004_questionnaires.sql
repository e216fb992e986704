-- Imported security questionnaires: each import is a new version of one vendor's questionnaire,
-- with its file's provenance and every answer with its cell reference. Never changed once written.

CREATE TABLE questionnaires (
    id               INTEGER PRIMARY KEY,
    vendor_id        INTEGER NOT NULL REFERENCES vendors(id),
    version          INTEGER NOT NULL,   -- 1, 2, ... per vendor
    file_name        TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    format           TEXT NOT NULL,
    template         TEXT NOT NULL,      -- the mapping profile's id, e.g. caiq-v4
    template_name    TEXT NOT NULL,
    template_version TEXT,
    variant          TEXT,
    profile          TEXT NOT NULL,      -- the mapping applied, as JSON
    importer_version TEXT NOT NULL,
    imported_at      TEXT NOT NULL,
    imported_by      TEXT NOT NULL,
    questions        INTEGER NOT NULL,
    UNIQUE (vendor_id, version),
    UNIQUE (vendor_id, sha256)
);

CREATE TABLE questionnaire_answers (
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
    position         INTEGER NOT NULL,
    question_id      TEXT,
    question         TEXT NOT NULL,
    answer           TEXT NOT NULL,      -- yes | no | partial | na | unknown
    original         TEXT NOT NULL,
    comment          TEXT NOT NULL,
    control          TEXT,
    domain           TEXT,
    cell             TEXT NOT NULL,      -- e.g. CAIQv4.0.3!C12
    PRIMARY KEY (questionnaire_id, position)
);

CREATE TABLE questionnaire_skipped (
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
    sheet            TEXT NOT NULL,
    row              INTEGER NOT NULL,
    reason           TEXT NOT NULL
);

CREATE TRIGGER questionnaires_immutable BEFORE UPDATE ON questionnaires
BEGIN SELECT RAISE(ABORT, 'imported questionnaires are never changed'); END;
CREATE TRIGGER questionnaire_answers_immutable BEFORE UPDATE ON questionnaire_answers
BEGIN SELECT RAISE(ABORT, 'imported answers are never changed'); END;
