package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dac/core"
	"dac/core/store"
)

func TestOpenCreatesSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "node.db")
	s := openAt(t, path)
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	if !s.Node().IsZero() {
		t.Errorf("a new store holds node %s", s.Node().Short())
	}
	if st := stats(t, s); st.Entries != 0 || st.Pending != 0 || st.Members != 0 {
		t.Errorf("a new store has stats %+v", st)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	db := rawDB(t, path)
	var app int64
	if err := db.QueryRow(`PRAGMA application_id`).Scan(&app); err != nil {
		t.Fatal(err)
	}
	if app != 0x44414331 {
		t.Errorf("application_id = %#x, want 0x44414331", app)
	}
	var versions []int
	rows, err := db.Query(`SELECT version FROM schema_version ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	rows.Close()
	if len(versions) != 1 || versions[0] != 1 {
		t.Errorf("schema_version holds %v, want [1]", versions)
	}
	for _, tbl := range []string{"meta", "entries", "pending", "state_rows", "outbox", "schema_version"} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, tbl).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: count %d, err %v", tbl, n, err)
		}
	}
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	db.Close()

	// Reopening runs no migration twice and keeps the node.
	w := world(t, 5, 0, 1)
	s = openAt(t, path)
	if err := s.SetNode(w.Node); err != nil {
		t.Fatal(err)
	}
	ingest(t, s, w.Entries, receiverNow(w))
	s.Close()
	for range 2 {
		s = openAt(t, path)
		if s.Node() != w.Node {
			t.Errorf("reopened store holds node %s, want %s", s.Node().Short(), w.Node.Short())
		}
		if st := stats(t, s); st.StateHash != w.State.Hash() || st.Entries != len(w.Entries) {
			t.Errorf("reopened store: %+v", st)
		}
		s.Close()
	}
	db = rawDB(t, path)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM schema_version`).Scan(&n); err != nil || n != 1 {
		t.Errorf("after reopening, schema_version has %d rows (%v), want 1", n, err)
	}
}

func TestOpenRefusesOtherDatabases(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
		want  error  // nil: any error
		msg   string // a fragment of the error message
	}{
		{
			name: "another application's tables",
			setup: func(t *testing.T, path string) {
				execSQL(t, rawDB(t, path), `CREATE TABLE contacts (name TEXT, phone TEXT)`)
			},
			want: store.ErrNotDAC,
		},
		{
			name: "another application id",
			setup: func(t *testing.T, path string) {
				execSQL(t, rawDB(t, path), `PRAGMA application_id = 1234`)
			},
			want: store.ErrNotDAC,
		},
		{
			name: "a newer DAC schema",
			setup: func(t *testing.T, path string) {
				s := openAt(t, path)
				s.Close()
				execSQL(t, rawDB(t, path), `INSERT INTO schema_version(version) VALUES (2)`)
			},
			msg: "newer than this program",
		},
		{
			name: "not SQLite at all",
			setup: func(t *testing.T, path string) {
				if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 300)), 0o600); err != nil {
					t.Fatal(err)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			tc.setup(t, path)
			s, err := store.Open(path, core.DefaultRegistry())
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("Open: %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Open: %q does not mention %q", err, tc.msg)
			}
		})
	}

	// Refusing must leave the other database as it was.
	path := filepath.Join(t.TempDir(), "other.db")
	db := rawDB(t, path)
	execSQL(t, db, `CREATE TABLE contacts (name TEXT)`)
	execSQL(t, db, `INSERT INTO contacts VALUES ('ada')`)
	db.Close()
	if _, err := store.Open(path, core.DefaultRegistry()); !errors.Is(err, store.ErrNotDAC) {
		t.Fatalf("Open: %v, want ErrNotDAC", err)
	}
	db = rawDB(t, path)
	var app, n int64
	if err := db.QueryRow(`PRAGMA application_id`).Scan(&app); err != nil || app != 0 {
		t.Errorf("application_id of the other database became %#x (%v)", app, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the other database now has %d schema objects (%v), want 1", n, err)
	}
}

