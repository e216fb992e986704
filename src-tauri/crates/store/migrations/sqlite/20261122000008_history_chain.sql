-- Tamper-evident history: each entry carries the hash of the entry before it and a SHA-256 over
-- that hash and its own content (computed in Rust, store/history.rs). Entries written before
-- this version are sealed once, in order, when the register is next opened; that is the only
-- update history allows: setting a missing hash, with every other column unchanged.
ALTER TABLE history ADD COLUMN prev_hash TEXT;
ALTER TABLE history ADD COLUMN hash TEXT;

DROP TRIGGER history_append_only_update;
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL
          AND NEW.id = OLD.id AND NEW.vendor_id = OLD.vendor_id AND NEW.at = OLD.at
          AND NEW.actor = OLD.actor AND NEW.action = OLD.action AND NEW.field IS OLD.field
          AND NEW.before IS OLD.before AND NEW.after IS OLD.after)
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- Finding entries still to seal, at every open, without reading the whole history.
CREATE INDEX history_unsealed ON history(id) WHERE hash IS NULL;
