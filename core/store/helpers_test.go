package store_test

import (
	"crypto/ed25519"
	"database/sql"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// world generates a demo node or fails the test.
func world(t testing.TB, members, days int, seed int64) *demo.World {
	t.Helper()
	w, err := demo.Generate(demo.Config{Members: members, Days: days, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// receiverNow is the receiving device's clock: a minute after the last entry.
func receiverNow(w *demo.World) int64 { return w.Clock() + 60_000 }

// openAt opens (or creates) the store at path, closing it when the test ends.
// Closing twice is harmless, so a test may also close it itself.
func openAt(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path, core.DefaultRegistry())
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newStore creates a fresh store for w's node in a new temporary directory.
func newStore(t testing.TB, w *demo.World) *store.Store {
	t.Helper()
	s := openAt(t, filepath.Join(t.TempDir(), "node.db"))
	if err := s.SetNode(w.Node); err != nil {
		t.Fatal(err)
	}
	return s
}

func rawsOf(es []*entry.Signed) [][]byte {
	out := make([][]byte, len(es))
	for i, e := range es {
		out[i] = e.Raw
	}
	return out
}

// ingest offers a batch and fails the test on an error or any rejection.
func ingest(t testing.TB, s *store.Store, es []*entry.Signed, now int64) store.Result {
	t.Helper()
	res, err := s.Ingest(rawsOf(es), now)
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	for _, r := range res.Rejected {
		t.Errorf("rejected entry at index %d: %v", r.Index, r.Err)
	}
	if len(res.Rejected) > 0 {
		t.FailNow()
	}
	return res
}

func stats(t testing.TB, s *store.Store) store.Stats {
	t.Helper()
	st, err := s.Stats()
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func counts(s *store.Store) map[string]int {
	var c map[string]int
	s.View(func(st *core.State) { c = st.Counts() })
	return c
}

// newKey is a key nobody in a demo world has.
func newKey(i int) ed25519.PrivateKey { return demo.Key(-7, i) }

// signed builds and signs an entry, failing the test on an error.
func signed(t testing.TB, k ed25519.PrivateKey, e entry.Entry) *entry.Signed {
	t.Helper()
	e.Author = demo.Pub(k)
	s, err := entry.Sign(e, k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func body(t testing.TB, v any) entry.RawBody {
	t.Helper()
	b, err := entry.EncodeBody(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// next builds an entry by k that follows k's head in st (seq, prev, a time
// not before the head's), without applying it anywhere.
func next(t testing.TB, st *core.State, node ids.Hash, k ed25519.PrivateKey, kind string, b any, refs []ids.Hash, time int64) *entry.Signed {
	t.Helper()
	e := entry.Entry{Seq: 1, Time: time, Node: node, Kind: kind, Refs: refs, Body: body(t, b)}
	if h, ok := st.Head(demo.Pub(k)); ok {
		e.Seq, e.Prev, e.Time = h.Seq+1, h.ID, max(time, h.Time)
	}
	return signed(t, k, e)
}

// activeMember is an active member of w who is not the registrar.
func activeMember(t testing.TB, w *demo.World) ed25519.PrivateKey {
	t.Helper()
	for _, k := range w.Keys {
		r, ok := w.State.MemberOf(demo.Pub(k))
		if ok && r.Active && demo.Pub(k) != w.Charter.Membership.Registrar {
			return k
		}
	}
	t.Fatal("the demo world has no active member besides the registrar")
	return nil
}

// vouchBy builds a valid vouch by member k (of w) for applicant, at the
// position following k's head in w.State, dated time.
func vouchBy(t testing.TB, w *demo.World, k ed25519.PrivateKey, applicant ids.PubKey, time int64) *entry.Signed {
	t.Helper()
	return next(t, w.State, w.Node, k, core.KindVouch, core.Vouch{Applicant: applicant},
		w.State.MembershipRefs(demo.Pub(k)), time)
}

// shuffled returns a random permutation of es.
func shuffled(es []*entry.Signed, rng *rand.Rand) []*entry.Signed {
	out := append([]*entry.Signed(nil), es...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// rawDB opens the database file directly, bypassing the store.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func execSQL(t testing.TB, db *sql.DB, q string, args ...any) sql.Result {
	t.Helper()
	r, err := db.Exec(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return r
}

func isRejectOf(err error, want error) bool {
	var re *entry.RejectError
	return errors.As(err, &re) && errors.Is(err, want)
}

// Short names for the guard tests.
type coreState = core.State

func demoKey(i int) ids.PubKey                { return demo.Pub(newKey(100 + i)) }
func demoPub(k ed25519.PrivateKey) ids.PubKey { return demo.Pub(k) }

func logByAuthor(author ids.PubKey) store.LogQuery {
	return store.LogQuery{Author: &author, Limit: 100}
}
