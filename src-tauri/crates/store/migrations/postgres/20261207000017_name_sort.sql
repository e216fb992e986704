-- Names listed in one order on both engines: each vendor's name keeps its sort key
-- (vetted_domain::name_sort_key, the order of the `nocase` collation), written with the name and
-- compared as bytes by an index, as on a register file. The keys of the vendors already there are
-- written by Vetted right after this upgrade.
ALTER TABLE vendors ADD COLUMN name_sort BYTEA;
CREATE INDEX vendors_by_name ON vendors (name_sort);
