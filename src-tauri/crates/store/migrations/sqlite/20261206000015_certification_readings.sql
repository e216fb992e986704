-- What Vetted read from a certification's evidence PDF, kept with the record: the reading (every
-- fact with its page and words, as JSON), the subservice organisations the report carves out
-- (which the scoring reads, so the row is sealed in the history) and, below, the duties the
-- report leaves to the customer. Never changed nor deleted.
CREATE TABLE certification_readings (
    id INTEGER PRIMARY KEY,
    certification_id INTEGER NOT NULL REFERENCES certifications(id),
    evidence_sha256 TEXT NOT NULL,
    reading TEXT NOT NULL,
    carve_outs TEXT NOT NULL DEFAULT '[]',
    read_at TEXT NOT NULL,
    read_by TEXT NOT NULL,
    UNIQUE (certification_id, evidence_sha256)
);
CREATE TRIGGER certification_readings_never_updated BEFORE UPDATE ON certification_readings
BEGIN SELECT RAISE(ABORT, 'readings are never changed'); END;
CREATE TRIGGER certification_readings_never_deleted BEFORE DELETE ON certification_readings
BEGIN SELECT RAISE(ABORT, 'readings are never deleted'); END;

-- The complementary user entity controls of a reading as the customer's checklist: each duty in
-- the report's words and page, and where the customer stands on it (each change a history entry
-- with before and after).
CREATE TABLE certification_duties (
    id INTEGER PRIMARY KEY,
    certification_id INTEGER NOT NULL REFERENCES certifications(id),
    reading_id INTEGER NOT NULL REFERENCES certification_readings(id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    page INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'in_place', 'not_applicable')),
    note TEXT NOT NULL DEFAULT '',
    changed_at TEXT,
    changed_by TEXT,
    UNIQUE (reading_id, position)
);
CREATE INDEX certification_duties_cert ON certification_duties(certification_id, id);
CREATE TRIGGER certification_duties_never_deleted BEFORE DELETE ON certification_duties
BEGIN SELECT RAISE(ABORT, 'duties are never deleted'); END;
