package store_test

import (
	"crypto/ed25519"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

const t0 = demo.DefaultStart

// founded creates a store at path for a new one-founder node (k = 1) whose
// founder and registrar is founderKey(seed).
func founded(t testing.TB, path string, seed int64) (*store.Store, *entry.Signed) {
	t.Helper()
	k := founderKey(seed)
	ch := demo.Charter(demo.Pub(k))
	ch.Membership.VouchesRequired = 1
	g, err := core.BuildGenesis(ch, []ed25519.PrivateKey{k}, t0)
	if err != nil {
		t.Fatal(err)
	}
	s := openAt(t, path)
	if err := s.Found(g); err != nil {
		t.Fatalf("Found: %v", err)
	}
	return s, g
}

func founderKey(seed int64) ed25519.PrivateKey { return demo.Key(seed, 0) }

func vouchFor(t testing.TB, who ids.PubKey) entry.Entry {
	return entry.Entry{Kind: core.KindVouch, Body: body(t, core.Vouch{Applicant: who})}
}

func outboxIDs(t testing.TB, s *store.Store) []ids.Hash {
	t.Helper()
	raws, err := s.Outbox()
	if err != nil {
		t.Fatalf("Outbox: %v", err)
	}
	out := make([]ids.Hash, len(raws))
	for i, raw := range raws {
		e, err := entry.DecodeVerified(raw)
		if err != nil {
			t.Fatalf("outbox entry %d: %v", i, err)
		}
		out[i] = e.ID
	}
	return out
}

func TestAppendOwn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "node.db")
	s, g := founded(t, path, 1)
	k := founderKey(1)
	if s.Node() != g.ID {
		t.Fatalf("node %s, want the genesis %s", s.Node().Short(), g.ID.Short())
	}
	if st := stats(t, s); st.Entries != 1 || st.Members != 1 {
		t.Fatalf("after Found: %+v", st)
	}
	if got := outboxIDs(t, s); !slices.Equal(got, []ids.Hash{g.ID}) {
		t.Fatalf("outbox after Found: %v, want the genesis", got)
	}

	// Own entries: seq +1 each, chained, in the outbox, in order.
	prev := g
	want := []ids.Hash{g.ID}
	var applicant ids.PubKey
	var vouch *entry.Signed
	for i := range 4 {
		applicant = demo.Pub(newKey(i))
		now := t0 + int64(i+1)*60_000
		e, err := s.AppendOwn(k, vouchFor(t, applicant), now)
		if err != nil {
			t.Fatalf("AppendOwn %d: %v", i, err)
		}
		if e.Seq != prev.Seq+1 || e.Prev != prev.ID || e.Node != g.ID || e.Author != demo.Pub(k) || e.Time != now {
			t.Fatalf("AppendOwn %d: seq %d prev %s node %s time %d; want seq %d after %s", i, e.Seq, e.Prev.Short(),
				e.Node.Short(), e.Time, prev.Seq+1, prev.ID.Short())
		}
		if err := e.Verify(); err != nil {
			t.Fatal(err)
		}
		if stored, err := s.Entry(e.ID); err != nil || string(stored.Raw) != string(e.Raw) {
			t.Fatalf("the appended entry is not stored as returned: %v", err)
		}
		want = append(want, e.ID)
		if got := outboxIDs(t, s); !slices.Equal(got, want) {
			t.Fatalf("outbox after %d appends: %d entries, want %d", i+1, len(got), len(want))
		}
		prev, vouch = e, e
	}
	if got := counts(s)["vouch"]; got != 4 {
		t.Errorf("%d vouch rows, want 4", got)
	}

	// MarkSent takes entries out, and only those.
	if err := s.MarkSent(want[0], want[2]); err != nil {
		t.Fatal(err)
	}
	want = []ids.Hash{want[1], want[3], want[4]}
	if got := outboxIDs(t, s); !slices.Equal(got, want) {
		t.Fatalf("outbox after MarkSent: %v, want %v", got, want)
	}
	if err := s.MarkSent(want[0], want[0], ids.Hash{9}); err != nil {
		t.Fatalf("MarkSent of a sent or unknown id: %v", err)
	}
	want = want[1:]

	// A clock that went back does not make the chain go back.
	e, err := s.AppendOwn(k, vouchFor(t, demo.Pub(newKey(9))), t0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Time != prev.Time || e.Seq != prev.Seq+1 {
		t.Errorf("clock going back: time %d seq %d, want %d and %d", e.Time, e.Seq, prev.Time, prev.Seq+1)
	}
	prev = e
	want = append(want, e.ID)

	// An admission on the strength of the last vouch is valid.
	admit, err := s.AppendOwn(k, entry.Entry{Kind: core.KindAdmit, Body: body(t, core.Admit{Applicant: applicant}),
		Refs: []ids.Hash{vouch.ID}}, prev.Time+1000)
	if err != nil {
		t.Fatalf("a valid admit: %v", err)
	}
	if admit.Seq != prev.Seq+1 || stats(t, s).Members != 2 {
		t.Errorf("admit: seq %d, %d members", admit.Seq, stats(t, s).Members)
	}
	prev = admit
	want = append(want, admit.ID)

	// Entries that would be invalid are refused and leave no trace.
	before := stats(t, s)
	stranger := newKey(50)
	invalid := []struct {
		name string
		key  ed25519.PrivateKey
		e    entry.Entry
	}{
		{"an admit lacking vouches", k, entry.Entry{Kind: core.KindAdmit, Body: body(t, core.Admit{Applicant: demo.Pub(newKey(51))})}},
		{"an admit citing a vouch for someone else", k, entry.Entry{Kind: core.KindAdmit,
			Body: body(t, core.Admit{Applicant: demo.Pub(newKey(52))}), Refs: []ids.Hash{vouch.ID}}},
		{"admitting the founder", k, entry.Entry{Kind: core.KindAdmit, Body: body(t, core.Admit{Applicant: demo.Pub(k)})}},
		{"a vouch for oneself", k, vouchFor(t, demo.Pub(k))},
		{"a leave by a non-member", stranger, entry.Entry{Kind: core.KindLeave, Body: body(t, core.Leave{})}},
		{"a vouch by a non-member", stranger, vouchFor(t, demo.Pub(newKey(53)))},
		{"a body of the wrong shape", k, entry.Entry{Kind: core.KindVouch, Body: body(t, "hello")}},
	}
	for _, tc := range invalid {
		e, err := s.AppendOwn(tc.key, tc.e, prev.Time+1000)
		if !isRejectOf(err, entry.ErrInvalid) {
			t.Errorf("%s: AppendOwn gave %v, want an error matching entry.ErrInvalid", tc.name, err)
		}
		if e != nil {
			if _, err := s.Entry(e.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: stored (%v)", tc.name, err)
			}
		}
	}
	if e, err := s.AppendOwn(k, entry.Entry{Kind: "teleport", Body: body(t, 1)}, prev.Time); err == nil {
		t.Errorf("an entry of an unknown kind was appended: seq %d", e.Seq)
	}
	if st := stats(t, s); st != before {
		t.Errorf("refused appends changed the stats: %+v, was %+v", st, before)
	}
	if got := outboxIDs(t, s); !slices.Equal(got, want) {
		t.Errorf("refused appends changed the outbox: %d entries, want %d", len(got), len(want))
	}

	// ...and do not use up a sequence number.
	e, err = s.AppendOwn(k, vouchFor(t, demo.Pub(newKey(60))), prev.Time+2000)
	if err != nil || e.Seq != prev.Seq+1 || e.Prev != prev.ID {
		t.Fatalf("after refusals: %v, seq %d (want %d)", err, e.Seq, prev.Seq+1)
	}
	want = append(want, e.ID)

	// All of it persists.
	wantStats := stats(t, s)
	s.Close()
	s = openAt(t, path)
	if st := stats(t, s); st != wantStats {
		t.Errorf("reopened: %+v, want %+v", st, wantStats)
	}
	if got := outboxIDs(t, s); !slices.Equal(got, want) {
		t.Errorf("reopened outbox: %d entries, want %d", len(got), len(want))
	}
	e2, err := s.AppendOwn(k, vouchFor(t, demo.Pub(newKey(61))), e.Time)
	if err != nil || e2.Seq != e.Seq+1 || e2.Prev != e.ID {
		t.Errorf("append after reopen: %v, seq %d, want %d", err, e2.Seq, e.Seq+1)
	}
	rep, err := s.Rebuild(false, nil)
	if err != nil || !rep.Match() {
		t.Errorf("Rebuild: %+v %v", rep, err)
	}
}

