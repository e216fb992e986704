-- Which of a vendor's services a certification covers, the evidence files attached to it, and reminders.

-- JSON array of the vendor's service names the record covers; empty: the record does not say.
ALTER TABLE certifications ADD COLUMN services TEXT NOT NULL DEFAULT '[]';

-- Evidence files are copied into the data directory under their SHA-256 and never modified;
-- this table remembers what each was called and who attached it.
CREATE TABLE evidence_files (
    id               INTEGER PRIMARY KEY,
    certification_id INTEGER NOT NULL REFERENCES certifications(id),
    sha256           TEXT NOT NULL,
    stored_name      TEXT NOT NULL, -- the file's name inside the data directory's evidence folder
    original_name    TEXT NOT NULL,
    size             INTEGER NOT NULL,
    media_type       TEXT NOT NULL,
    added_at         TEXT NOT NULL,
    added_by         TEXT NOT NULL,
    UNIQUE (certification_id, sha256)
);
CREATE INDEX evidence_files_sha ON evidence_files(sha256);

-- A record whose reminders a user muted; unmuting deletes the row (history keeps both).
CREATE TABLE reminder_mutes (
    certification_id INTEGER PRIMARY KEY REFERENCES certifications(id),
    muted_at         TEXT NOT NULL,
    muted_by         TEXT NOT NULL
);

-- Append-only: each reminder shown, so a record is announced once per status and date.
CREATE TABLE reminders_shown (
    certification_id INTEGER NOT NULL REFERENCES certifications(id),
    status           TEXT NOT NULL,  -- expiring | lapsed
    current_until    TEXT NOT NULL,
    shown_at         TEXT NOT NULL,
    PRIMARY KEY (certification_id, status, current_until)
);
CREATE TRIGGER reminders_shown_append_only BEFORE UPDATE ON reminders_shown
BEGIN SELECT RAISE(ABORT, 'reminders_shown is append-only'); END;
