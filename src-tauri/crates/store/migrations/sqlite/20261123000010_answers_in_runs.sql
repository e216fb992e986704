-- A version's answers are one run of consecutive ids, in file order: the import writes them in
-- one transaction, under the write lock, and SQLite numbers them on from the table's last id;
-- the version's record says where its run begins (first_answer; its length is `questions`).
-- The id is an INTEGER PRIMARY KEY, SQLite's rowid by name, so no VACUUM renumbers it (a
-- plain VACUUM renumbers the rowids of a table without one).
-- A version's answers are read by that range of ids, so the table needs no index of its own
-- and no reference checked for every answer written: the index on (questionnaire_id, position)
-- and the deferred reference to the version took 45% of the time to write a 100,000-answer
-- import (docs/benchmarks.md). Answers are written only with their version, by the store's
-- QuestionnaireWriter, and neither is ever changed.
-- The answers are copied in (version, position) order, so each version's are one run here too.

CREATE TABLE questionnaire_answers_new (
    id               INTEGER PRIMARY KEY,
    questionnaire_id INTEGER NOT NULL,   -- the version: its answers are ids first_answer ...
    position         INTEGER NOT NULL,   -- 0, 1, ... in file order: id - first_answer
    question_id      TEXT,
    question         TEXT NOT NULL,
    answer           TEXT NOT NULL,      -- yes | no | partial | na | unknown
    original         TEXT NOT NULL,
    comment          TEXT NOT NULL,
    control          TEXT,
    domain           TEXT,
    cell             TEXT NOT NULL       -- e.g. CAIQv4.0.3!C12
);

INSERT INTO questionnaire_answers_new
    (questionnaire_id, position, question_id, question, answer, original, comment, control, domain, cell)
SELECT questionnaire_id, position, question_id, question, answer, original, comment, control, domain, cell
FROM questionnaire_answers ORDER BY questionnaire_id, position;

DROP TABLE questionnaire_answers;
ALTER TABLE questionnaire_answers_new RENAME TO questionnaire_answers;

CREATE TRIGGER questionnaire_answers_immutable BEFORE UPDATE ON questionnaire_answers
BEGIN SELECT RAISE(ABORT, 'imported answers are never changed'); END;

-- The versions' records are never changed either: their trigger steps aside for this once.
DROP TRIGGER questionnaires_immutable;
ALTER TABLE questionnaires ADD COLUMN first_answer INTEGER NOT NULL DEFAULT 0;
UPDATE questionnaires SET first_answer = runs.first
FROM (SELECT questionnaire_id, MIN(id) AS first FROM questionnaire_answers GROUP BY questionnaire_id) AS runs
WHERE runs.questionnaire_id = questionnaires.id;
CREATE TRIGGER questionnaires_immutable BEFORE UPDATE ON questionnaires
BEGIN SELECT RAISE(ABORT, 'imported questionnaires are never changed'); END;