func TestAppendOwnNeedsANode(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "node.db"))
	_, err := s.AppendOwn(founderKey(1), vouchFor(t, demo.Pub(newKey(1))), t0)
	if !errors.Is(err, store.ErrNoNode) {
		t.Errorf("AppendOwn without a node: %v, want ErrNoNode", err)
	}
	if st := stats(t, s); st.Entries != 0 {
		t.Errorf("%d entries stored", st.Entries)
	}
}

func TestFound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "node.db")
	s, g := founded(t, path, 2)
	if err := s.Found(g); err == nil {
		t.Error("founding the same node twice succeeded")
	}
	other := world(t, 3, 0, 3).Entries[0]
	if err := s.Found(other); err == nil {
		t.Error("founding a second node in one database succeeded")
	}
	if err := s.SetNode(other.ID); err == nil {
		t.Error("SetNode to another node succeeded")
	}
	if st := stats(t, s); st.Entries != 1 || len(outboxIDs(t, s)) != 1 || s.Node() != g.ID {
		t.Errorf("after refused foundings: %+v, node %s", st, s.Node().Short())
	}

	// A genesis with a broken founder signature is refused before anything is written.
	bad := *g
	bad.Sig = slices.Clone(g.Sig)
	bad.Sig[0] ^= 1
	s2 := openAt(t, filepath.Join(t.TempDir(), "node.db"))
	if err := s2.Found(&bad); !isRejectOf(err, entry.ErrBadSignature) {
		t.Errorf("Found with a bad signature: %v", err)
	}
	if !s2.Node().IsZero() {
		t.Errorf("a refused genesis set the node")
	}
}

