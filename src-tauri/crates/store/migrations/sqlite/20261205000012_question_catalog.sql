-- Question texts stored once. Every vendor's copy of a template (the CAIQ, HECVAT, ...) has the
-- same questions; they were stored again with every version's answers (about 80 KB of a CAIQ's
-- 110). Now a question as a file states it (its sheet, id, text, control and domain) is one
-- entry of question_catalog, and an answer refers to its entry and keeps only what the vendor
-- said: the answer, as written, the comment and the cell (its column and row; the sheet is the
-- entry's). An entry's `key` is a hash of its content that Vetted computes, to find it again
-- when the next file states the same question; entries made here get theirs when Vetted opens
-- the register (it cannot be computed in SQL). Entries and answers are never changed.
-- A version's answers stay one run of ids (migration 10); the answers are copied in id order.
-- `position` is gone: it was the answer's id less its version's first_answer.

CREATE TABLE question_catalog (
    id          INTEGER PRIMARY KEY,
    key         INTEGER UNIQUE,    -- NULL only until Vetted has hashed an entry made by this upgrade
    sheet       TEXT NOT NULL,     -- '' when the cell named none
    question_id TEXT,
    question    TEXT NOT NULL,
    control     TEXT,
    domain      TEXT
);

-- The cell "Sheet name!C12" is the sheet and "C12": what precedes its trailing column letters
-- and row digits, when that ends in '!'.
CREATE TEMP TABLE answer_cells AS
SELECT id,
       CASE WHEN p LIKE '%!' THEN substr(p, 1, length(p) - 1) ELSE '' END AS sheet,
       CASE WHEN p LIKE '%!' THEN substr(cell, length(p) + 1) ELSE cell END AS coord
FROM (SELECT id, cell, rtrim(cell, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') AS p FROM questionnaire_answers);
CREATE UNIQUE INDEX temp.answer_cells_id ON answer_cells (id);

INSERT INTO question_catalog (sheet, question_id, question, control, domain)
SELECT DISTINCT c.sheet, a.question_id, a.question, a.control, a.domain
FROM questionnaire_answers a JOIN answer_cells c ON c.id = a.id;
CREATE INDEX question_catalog_text ON question_catalog (sheet, question);  -- for this copy only

CREATE TABLE questionnaire_answers_v12 (
    id               INTEGER PRIMARY KEY,
    questionnaire_id INTEGER NOT NULL,   -- the version: its answers are ids first_answer ...
    entry            INTEGER NOT NULL,   -- the question, in question_catalog
    answer           TEXT NOT NULL,      -- yes | no | partial | na | unknown
    original         TEXT NOT NULL,
    comment          TEXT NOT NULL,
    cell             TEXT NOT NULL       -- column and row, e.g. C12 (the sheet is the entry's)
);

INSERT INTO questionnaire_answers_v12 (id, questionnaire_id, entry, answer, original, comment, cell)
SELECT a.id, a.questionnaire_id, e.id, a.answer, a.original, a.comment, c.coord
FROM questionnaire_answers a
JOIN answer_cells c ON c.id = a.id
JOIN question_catalog e ON e.sheet = c.sheet AND e.question = a.question
    AND e.question_id IS a.question_id AND e.control IS a.control AND e.domain IS a.domain
ORDER BY a.id;

DROP TABLE questionnaire_answers;
ALTER TABLE questionnaire_answers_v12 RENAME TO questionnaire_answers;
DROP INDEX question_catalog_text;
DROP TABLE temp.answer_cells;

CREATE TRIGGER questionnaire_answers_immutable BEFORE UPDATE ON questionnaire_answers
BEGIN SELECT RAISE(ABORT, 'imported answers are never changed'); END;
CREATE TRIGGER question_catalog_immutable BEFORE UPDATE ON question_catalog WHEN OLD.key IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the question catalog is never changed'); END;
CREATE TRIGGER question_catalog_kept BEFORE DELETE ON question_catalog
BEGIN SELECT RAISE(ABORT, 'the question catalog is never changed'); END;

-- Which vendors need scoring again: each vendor's last check (the day, and the newest history
-- entry it had seen). Bookkeeping of the assessments, which are derived: no history of its own.
CREATE TABLE assessment_checks (
    vendor_id   INTEGER PRIMARY KEY REFERENCES vendors(id),
    as_of       TEXT NOT NULL,     -- the day scored
    history_id  INTEGER NOT NULL,  -- the newest history entry when its inputs were read
    fingerprint TEXT NOT NULL      -- the result's fingerprint (saved or, unchanged, not)
);

-- Saving an assessment looks up each vendor's latest snapshot for its fingerprint, which comes
-- after the long result in the row (read through its overflow pages): this index answers the
-- lookup on its own. It begins as assessments_vendor did, which it replaces.
CREATE INDEX assessments_latest ON assessments (vendor_id, id, fingerprint, verdict, assessed_at);
DROP INDEX assessments_vendor;