// TestOpenDetectsDamage edits the persisted derived state behind the store's
// back; Open must notice and point to `dac rebuild`.
func TestOpenDetectsDamage(t *testing.T) {
	w := world(t, 20, 5, 3)
	tests := []struct {
		name   string
		damage string
	}{
		{"a vouch given another vouch's value", swapVal("vouch")},
		{"a member given another member's value", swapVal("member")},
		{"a value that does not decode", `UPDATE state_rows SET val = x'ff00ff' WHERE tbl = 'member' AND key = (SELECT min(key) FROM state_rows WHERE tbl = 'member')`},
		{"a row deleted", `DELETE FROM state_rows WHERE tbl = 'admit' AND key = (SELECT min(key) FROM state_rows WHERE tbl = 'admit')`},
		{"a row added", `INSERT INTO state_rows(tbl, key, val) SELECT tbl, x'00' || key, val FROM state_rows WHERE tbl = 'vouch' LIMIT 1`},
		{"a row of an unknown table", `INSERT INTO state_rows(tbl, key, val) VALUES ('bogus', x'01', x'a0')`},
		{"the recorded hash changed", `UPDATE meta SET val = zeroblob(32) WHERE key = 'state_hash'`},
		{"the stored accumulator changed", `UPDATE meta SET val = zeroblob(2048) WHERE key = 'state_lt'`},
		{"the stored accumulator cut short", `UPDATE meta SET val = zeroblob(16) WHERE key = 'state_lt'`},
		{"the rows' checksum changed", `UPDATE meta SET val = zeroblob(32) WHERE key = 'state_sum'`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t, w)
			ingest(t, s, w.Entries, receiverNow(w))
			path := s.Path()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			db := rawDB(t, path)
			if r := execSQL(t, db, tc.damage); mustAffected(t, r) != 1 {
				t.Fatalf("the damage changed %d rows, want 1", mustAffected(t, r))
			}
			db.Close()

			s2, err := store.Open(path, core.DefaultRegistry())
			if err == nil {
				s2.Close()
				t.Fatal("Open of a damaged store succeeded")
			}
			if !errors.Is(err, store.ErrDamaged) {
				t.Errorf("Open: %v, want ErrDamaged", err)
			}
			// Open refuses the file, so the store offers no way to call
			// Rebuild on it: the message must send people to the CLI.
			if !strings.Contains(err.Error(), "dac rebuild") {
				t.Errorf("Open: %q does not mention `dac rebuild`", err)
			}
		})
	}
}

// swapVal gives one row of tbl the (different, valid) value of another.
func swapVal(tbl string) string {
	return `UPDATE state_rows SET val = (SELECT o.val FROM state_rows o WHERE o.tbl = '` + tbl + `' AND o.val <> state_rows.val LIMIT 1)
		WHERE tbl = '` + tbl + `' AND key = (SELECT min(key) FROM state_rows WHERE tbl = '` + tbl + `')`
}

func mustAffected(t testing.TB, r interface{ RowsAffected() (int64, error) }) int64 {
	t.Helper()
	n, err := r.RowsAffected()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A database written before checkpoints kept the LtHash accumulator and the
// rows' checksum opens by expanding every row, to the same state; its next
// checkpoint stores them.
func TestOpenWithoutAStoredAccumulator(t *testing.T) {
	w := world(t, 20, 5, 3)
	s := newStore(t, w)
	ingest(t, s, w.Entries, receiverNow(w))
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	if r := execSQL(t, db, `DELETE FROM meta WHERE key IN ('state_lt', 'state_sum')`); mustAffected(t, r) != 2 {
		t.Fatalf("deleted %d meta rows, want 2", mustAffected(t, r))
	}
	db.Close()
	s2 := openAt(t, path)
	st, err := s2.Stats()
	if err != nil || st.StateHash != w.State.Hash() {
		t.Fatalf("state %s (%v), want %s", st.StateHash.Short(), err, w.State.Hash().Short())
	}
}