// TestFoundRefusesABadGenesis: a genesis that is signed but breaks the rules
// (here an invalid charter) is refused, and the database is left free to
// found a proper node.
func TestFoundRefusesABadGenesis(t *testing.T) {
	k := founderKey(4)
	ch := demo.Charter(demo.Pub(k))
	ch.Membership.VouchesRequired = 0 // invalid: must be 1 to 16
	bad, err := core.BuildGenesis(ch, []ed25519.PrivateKey{k}, t0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "node.db")
	s := openAt(t, path)
	if err := s.Found(bad); !isRejectOf(err, entry.ErrMalformed) {
		t.Errorf("Found with an invalid charter: %v, want a malformed genesis", err)
	}
	if st := stats(t, s); st.Entries != 0 || len(outboxIDs(t, s)) != 0 {
		t.Errorf("a refused genesis left %d entries, %d in the outbox", st.Entries, len(outboxIDs(t, s)))
	}
	if !s.Node().IsZero() {
		t.Errorf("a refused genesis bound the database to node %s", s.Node().Short())
	}
	s.Close()
	s, g := founded(t, path, 5) // fails the test if the database is stuck
	if s.Node() != g.ID {
		t.Errorf("node %s, want %s", s.Node().Short(), g.ID.Short())
	}
}
