// Package store is the only part of core that does I/O: it keeps a node's
// entries and derived state in SQLite (modernc.org/sqlite, pure Go) and drives
// the fold of package core over them.
//
// One database per node. WAL; this device's own entries commit with
// synchronous=FULL (they survive power loss, so a sequence number is never
// signed twice), entries from peers with synchronous=NORMAL (they survive a
// crash of the process; after a power loss the last batches may have to be
// fetched again from the peers that sent them, and the database stays
// consistent either way). An application_id marks the file as DAC's, and
// numbered migrations embedded from schema/ run in one transaction each and
// recorded in schema_version.
package store

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// ApplicationID marks a DAC database ("DAC1").
const ApplicationID = 0x44414331

//go:embed schema/*.sql
var schemaFS embed.FS

// Store is one node's database and its in-memory derived state.
type Store struct {
	db   *sql.DB
	path string

	mu      sync.Mutex // serialises writers and guards everything below
	node    ids.Hash
	st      *core.State
	heads   map[ids.PubKey]core.ChainState // the last applied entry per author
	waiting map[ids.Hash][]ids.Hash        // missing dependency -> pending entries
	pending map[ids.Hash]*entry.Signed     // decoded pending entries
	recent  *recentIDs                     // ids committed lately

	pendingBy    map[ids.PubKey]int // pending entries per author
	pendingBytes int                // wire bytes of the pending entries
	w            *writer            // the write in progress, if any (see ancestry.go)

	// The derived state is written to state_rows at checkpoints, not with
	// every batch: rewriting rows keyed by random ids costs more than
	// replaying the few entries stored since (see checkpoint.go).
	checkpointEvery int
	sinceCheckpoint int
}

// ErrNotDAC is returned for a file that is some other SQLite database.
var ErrNotDAC = errors.New("this file is not a DAC database")

// Open opens or creates the database at file and loads its state. A
// database whose derived state does not match its recorded hash is refused
// with ErrDamaged (see Repair).
func Open(file string, reg *core.Registry) (*Store, error) { return open(file, reg, true) }

func open(file string, reg *core.Registry, load bool) (*Store, error) {
	dsn := "file:" + file + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=cache_size(-16384)" +
		"&_pragma=wal_autocheckpoint(8192)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	db.SetMaxOpenConns(1) // one connection: a single writer, and reads see its writes
	s := &Store{db: db, path: file, st: core.New(reg), heads: map[ids.PubKey]core.ChainState{},
		waiting: map[ids.Hash][]ids.Hash{}, pending: map[ids.Hash]*entry.Signed{}, recent: newRecentIDs(1 << 17),
		pendingBy: map[ids.PubKey]int{}, checkpointEvery: DefaultCheckpointEvery}
	s.useAncestry(s.st)
	if err := s.init(load); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	return s, nil
}

func (s *Store) init(load bool) error {
	if err := migrate(s.db); err != nil {
		return err
	}
	if err := s.loadMeta(); err != nil || !load {
		return err
	}
	if err := s.loadState(); err != nil {
		return err
	}
	return s.loadPending()
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.Checkpoint()
	return errors.Join(err, s.db.Close())
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

func migrate(db *sql.DB) error {
	var app int64
	if err := db.QueryRow(`PRAGMA application_id`).Scan(&app); err != nil {
		return err
	}
	if app != 0 && app != ApplicationID {
		return ErrNotDAC
	}
	if app == 0 {
		if err := checkEmpty(db); err != nil {
			return err
		}
	}
	names, err := fs.Glob(schemaFS, "schema/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	have := schemaVersion(db)
	if have > len(names) {
		return fmt.Errorf("the database is of schema %d, newer than this program (%d): update DAC", have, len(names))
	}
	for i := have; i < len(names); i++ {
		if err := runMigration(db, i+1, names[i]); err != nil {
			return fmt.Errorf("migration %s: %w", path.Base(names[i]), err)
		}
	}
	return nil
}

func checkEmpty(db *sql.DB) error {
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return ErrNotDAC
	}
	return nil
}

func schemaVersion(db *sql.DB) int {
	var v int
	if db.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&v) != nil {
		return 0 // no table yet
	}
	return v
}

func runMigration(db *sql.DB, version int, name string) error {
	script, err := schemaFS.ReadFile(name)
	if err != nil {
		return err
	}
	num, _ := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
	if num != version {
		return fmt.Errorf("expected migration %04d, found %s", version, name)
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)`,
		string(script),
		fmt.Sprintf(`INSERT INTO schema_version(version) VALUES (%d)`, version),
		fmt.Sprintf(`PRAGMA application_id = %d`, ApplicationID),
	}
	for _, q := range stmts {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	return tx.Commit()
}
