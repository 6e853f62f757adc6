package core_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

// officeWorld: 5 founders; offices "audit" (oversight) and "treasury"
// (executive), one seat each, 10-day terms, at most 2 consecutive terms
// then 1 off.
func officeWorld(t *testing.T) *demo.World {
	t.Helper()
	c := demo.Charter(demo.Pub(demo.Key(73, 0)))
	c.Governance.Offices = []charter.Office{
		{Name: "audit", Branch: "oversight", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1},
		{Name: "treasury", Branch: "executive", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1},
	}
	w, err := demo.Generate(demo.Config{Members: 5, Days: 0, Seed: 73, Charter: &c})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func secretOf(k int, office string, term uint32) ids.Hash {
	return ids.Sum("test/secret", []byte{byte(k), byte(term)}, []byte(office))
}

func termStart(w *demo.World, term uint32) int64 {
	return w.Entries[0].Time + int64(term)*10*dayMs
}

// moveTo advances the world's clock to at least t.
func moveTo(w *demo.World, t int64) {
	if w.Clock() < t {
		w.Advance(t - w.Clock())
	}
}

func volunteer(t *testing.T, w *demo.World, k int, office string, term uint32) (*entry.Signed, error) {
	t.Helper()
	key := w.Keys[k]
	body := core.OfficeVolunteer{Office: office, Term: term, Commit: core.Commitment(secretOf(k, office, term))}
	e, _, err := w.Sign(key, core.KindOfficeVolunteer, body, w.State.MembershipRefs(demo.Pub(key)))
	if err != nil {
		t.Fatal(err)
	}
	return e, w.Offer(e)
}

func reveal(t *testing.T, w *demo.World, k int, v *entry.Signed, office string, term uint32) *entry.Signed {
	t.Helper()
	e, err := w.Post(w.Keys[k], core.KindOfficeReveal, core.OfficeReveal{Volunteer: v.ID, Secret: secretOf(k, office, term)}, []ids.Hash{v.ID})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func take(t *testing.T, w *demo.World, k int, office string, term uint32, reveals ...*entry.Signed) error {
	t.Helper()
	var cited []ids.Hash
	for _, r := range reveals {
		cited = append(cited, r.ID)
	}
	return try(t, w, w.Keys[k], core.KindOfficeTake, core.OfficeTake{Office: office, Term: term, Reveals: cited},
		append(w.State.MembershipRefs(demo.Pub(w.Keys[k])), cited...))
}

// serve has member k alone volunteer, reveal and take a term.
func serve(t *testing.T, w *demo.World, k int, office string, term uint32) error {
	t.Helper()
	v, err := volunteer(t, w, k, office, term)
	if err != nil {
		return err
	}
	moveTo(w, termStart(w, term)-dayMs+1)
	r := reveal(t, w, k, v, office, term)
	moveTo(w, termStart(w, term)+1)
	return take(t, w, k, office, term, r)
}

func TestSortitionFillsASeatWithTheSmallestLot(t *testing.T) {
	w := officeWorld(t)
	var vs []*entry.Signed
	for _, k := range []int{1, 2, 3} {
		v, err := volunteer(t, w, k, "audit", 1)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	moveTo(w, termStart(w, 1)-dayMs)
	var rs []*entry.Signed
	for i, k := range []int{1, 2, 3} {
		rs = append(rs, reveal(t, w, k, vs[i], "audit", 1))
	}
	moveTo(w, termStart(w, 1))
	term, _ := w.State.OfficeDraw("audit", 1)
	if len(term.Draw.Winners) != 1 || len(term.Draw.Lots) != 3 || len(term.Holders) != 0 {
		t.Fatalf("draw %+v", term)
	}
	winner := slices.IndexFunc([]int{1, 2, 3}, func(k int) bool { return demo.Pub(w.Keys[k]) == term.Draw.Winners[0] }) + 1
	loser := winner%3 + 1
	wantInvalid(t, take(t, w, loser, "audit", 1, rs...), "did not win")
	if err := take(t, w, winner, "audit", 1, rs...); err != nil {
		t.Fatal(err)
	}
	term, _ = w.State.OfficeDraw("audit", 1)
	if len(term.Holders) != 1 || term.Holders[0] != demo.Pub(w.Keys[winner]) {
		t.Fatalf("holders %v", term.Holders)
	}
}

func TestAttackThirdConsecutiveTerm(t *testing.T) {
	w := officeWorld(t)
	for term := uint32(1); term <= 2; term++ {
		if err := serve(t, w, 1, "audit", term); err != nil {
			t.Fatalf("term %d: %v", term, err)
		}
	}
	_, err := volunteer(t, w, 1, "audit", 3)
	wantInvalid(t, err, "consecutive terms")
	// After one term off, they may serve again.
	if err := serve(t, w, 1, "audit", 4); err != nil {
		t.Fatalf("after the cool-down: %v", err)
	}
}

func TestAttackTwoSeparatedOffices(t *testing.T) {
	w := officeWorld(t)
	va, _ := volunteer(t, w, 1, "audit", 1)
	vt, err := volunteer(t, w, 1, "treasury", 1)
	if err != nil {
		t.Fatal(err)
	}
	moveTo(w, termStart(w, 1)-dayMs)
	ra, rt := reveal(t, w, 1, va, "audit", 1), reveal(t, w, 1, vt, "treasury", 1)
	moveTo(w, termStart(w, 1))
	if err := take(t, w, 1, "audit", 1, ra); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, take(t, w, 1, "treasury", 1, rt), "separated powers")
	wantInvalid(t, take(t, w, 1, "audit", 1, ra), "taken already")
}

func TestAttackBiasedSortition(t *testing.T) {
	w := officeWorld(t)
	v1, _ := volunteer(t, w, 1, "audit", 1)
	v2, _ := volunteer(t, w, 2, "audit", 1)
	// A second commitment would let member 1 pick the better of two lots.
	second := core.OfficeVolunteer{Office: "audit", Term: 1, Commit: core.Commitment(ids.Hash{9})}
	wantInvalid(t, try(t, w, w.Keys[1], core.KindOfficeVolunteer, second, w.State.MembershipRefs(demo.Pub(w.Keys[1]))), "one volunteer entry")
	moveTo(w, termStart(w, 1)-dayMs)
	r1 := reveal(t, w, 1, v1, "audit", 1)
	// Member 3 has seen member 1's secret: too late to join with a chosen one.
	_, err := volunteer(t, w, 3, "audit", 1)
	wantInvalid(t, err, "has closed")
	// Member 2 may not reveal a different secret than committed.
	wantInvalid(t, try(t, w, w.Keys[2], core.KindOfficeReveal, core.OfficeReveal{Volunteer: v2.ID, Secret: ids.Hash{7}}, []ids.Hash{v2.ID}), "does not match")
	r2 := reveal(t, w, 2, v2, "audit", 1)
	moveTo(w, termStart(w, 1))
	full, _ := w.State.OfficeDraw("audit", 1)
	loser, lr := 1, r1
	if full.Draw.Winners[0] == demo.Pub(w.Keys[1]) {
		loser, lr = 2, r2
	}
	// The loser cites only their own reveal: alone they "win", and the
	// entry is valid, but the office goes by the draw over every reveal.
	if err := take(t, w, loser, "audit", 1, lr); err != nil {
		t.Fatal(err)
	}
	full, _ = w.State.OfficeDraw("audit", 1)
	if len(full.Holders) != 0 {
		t.Fatalf("the loser holds the office by citing only themselves: %v", full.Holders)
	}
	// Reveals after the term started are refused.
	v4, _ := volunteer(t, w, 4, "audit", 2)
	moveTo(w, termStart(w, 2)+1)
	wantInvalid(t, try(t, w, w.Keys[4], core.KindOfficeReveal, core.OfficeReveal{Volunteer: v4.ID, Secret: secretOf(4, "audit", 2)}, []ids.Hash{v4.ID}), "day before")
}

func TestOfficeDrawIsTheSameInAnyArrivalOrder(t *testing.T) {
	w := officeWorld(t)
	var vs []*entry.Signed
	for k := 1; k < 5; k++ {
		v, _ := volunteer(t, w, k, "audit", 1)
		vs = append(vs, v)
	}
	moveTo(w, termStart(w, 1)-dayMs)
	var rs []*entry.Signed
	for k := 1; k < 5; k++ {
		rs = append(rs, reveal(t, w, k, vs[k-1], "audit", 1))
	}
	moveTo(w, termStart(w, 1))
	for k := 1; k < 5; k++ {
		_ = take(t, w, k, "audit", 1, rs...) // the winner's is valid, the others' not
	}
	want, _ := w.State.OfficeDraw("audit", 1)
	if len(want.Holders) != 1 {
		t.Fatalf("holders %v", want.Holders)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		st := fold(t, randomTopo(w.Entries, rng), 7)
		got, _ := st.OfficeDraw("audit", 1)
		if st.Hash() != w.State.Hash() || !reflect.DeepEqual(got, want) {
			t.Fatal("the draw or the state depends on arrival order")
		}
	}
}

// electedWorld: 5 founders; "registrar" (executive, elected, with the
// given powers) and "audit" (oversight, sortition), one seat each.
func electedWorld(t *testing.T, powers ...string) *demo.World {
	t.Helper()
	c := demo.Charter(demo.Pub(demo.Key(74, 0)))
	c.Governance.Offices = []charter.Office{
		{Name: "registrar", Branch: "executive", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1, Elected: true,
			Powers: powers},
		{Name: "audit", Branch: "oversight", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1},
	}
	w, err := demo.Generate(demo.Config{Members: 5, Days: 0, Seed: 74, Charter: &c})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func candidates(w *demo.World, ks ...int) []core.Option {
	var out []core.Option
	for _, k := range ks {
		pub := demo.Pub(w.Keys[k])
		out = append(out, core.Option{Name: pub.Short(), Member: &pub})
	}
	return out
}

func TestAnElectedOfficeGoesToTheWinnerWhoTakesIt(t *testing.T) {
	w := electedWorld(t)
	el := core.Propose{Kind: "election", Title: "registrar", Method: core.MethodRanked, Office: "registrar", Term: 1,
		Options: candidates(w, 1, 2)}
	p := openProposal(t, w, w.Keys[0], el)
	for _, k := range []int{0, 3, 4} {
		vote(t, w, w.Keys[k], core.Ballot{Proposal: p.ID, Pick: []uint32{1, 0}})
	}
	vote(t, w, w.Keys[1], core.Ballot{Proposal: p.ID, Pick: []uint32{0}})
	moveTo(w, termStart(w, 1))
	takeElected := func(k int) error {
		return try(t, w, w.Keys[k], core.KindOfficeTake, core.OfficeTake{Office: "registrar", Term: 1, Election: &p.ID},
			append(mrefs(w, w.Keys[k]), p.ID))
	}
	wantInvalid(t, takeElected(3), "not a candidate")
	if err := takeElected(1); err != nil { // a losing candidate's take is valid, and idle
		t.Fatal(err)
	}
	if err := takeElected(2); err != nil {
		t.Fatal(err)
	}
	ot, _ := w.State.OfficeDraw("registrar", 1)
	if ot.Election != p.ID || len(ot.Holders) != 1 || ot.Holders[0] != demo.Pub(w.Keys[2]) {
		t.Fatalf("term %+v", ot)
	}
	// No sortition for an elected office; no election closing after the term starts.
	_, err := volunteer(t, w, 1, "registrar", 2)
	wantInvalid(t, err, "filled by election")
	moveTo(w, termStart(w, 2)-dayMs)
	el.Term = 2
	wantInvalid(t, try(t, w, w.Keys[0], core.KindPropose, el, mrefs(w, w.Keys[0])), "close before term 2")
	el.Office = "audit"
	wantInvalid(t, try(t, w, w.Keys[0], core.KindPropose, el, mrefs(w, w.Keys[0])), "not an elected office")
}
