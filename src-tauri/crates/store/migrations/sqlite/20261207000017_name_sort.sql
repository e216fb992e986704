-- Names listed in one order on both engines, German and English alike: each vendor's name keeps
-- its sort key (vetted_domain::name_sort_key, the Unicode root collation ignoring case), written
-- with the name and compared as bytes by an index. NOCASE folded ASCII only: "Übersetzungsbüro"
-- came after "Zeta". The keys of the vendors already there are written by Vetted right after this
-- upgrade (SQL cannot make them). Which names count as one is unchanged (the NOCASE unique index).
ALTER TABLE vendors ADD COLUMN name_sort BLOB;
CREATE INDEX vendors_by_name ON vendors (name_sort);
