-- Published versions of the sub-processor list: dated, numbered, never changed, never deleted.
-- A version is its own record of who published what and when.

CREATE TABLE register_versions (
    version      INTEGER PRIMARY KEY,  -- 1, 2, 3, ...
    published_at TEXT NOT NULL,        -- RFC 3339, UTC
    published_by TEXT NOT NULL,
    as_of        TEXT NOT NULL,        -- the day certifications and verdicts were judged on
    filter       TEXT NOT NULL,        -- JSON: which vendors the list holds
    entries      TEXT NOT NULL,        -- JSON: the sub-processors as published
    entry_count  INTEGER NOT NULL,
    fingerprint  TEXT NOT NULL         -- hash of filter and entries: publishing the same list again adds no version
);

CREATE TRIGGER register_versions_immutable BEFORE UPDATE ON register_versions
BEGIN SELECT RAISE(ABORT, 'published lists are never changed: publish a new version'); END;
CREATE TRIGGER register_versions_kept BEFORE DELETE ON register_versions
BEGIN SELECT RAISE(ABORT, 'published lists are kept: change notices compare them'); END;
