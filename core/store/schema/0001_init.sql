-- DAC node store, schema 1. One database per node namespace.

-- meta: node = the node id (the genesis id) this database holds;
-- state_hash = core.State.Hash() after the last committed batch.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  val BLOB NOT NULL
) WITHOUT ROWID;

-- entries: every entry of the set, valid or not. ord is the order of
-- application, a topological order of the set (each entry after its prev
-- and refs), which Rebuild replays. idp is the id's first 8 bytes as a
-- signed big-endian integer: the lookup index is on it (a third the size of
-- an index on the 32-byte id, and integer compares); lookups also match id.
-- chain is the CBOR core.ChainState after the entry. invalid is NULL for an
-- applied entry, else the rule it broke.
CREATE TABLE entries (
  ord     INTEGER PRIMARY KEY,
  idp     INTEGER NOT NULL,
  id      BLOB    NOT NULL,
  author  BLOB    NOT NULL,
  seq     INTEGER NOT NULL,
  kind    TEXT    NOT NULL,
  time    INTEGER NOT NULL,
  raw     BLOB    NOT NULL,
  chain   BLOB    NOT NULL,
  invalid TEXT
);
CREATE INDEX entries_by_idp ON entries (idp);
CREATE INDEX entries_by_author ON entries (author, seq);

-- pending: verified entries whose prev or refs have not arrived yet.
CREATE TABLE pending (
  id  BLOB PRIMARY KEY,
  raw BLOB NOT NULL
) WITHOUT ROWID;

-- state_rows: the derived state, one row per core table row (tbl: genesis,
-- fork, rejected, member, vouch, admit, leave; see core/rows.go).
CREATE TABLE state_rows (
  tbl TEXT NOT NULL,
  key BLOB NOT NULL,
  val BLOB NOT NULL,
  PRIMARY KEY (tbl, key)
) WITHOUT ROWID;

-- outbox: this device's own entries, durable, not yet handed to sync.
CREATE TABLE outbox (
  id  BLOB PRIMARY KEY,
  idp INTEGER NOT NULL
) WITHOUT ROWID;
