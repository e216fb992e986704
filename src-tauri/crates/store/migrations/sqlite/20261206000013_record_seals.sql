-- Every record a verdict rests on is sealed in the history: the entry that records its writing
-- names it (`subject`, e.g. `certification:12`) and carries the SHA-256 of its content (`digest`),
-- both covered by the entry's own hash. `verify` recomputes each record's digest and names any
-- record changed, added or removed behind Vetted's back. The records already in the register are
-- sealed once, by the open that runs this upgrade.
ALTER TABLE history ADD COLUMN subject TEXT;
ALTER TABLE history ADD COLUMN digest TEXT;
CREATE INDEX history_subject ON history(subject, id) WHERE subject IS NOT NULL;

DROP TRIGGER history_append_only_update;
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL
          AND NEW.id = OLD.id AND NEW.vendor_id IS OLD.vendor_id AND NEW.at = OLD.at
          AND NEW.actor = OLD.actor AND NEW.action = OLD.action AND NEW.field IS OLD.field
          AND NEW.before IS OLD.before AND NEW.after IS OLD.after
          AND NEW.subject IS OLD.subject AND NEW.digest IS OLD.digest)
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- A version's skipped rows are read with it when its seal is checked.
CREATE INDEX questionnaire_skipped_version ON questionnaire_skipped(questionnaire_id);
