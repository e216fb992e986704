-- The sub-processor chain as a graph: a vendor can serve several of the register's vendors, and
-- each link carries its own purpose, data and locations (AWS hosts one client's recordings in
-- Frankfurt and another's logs in Dublin). Every parent a vendor had becomes its first link,
-- with nothing lost. `vendors.parent_id` stays as it was (SQLite cannot drop a referencing
-- column without rebuilding `vendors`) and is no longer read nor written.
CREATE TABLE vendor_links (
    vendor_id INTEGER NOT NULL REFERENCES vendors(id),
    client_id INTEGER NOT NULL REFERENCES vendors(id),
    position INTEGER NOT NULL DEFAULT 0,
    purpose TEXT NOT NULL DEFAULT '',
    data_categories TEXT NOT NULL DEFAULT '[]',
    locations TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (vendor_id, client_id),
    CHECK (vendor_id <> client_id)
) WITHOUT ROWID;
CREATE INDEX vendor_links_by_client ON vendor_links (client_id, vendor_id);

INSERT INTO vendor_links (vendor_id, client_id) SELECT id, parent_id FROM vendors WHERE parent_id IS NOT NULL;
