-- An approval is a record: who approved the vendor, when, on which assessment (its verdict and
-- baseline version), and why. Never changed nor deleted; sealed in the history like the records
-- a verdict rests on.
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    vendor_id INTEGER NOT NULL REFERENCES vendors(id),
    status TEXT NOT NULL CHECK (status IN ('approved', 'approved_with_conditions')),
    verdict TEXT NOT NULL,
    baseline_id TEXT NOT NULL,
    baseline_version INTEGER NOT NULL,
    assessment_id INTEGER REFERENCES assessments(id),
    justification TEXT NOT NULL DEFAULT '',
    open_conditions INTEGER NOT NULL DEFAULT 0,
    approved_at TEXT NOT NULL,
    approved_by TEXT NOT NULL
);
CREATE INDEX approvals_vendor ON approvals(vendor_id, id);
CREATE TRIGGER approvals_never_updated BEFORE UPDATE ON approvals
BEGIN SELECT RAISE(ABORT, 'approvals are never changed'); END;
CREATE TRIGGER approvals_never_deleted BEFORE DELETE ON approvals
BEGIN SELECT RAISE(ABORT, 'approvals are never deleted'); END;

-- A condition of an approval (a finding): what the vendor must still do, by when, who follows
-- it up, and, once met, the record that showed it (`certification:12`, `questionnaire:3`).
-- Each change is a history entry with before and after; conditions are never deleted.
CREATE TABLE conditions (
    id INTEGER PRIMARY KEY,
    vendor_id INTEGER NOT NULL REFERENCES vendors(id),
    control_id TEXT,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner TEXT NOT NULL DEFAULT '',
    due TEXT,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'in_progress', 'met', 'waived')),
    met_by TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    closed_at TEXT,
    closed_by TEXT
);
CREATE INDEX conditions_vendor ON conditions(vendor_id, id);
CREATE INDEX conditions_open_due ON conditions(due) WHERE state IN ('open', 'in_progress');
CREATE TRIGGER conditions_never_deleted BEFORE DELETE ON conditions
BEGIN SELECT RAISE(ABORT, 'conditions are never deleted'); END;
