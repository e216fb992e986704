-- Baselines (each saved version kept), which baseline each tier is held to, accepted risks, and
-- dated assessment snapshots: what was known and decided on a given day. Nothing here is ever changed.

CREATE TABLE baselines (
    id        TEXT NOT NULL,       -- e.g. minimum-sub-processors
    version   INTEGER NOT NULL,
    name      TEXT NOT NULL,
    baseline  TEXT NOT NULL,       -- the baseline as JSON (schemas/baseline.schema.json)
    saved_at  TEXT NOT NULL,
    saved_by  TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

-- Which baseline vendors of a tier are held to; tier 0 is every tier without its own.
CREATE TABLE baseline_use (
    tier        INTEGER PRIMARY KEY CHECK (tier BETWEEN 0 AND 3),
    baseline_id TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    set_by      TEXT NOT NULL
);

CREATE TABLE risk_acceptances (
    id          INTEGER PRIMARY KEY,
    vendor_id   INTEGER NOT NULL REFERENCES vendors(id),
    baseline_id TEXT NOT NULL,
    control_id  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    accepted_by TEXT NOT NULL,
    until       TEXT NOT NULL,     -- YYYY-MM-DD, the last day it holds
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX risk_acceptances_vendor ON risk_acceptances(vendor_id);

CREATE TABLE assessments (
    id               INTEGER PRIMARY KEY,
    vendor_id        INTEGER NOT NULL REFERENCES vendors(id),
    baseline_id      TEXT NOT NULL,
    baseline_version INTEGER NOT NULL,
    as_of            TEXT NOT NULL,  -- the day assessed
    assessed_at      TEXT NOT NULL,
    assessed_by      TEXT NOT NULL,
    verdict          TEXT NOT NULL,  -- meets | conditional | fails | insufficient
    coverage         REAL NOT NULL,
    inputs           TEXT NOT NULL,  -- JSON: tier, questionnaire, certifications, accepted risks
    result           TEXT NOT NULL,  -- JSON: the assessment, control by control
    fingerprint      TEXT NOT NULL   -- the result's hash leaving out its day: unchanged results are not saved again
);
CREATE INDEX assessments_vendor ON assessments(vendor_id, id);

CREATE TRIGGER baselines_immutable BEFORE UPDATE ON baselines
BEGIN SELECT RAISE(ABORT, 'saved baselines are never changed: save a new version'); END;
CREATE TRIGGER baselines_kept BEFORE DELETE ON baselines
BEGIN SELECT RAISE(ABORT, 'saved baselines are kept: assessments name them'); END;
CREATE TRIGGER risk_acceptances_immutable BEFORE UPDATE ON risk_acceptances
BEGIN SELECT RAISE(ABORT, 'accepted risks are never changed'); END;
CREATE TRIGGER assessments_immutable BEFORE UPDATE ON assessments
BEGIN SELECT RAISE(ABORT, 'assessment snapshots are never changed'); END;
CREATE TRIGGER assessments_kept BEFORE DELETE ON assessments
BEGIN SELECT RAISE(ABORT, 'assessment snapshots are kept'); END;
