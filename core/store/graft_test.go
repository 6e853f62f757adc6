package store_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
)

// TestPrevMustBeTheAuthorsOwn: an entry's prev names the previous entry of
// its author's chain. An entry that names another author's entry as its prev
// continues no chain of its author and must not be applied as if it did:
// otherwise a member who left can graft their next entry onto the chain of
// someone who never left, inherit that chain's state (its Leaves count, so
// its epoch) and act again on their old membership, with no fork recorded.
func TestPrevMustBeTheAuthorsOwn(t *testing.T) {
	w := world(t, 40, 10, 1)
	now := receiverNow(w)
	s := newStore(t, w)
	ingest(t, s, w.Entries, now)

	// A founder (a member of epoch 0 with no admission to cite) leaves.
	gone := w.Keys[1]
	if demo.Pub(gone) == w.Charter.Membership.Registrar {
		t.Fatal("the registrar is not expected to be founder 1")
	}
	if r, _ := w.State.MemberOf(demo.Pub(gone)); r.Active {
		leave := next(t, w.State, w.Node, gone, core.KindLeave, core.Leave{}, w.State.MembershipRefs(demo.Pub(gone)), now)
		if res := ingest(t, s, []*entry.Signed{leave}, now); len(res.Added) != 1 || res.Invalid != 0 {
			t.Fatalf("the founder's leave: %+v", res)
		}
	}
	var leaveEntry *entry.Signed
	{
		var head core.HeadRow
		s.View(func(st *core.State) { head, _ = st.Head(demo.Pub(gone)) })
		e, err := s.Entry(head.ID)
		if err != nil || e.Kind != core.KindLeave {
			t.Fatalf("the founder's last entry: %v (%v)", e, err)
		}
		leaveEntry = e
	}
	vouches := counts(s)["vouch"]

	// Their own next entry: a vouch, invalid since they left.
	own := chainAfter(t, leaveEntry, gone, core.KindVouch, core.Vouch{Applicant: demo.Pub(newKey(1))}, nil, now)
	if res := ingest(t, s, []*entry.Signed{own}, now); len(res.Added) != 1 || res.Invalid != 1 {
		t.Fatalf("a vouch by a founder who left: %+v, want 1 invalid", res)
	}

	// The graft: the same vouch, but its prev is the registrar's head (a
	// chain that never left), at the registrar's next seq.
	var reg core.HeadRow
	s.View(func(st *core.State) { reg, _ = st.Head(w.Charter.Membership.Registrar) })
	graft := signed(t, gone, entry.Entry{Seq: reg.Seq + 1, Prev: reg.ID, Time: max(now, reg.Time), Node: w.Node,
		Kind: core.KindVouch, Body: body(t, core.Vouch{Applicant: demo.Pub(newKey(2))})})
	res, err := s.Ingest([][]byte{graft.Raw}, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := counts(s)["vouch"]; got != vouches {
		t.Errorf("a vouch whose prev is another author's entry took effect: %d vouch rows, want %d (result %+v)", got, vouches, res)
	}
	if len(res.Added) == 1 && res.Invalid == 0 {
		t.Errorf("the grafted entry was added as a valid continuation of its author's chain")
	}
}
