-- Changes to the register as a whole (a saved mapping profile, a saved baseline, the baseline a
-- tier is held to) are history too, in the same hash chain: their entries name no vendor, so
-- history.vendor_id may be NULL. SQLite cannot relax NOT NULL in place: the table is rebuilt with
-- every row, hash and id as it was, and its indexes and append-only triggers are made again.
CREATE TABLE history_v11 (
    id        INTEGER PRIMARY KEY,
    vendor_id INTEGER REFERENCES vendors(id),  -- NULL: a change to the register as a whole
    at        TEXT NOT NULL,  -- RFC 3339, UTC
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    field     TEXT,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT,
    hash      TEXT
);
INSERT INTO history_v11 (id, vendor_id, at, actor, action, field, before, after, prev_hash, hash)
    SELECT id, vendor_id, at, actor, action, field, before, after, prev_hash, hash FROM history ORDER BY id;
DROP TABLE history;
ALTER TABLE history_v11 RENAME TO history;

CREATE INDEX history_vendor ON history(vendor_id, id);
CREATE INDEX history_unsealed ON history(id) WHERE hash IS NULL;
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL
          AND NEW.id = OLD.id AND NEW.vendor_id IS OLD.vendor_id AND NEW.at = OLD.at
          AND NEW.actor = OLD.actor AND NEW.action = OLD.action AND NEW.field IS OLD.field
          AND NEW.before IS OLD.before AND NEW.after IS OLD.after)
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
