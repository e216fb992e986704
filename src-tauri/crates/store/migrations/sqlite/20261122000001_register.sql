-- The register of vendors (sub-processors), their services and countries, and the history of every change.

CREATE TABLE vendors (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    parent_id            INTEGER REFERENCES vendors(id),
    purpose              TEXT NOT NULL DEFAULT '',
    data_categories      TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    data_subjects        TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    transfer_mechanism   TEXT,
    data_sensitivity     TEXT,
    business_impact      TEXT,
    tier_override        INTEGER,
    tier_override_reason TEXT,
    tier                 INTEGER, -- derived by the domain at every write: the tier in force
    status               TEXT NOT NULL,
    owner                TEXT NOT NULL DEFAULT '',
    dpa_signed           TEXT,
    contract_renewal     TEXT,
    review_cycle_months  INTEGER,
    last_review          TEXT,
    next_review          TEXT,    -- derived by the domain at every write
    search_text          TEXT NOT NULL DEFAULT '', -- derived: name, services, purpose, lower-cased
    website              TEXT,
    notes                TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX vendors_name ON vendors(name COLLATE NOCASE);
CREATE INDEX vendors_status ON vendors(status);
CREATE INDEX vendors_tier ON vendors(tier);
CREATE INDEX vendors_parent ON vendors(parent_id);

CREATE TABLE vendor_services (
    vendor_id INTEGER NOT NULL REFERENCES vendors(id),
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (vendor_id, position)
);

CREATE TABLE vendor_countries (
    vendor_id INTEGER NOT NULL REFERENCES vendors(id),
    position  INTEGER NOT NULL,
    code      TEXT NOT NULL,
    PRIMARY KEY (vendor_id, position)
);
CREATE INDEX vendor_countries_code ON vendor_countries(code, vendor_id);

-- Append-only: one row per created vendor, per changed field, per archive.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    vendor_id INTEGER NOT NULL REFERENCES vendors(id),
    at        TEXT NOT NULL,  -- RFC 3339, UTC
    actor     TEXT NOT NULL,  -- the OS user
    action    TEXT NOT NULL,  -- create | update | archive
    field     TEXT,
    before    TEXT,
    after     TEXT
);
CREATE INDEX history_vendor ON history(vendor_id, id);

CREATE TRIGGER vendors_never_deleted BEFORE DELETE ON vendors
BEGIN SELECT RAISE(ABORT, 'vendors are archived, never deleted'); END;
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
