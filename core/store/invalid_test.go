package store_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// TestInvalidEntriesAreKeptWithNoEffect: an entry that is signed and well
// formed but breaks a rule of the node is stored in its author's chain and
// changes nothing else.
func TestInvalidEntriesAreKeptWithNoEffect(t *testing.T) {
	w := world(t, 40, 10, 1)
	now := receiverNow(w)
	s := newStore(t, w)
	ingest(t, s, w.Entries, now)
	before := counts(s)
	beforeStats := stats(t, s)

	stranger := newKey(1)
	who := demo.Pub(stranger)
	v1 := signed(t, stranger, entry.Entry{Seq: 1, Time: now - 1000, Node: w.Node, Kind: core.KindVouch,
		Body: body(t, core.Vouch{Applicant: demo.Pub(newKey(2))})})
	res := ingest(t, s, []*entry.Signed{v1}, now)
	if res.Invalid != 1 || len(res.Added) != 1 || res.Added[0] != v1.ID {
		t.Fatalf("a stranger's vouch: %d invalid, added %v; want 1 invalid, added", res.Invalid, res.Added)
	}
	after := counts(s)
	if after["vouch"] != before["vouch"] {
		t.Errorf("vouches %d -> %d: an invalid vouch had an effect", before["vouch"], after["vouch"])
	}
	if after["rejected"] != before["rejected"]+1 {
		t.Errorf("rejected rows %d -> %d, want +1", before["rejected"], after["rejected"])
	}
	for _, tbl := range []string{"member", "admit", "leave", "fork", "genesis"} {
		if after[tbl] != before[tbl] {
			t.Errorf("table %s: %d -> %d", tbl, before[tbl], after[tbl])
		}
	}
	var head core.HeadRow
	var headOK bool
	s.View(func(st *core.State) { head, headOK = st.Head(who) })
	if !headOK || head.ID != v1.ID || head.Seq != 1 {
		t.Errorf("the stranger's head is %+v (%v), want their invalid entry", head, headOK)
	}
	st := stats(t, s)
	if st.Invalid != 1 || st.Entries != beforeStats.Entries+1 || st.Members != beforeStats.Members {
		t.Errorf("stats %+v (before %+v)", st, beforeStats)
	}

	rows, err := s.Log(store.LogQuery{Author: &who})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != v1.ID || rows[0].Invalid == "" || rows[0].Kind != core.KindVouch {
		t.Fatalf("log of the stranger: %+v", rows)
	}
	t.Logf("invalid reason: %s", rows[0].Invalid)

	// The next entry of that author chains after the invalid one (and is
	// invalid again, but stored: it is not a broken chain).
	v2 := chainAfter(t, v1, stranger, core.KindLeave, core.Leave{}, nil, now)
	res = ingest(t, s, []*entry.Signed{v2}, now)
	if len(res.Added) != 1 || res.Invalid != 1 || res.Pending != 0 {
		t.Fatalf("the stranger's second entry: %+v", res)
	}
	// An entry skipping a position is parked, not refused.
	v4 := signed(t, stranger, entry.Entry{Seq: 4, Prev: ids.Sum("x", nil), Time: now, Node: w.Node,
		Kind: core.KindLeave, Body: body(t, core.Leave{})})
	if res := ingest(t, s, []*entry.Signed{v4}, now); res.Pending != 1 || len(res.Added) != 0 {
		t.Errorf("an entry whose prev is unknown: %+v", res)
	}
	// One going back in time from its prev is refused outright.
	back := chainAfter(t, v2, stranger, core.KindLeave, core.Leave{}, nil, 0)
	back = signed(t, stranger, entry.Entry{Seq: back.Seq, Prev: back.Prev, Time: v2.Time - 1, Node: w.Node,
		Kind: core.KindLeave, Body: body(t, core.Leave{})})
	res, err = s.Ingest([][]byte{back.Raw}, now)
	if err != nil || len(res.Rejected) != 1 || !isRejectOf(res.Rejected[0].Err, entry.ErrBrokenChain) || len(res.Added) != 0 {
		t.Errorf("an entry dated before its prev: %+v, %v", res, err)
	}
	if _, err := s.Entry(back.ID); err == nil {
		t.Errorf("a broken-chain entry was stored")
	}

	// A member's vouch for themselves is invalid too; their next valid
	// entry still counts.
	m := activeMember(t, w)
	self := vouchBy(t, w, m, demo.Pub(m), now)
	good := chainAfter(t, self, m, core.KindVouch, core.Vouch{Applicant: demo.Pub(newKey(3))},
		w.State.MembershipRefs(demo.Pub(m)), now)
	res = ingest(t, s, []*entry.Signed{good, self}, now)
	if len(res.Added) != 2 || res.Invalid != 1 {
		t.Fatalf("self-vouch then a good vouch: %+v", res)
	}
	if got := counts(s)["vouch"]; got != before["vouch"]+1 {
		t.Errorf("vouches %d, want %d", got, before["vouch"]+1)
	}

	// The verdicts survive a rebuild and a reopen.
	rep, err := s.Rebuild(false, nil)
	if err != nil || !rep.Match() || rep.Invalid != 3 {
		t.Errorf("Rebuild: %+v, %v (want 3 invalid)", rep, err)
	}
	want := stats(t, s)
	path := s.Path()
	s.Close()
	s = openAt(t, path)
	if got := stats(t, s); got != want {
		t.Errorf("reopened: %+v, want %+v", got, want)
	}
}
