-- Certifications and attestations recorded for vendors. Validity is computed from the rules, not stored.

CREATE TABLE certifications (
    id                 INTEGER PRIMARY KEY,
    vendor_id          INTEGER NOT NULL REFERENCES vendors(id),
    kind               TEXT NOT NULL,
    issuer             TEXT NOT NULL DEFAULT '',
    certificate_number TEXT NOT NULL DEFAULT '',
    scope              TEXT NOT NULL DEFAULT '',
    tsc                TEXT NOT NULL DEFAULT '[]', -- JSON array of Trust Services Criteria
    period_start       TEXT,
    period_end         TEXT,
    as_of              TEXT,
    issued             TEXT,
    expires            TEXT,
    opinion            TEXT,
    exceptions         TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL
);
CREATE INDEX certifications_vendor ON certifications(vendor_id);
