-- An import writes its answers as it reads them and the version's record last, when its counts
-- are known (records are never updated). The answers' reference to their version is therefore
-- checked at commit: DEFERRABLE INITIALLY DEFERRED. It was deferred per import with
-- `PRAGMA defer_foreign_keys`, which expires every prepared statement of the connection, so
-- each import re-prepared all of its statements, and made every reference to questionnaires
-- deferred, so saving a version scanned questionnaire_skipped (no index) for its rows.
-- SQLite cannot change a constraint in place: the table is rebuilt, rowids kept.

CREATE TABLE questionnaire_answers_new (
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id) DEFERRABLE INITIALLY DEFERRED,
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

INSERT INTO questionnaire_answers_new
    (rowid, questionnaire_id, position, question_id, question, answer, original, comment, control, domain, cell)
SELECT rowid, questionnaire_id, position, question_id, question, answer, original, comment, control, domain, cell
FROM questionnaire_answers;

DROP TABLE questionnaire_answers;
ALTER TABLE questionnaire_answers_new RENAME TO questionnaire_answers;

CREATE TRIGGER questionnaire_answers_immutable BEFORE UPDATE ON questionnaire_answers
BEGIN SELECT RAISE(ABORT, 'imported answers are never changed'); END;
