-- Mapping profiles a user confirmed for layouts Vetted did not know: re-applied to files of the same layout.

CREATE TABLE mapping_profiles (
    id          TEXT PRIMARY KEY,   -- the profile's id, e.g. custom-acme-questionnaire
    profile     TEXT NOT NULL,      -- the profile as JSON (schemas/mapping.schema.json)
    saved_at    TEXT NOT NULL,
    saved_by    TEXT NOT NULL
);
