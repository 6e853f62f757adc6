// Package sqlds is a go-datastore Batching on SQLite (modernc.org/sqlite):
// the store under the CRDT replica. Keys live in one WITHOUT ROWID table,
// compared bytewise, always passed as parameters (never spliced into SQL
// text, which is what breaks go-ds-sql on keys with a quote); a batch is one
// transaction, so it lands whole or not at all.
package sqlds

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	ds "github.com/ipfs/go-datastore"
	"github.com/ipfs/go-datastore/query"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// Datastore is a go-datastore on one SQLite file.
type Datastore struct {
	db *sql.DB
	// prepared once: a hub serving catch-up reads blocks by the hundred
	// thousand, and parsing the query each time was a tenth of it
	get, has, size *sql.Stmt
}

var (
	_ ds.Datastore = (*Datastore)(nil)
	_ ds.Batching  = (*Datastore)(nil)
)

// Open opens or creates the datastore in file.
func Open(file string) (*Datastore, error) {
	// A 32 MiB page cache and memory-mapped reads: a hub serving catch-up
	// reads a block per row, and a catching-up replica writes them by the
	// thousand; with the defaults (2 MiB, a pread per page) both wait on
	// system calls.
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"+
		"&_pragma=busy_timeout(10000)&_pragma=cache_size(-32768)&_pragma=mmap_size(268435456)"+
		"&_pragma=wal_autocheckpoint(8192)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer; readers wait their turn, results are materialized
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID`); err != nil {
		db.Close()
		return nil, fmt.Errorf("datastore %s: %w", file, err)
	}
	d := &Datastore{db: db}
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{{&d.get, `SELECT v FROM kv WHERE k = ?`}, {&d.has, `SELECT 1 FROM kv WHERE k = ?`}, {&d.size, `SELECT length(v) FROM kv WHERE k = ?`}} {
		if *p.st, err = db.Prepare(p.q); err != nil {
			db.Close()
			return nil, fmt.Errorf("datastore %s: %w", file, err)
		}
	}
	return d, nil
}

// Get returns the value of key, or ds.ErrNotFound.
func (d *Datastore) Get(ctx context.Context, key ds.Key) ([]byte, error) {
	var v []byte
	err := d.get.QueryRowContext(ctx, key.String()).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ds.ErrNotFound
	}
	return v, err
}

// Has reports whether key is set.
func (d *Datastore) Has(ctx context.Context, key ds.Key) (bool, error) {
	var one int
	err := d.has.QueryRowContext(ctx, key.String()).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// GetSize returns the size of key's value, or ds.ErrNotFound.
func (d *Datastore) GetSize(ctx context.Context, key ds.Key) (int, error) {
	var n int
	err := d.size.QueryRowContext(ctx, key.String()).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return -1, ds.ErrNotFound
	}
	return n, err
}

const upsert = `INSERT INTO kv(k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`

// Put sets key to value.
func (d *Datastore) Put(ctx context.Context, key ds.Key, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	_, err := d.db.ExecContext(ctx, upsert, key.String(), value)
	return err
}

// Delete removes key (no error if it was not set).
func (d *Datastore) Delete(ctx context.Context, key ds.Key) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM kv WHERE k = ?`, key.String())
	return err
}

// Query returns the entries under q.Prefix, then applies go-datastore's
// own filters, orders, offset and limit. Results are read into memory
// first, so no cursor holds the one connection while the caller works.
func (d *Datastore) Query(ctx context.Context, q query.Query) (query.Results, error) {
	lo, hi, all := prefixRange(q.Prefix)
	sqlq := `SELECT k, v FROM kv WHERE (? OR (k >= ? AND k < ?)) ORDER BY k`
	rows, err := d.db.QueryContext(ctx, sqlq, all, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []query.Entry
	for rows.Next() {
		var e query.Entry
		if err := rows.Scan(&e.Key, &e.Value); err != nil {
			return nil, err
		}
		e.Size = len(e.Value)
		if q.KeysOnly {
			e.Value = nil
		}
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The range above already selected the prefix's children; applying q
	// whole again is harmless and keeps the results reporting q itself.
	return query.NaiveQueryApply(q, query.ResultsWithEntries(q, es)), nil
}

// prefixRange turns a query prefix into the key range of its children:
// "/a" covers "/a/…" (from "/a/" up to, not including, "/a0"; '0' follows
// '/' in byte order) but not "/ab" nor "/a" itself.
func prefixRange(prefix string) (lo, hi string, all bool) {
	p := ds.NewKey(prefix).String()
	if p == "/" {
		return "", "", true
	}
	return p + "/", p + "0", false
}

// Sync makes everything written so far durable (a WAL checkpoint).
func (d *Datastore) Sync(ctx context.Context, _ ds.Key) error {
	_, err := d.db.ExecContext(ctx, `PRAGMA wal_checkpoint(FULL)`)
	return err
}

// Close closes the file.
func (d *Datastore) Close() error {
	for _, st := range []*sql.Stmt{d.get, d.has, d.size} {
		st.Close()
	}
	return d.db.Close()
}

// Batch starts a batch: its puts and deletes land in one transaction.
func (d *Datastore) Batch(_ context.Context) (ds.Batch, error) { return &batch{d: d}, nil }

type op struct {
	key    string
	value  []byte
	delete bool
}

type batch struct {
	d   *Datastore
	ops []op
}

func (b *batch) Put(_ context.Context, key ds.Key, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	b.ops = append(b.ops, op{key: key.String(), value: value})
	return nil
}

func (b *batch) Delete(_ context.Context, key ds.Key) error {
	b.ops = append(b.ops, op{key: key.String(), delete: true})
	return nil
}

// Commit applies the batch in order, in one transaction.
func (b *batch) Commit(ctx context.Context) error {
	tx, err := b.d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	put, err := tx.PrepareContext(ctx, upsert)
	if err != nil {
		return err
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM kv WHERE k = ?`)
	if err != nil {
		return err
	}
	for _, o := range b.ops {
		if o.delete {
			_, err = del.ExecContext(ctx, o.key)
		} else {
			_, err = put.ExecContext(ctx, o.key, o.value)
		}
		if err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	b.ops = nil
	return nil
}
