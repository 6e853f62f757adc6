package core_test

import (
	"crypto/ed25519"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

// registrarWorld: 5 founders (the registrar is founder 0; k = 3) and a
// registrar office by sortition that holds the power to admit, one seat,
// 10-day terms; and an audit office of another branch.
func registrarWorld(t *testing.T) *demo.World {
	t.Helper()
	c := demo.Charter(demo.Pub(demo.Key(74, 0)))
	c.Governance.Offices = []charter.Office{
		{Name: "registrar", Branch: "administration", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1,
			Powers: []string{charter.PowerAdmit}},
		{Name: "audit", Branch: "oversight", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1},
	}
	w, err := demo.Generate(demo.Config{Members: 5, Days: 0, Seed: 74, Charter: &c})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// admitBy has founders 1–3 vouch for newcomer i and member k admit them,
// citing more.
func admitBy(t *testing.T, w *demo.World, k, i int, more ...ids.Hash) error {
	t.Helper()
	who := demo.Pub(newcomer(i))
	refs := vouchAll(t, w, w.Keys[1:4], who)
	refs = append(append(refs, w.State.MembershipRefs(demo.Pub(w.Keys[k]))...), more...)
	return try(t, w, w.Keys[k], core.KindAdmit, core.Admit{Applicant: who}, refs)
}

func confirm(t *testing.T, w *demo.World, k int, take ids.Hash) error {
	t.Helper()
	return try(t, w, w.Keys[k], core.KindOfficeConfirm, core.OfficeConfirm{Take: take},
		append(w.State.MembershipRefs(demo.Pub(w.Keys[k])), take))
}

func seatOf(t *testing.T, w *demo.World, office string, term uint32, k int) core.Seat {
	t.Helper()
	for _, s := range w.State.Seats(office, term) {
		if s.Member == demo.Pub(w.Keys[k]) {
			return s
		}
	}
	t.Fatalf("member %d has no seat in %s, term %d", k, office, term)
	return core.Seat{}
}

func TestADrawnRegistrarAdmitsOnceConfirmed(t *testing.T) {
	w := registrarWorld(t)
	if err := admitBy(t, w, 0, 1); err != nil {
		t.Fatalf("before the first term the founding registrar admits: %v", err)
	}
	if err := serve(t, w, 2, "registrar", 1); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, admitBy(t, w, 0, 2), "only a holder of registrar for term 1")
	take := seatOf(t, w, "registrar", 1, 2).Take
	wantInvalid(t, admitBy(t, w, 2, 2, take), "confirmed by 0 member(s)")

	wantInvalid(t, confirm(t, w, 2, take), "no one confirms their own seat")
	for _, k := range []int{1, 3} {
		if err := confirm(t, w, k, take); err != nil {
			t.Fatal(err)
		}
	}
	wantInvalid(t, confirm(t, w, 1, take), "confirmed already")
	seat := seatOf(t, w, "registrar", 1, 2)
	wantInvalid(t, admitBy(t, w, 2, 2, append([]ids.Hash{take}, seat.Confirms...)...), "confirmed by 2 member(s)")
	if p := w.State.PowerAt(charter.PowerAdmit, w.Clock()); !p.Vacant() {
		t.Fatalf("with two confirmations of three the power is vacant, got %+v", p.Holders)
	}

	if err := confirm(t, w, 4, take); err != nil {
		t.Fatal(err)
	}
	refs, ok := w.State.PowerRefs(charter.PowerAdmit, demo.Pub(w.Keys[2]), w.Clock())
	if !ok || len(refs) != 4 || refs[0] != take {
		t.Fatalf("the holder cites the take and three confirmations: %v %v", ok, refs)
	}
	if err := admitBy(t, w, 2, 2, refs...); err != nil {
		t.Fatalf("the confirmed holder admits: %v", err)
	}
	if p := w.State.PowerAt(charter.PowerAdmit, w.Clock()); len(p.Holders) != 1 || p.Holders[0] != demo.Pub(w.Keys[2]) {
		t.Fatalf("holders %v", p.Holders)
	}

	moveTo(w, termStart(w, 2)+1)
	wantInvalid(t, admitBy(t, w, 2, 3, refs...), "only a holder of registrar for term 2")
	if p := w.State.PowerAt(charter.PowerAdmit, w.Clock()); !p.Vacant() || p.Term != 2 {
		t.Fatalf("no one took term 2: the power is vacant, got %+v", p)
	}
	wantInvalid(t, admitBy(t, w, 0, 3), "only a holder of registrar for term 2")
}

// drawAmong123 has members 1, 2 and 3 volunteer for and reveal in the draw
// for term 1 of the registrar office; it returns their reveals.
func drawAmong123(t *testing.T, w *demo.World) []*entry.Signed {
	t.Helper()
	var vs, rs []*entry.Signed
	for _, k := range []int{1, 2, 3} {
		v, err := volunteer(t, w, k, "registrar", 1)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	moveTo(w, termStart(w, 1)-dayMs)
	for i, k := range []int{1, 2, 3} {
		rs = append(rs, reveal(t, w, k, vs[i], "registrar", 1))
	}
	return rs
}

// A volunteer who takes a seat citing only the reveals they beat holds a
// take, but no member's device confirms it: it gives no power.
func TestAttackTakingAnUnwonSeatGivesNoPower(t *testing.T) {
	w := registrarWorld(t)
	rs := drawAmong123(t, w)
	moveTo(w, termStart(w, 1))
	d, _ := w.State.OfficeDraw("registrar", 1)
	winner := slices.IndexFunc([]int{1, 2, 3}, func(k int) bool { return demo.Pub(w.Keys[k]) == d.Winners[0] }) + 1
	loser := winner%3 + 1
	if err := take(t, w, loser, "registrar", 1, rs[loser-1]); err != nil {
		t.Fatalf("a take over its own reveal alone is valid: %v", err)
	}
	if err := take(t, w, winner, "registrar", 1, rs...); err != nil {
		t.Fatal(err)
	}
	false_, true_ := seatOf(t, w, "registrar", 1, loser).Take, seatOf(t, w, "registrar", 1, winner).Take
	if got := w.State.ToConfirm(demo.Pub(w.Keys[0]), w.Clock()); len(got) != 0 {
		t.Fatalf("devices wait %d hours into the term before confirming, got %v", core.ConfirmSettleMillis/hourMs, got)
	}
	moveTo(w, termStart(w, 1)+core.ConfirmSettleMillis)
	for _, k := range []int{0, 4} {
		got := w.State.ToConfirm(demo.Pub(w.Keys[k]), w.Clock())
		if !slices.Equal(got, []ids.Hash{true_}) {
			t.Fatalf("member %d's device confirms only the winner's take, got %v", k, got)
		}
		if err := confirm(t, w, k, true_); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := w.State.PowerRefs(charter.PowerAdmit, demo.Pub(w.Keys[loser]), w.Clock()); ok {
		t.Fatal("the false take has power")
	}
	wantInvalid(t, admitBy(t, w, loser, 1, false_), "confirmed by 0 member(s)")
	third := 6 - winner - loser // the third volunteer
	if err := confirm(t, w, third, true_); err != nil {
		t.Fatal(err)
	}
	refs, ok := w.State.PowerRefs(charter.PowerAdmit, demo.Pub(w.Keys[winner]), w.Clock())
	if !ok {
		t.Fatal("the winner has no power")
	}
	if err := admitBy(t, w, winner, 1, refs...); err != nil {
		t.Fatal(err)
	}
	if got := w.State.ToConfirm(demo.Pub(w.Keys[loser]), w.Clock()); len(got) != 0 {
		t.Fatalf("a seat confirmed k times needs no more confirmations, got %v", got)
	}
}

func TestAConfirmationIsMadeDuringTheTerm(t *testing.T) {
	w := registrarWorld(t)
	if err := serve(t, w, 2, "audit", 1); err != nil {
		t.Fatal(err)
	}
	take := seatOf(t, w, "audit", 1, 2).Take
	moveTo(w, termStart(w, 2))
	wantInvalid(t, confirm(t, w, 1, take), "confirmed during the term")
	wantInvalid(t, try(t, w, w.Keys[1], core.KindOfficeConfirm, core.OfficeConfirm{Take: take},
		w.State.MembershipRefs(demo.Pub(w.Keys[1]))), "references the office take")
}

func TestAnOfficeHoldsKnownPowersOnlyOnce(t *testing.T) {
	g := demo.DemoGovernance()
	base := charter.Office{Name: "a", Branch: "x", Seats: 1, TermDays: 10, MaxTerms: 1, CooldownTerms: 1}
	for _, tc := range []struct {
		offices []charter.Office
		want    string
	}{
		{[]charter.Office{withPowers(base, "mint")}, `unknown power "mint"`},
		{[]charter.Office{withPowers(base, "admit", "admit")}, `"admit" twice`},
		{[]charter.Office{withPowers(base, "admit"), named(withPowers(base, "admit"), "b")}, "both hold the power"},
	} {
		g.Offices = tc.offices
		if err := g.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: want %q, got %v", tc.offices, tc.want, err)
		}
	}
	g.Offices = []charter.Office{withPowers(base, "admit")}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
}

func withPowers(o charter.Office, p ...string) charter.Office { o.Powers = p; return o }
func named(o charter.Office, n string) charter.Office         { o.Name = n; return o }

// An elected office with the power to admit: a losing candidate's take is
// valid (whether they won is a tally outside its causal past), but no
// member's device confirms it, so it admits no one; the winner's does.
func TestAttackALosingCandidateTakesThePowerToAdmit(t *testing.T) {
	w := electedWorld(t, charter.PowerAdmit)
	p := openProposal(t, w, w.Keys[0], core.Propose{Kind: "election", Title: "registrar", Method: core.MethodRanked,
		Office: "registrar", Term: 1, Options: candidates(w, 1, 2)})
	for _, k := range []int{0, 3, 4} {
		vote(t, w, w.Keys[k], core.Ballot{Proposal: p.ID, Pick: []uint32{1, 0}})
	}
	vote(t, w, w.Keys[1], core.Ballot{Proposal: p.ID, Pick: []uint32{0}})
	moveTo(w, termStart(w, 1)+core.ConfirmSettleMillis)
	for _, k := range []int{1, 2} { // 1 lost, 2 won
		if err := try(t, w, w.Keys[k], core.KindOfficeTake, core.OfficeTake{Office: "registrar", Term: 1, Election: &p.ID},
			append(mrefs(w, w.Keys[k]), p.ID)); err != nil {
			t.Fatal(err)
		}
	}
	loser, winner := seatOf(t, w, "registrar", 1, 1).Take, seatOf(t, w, "registrar", 1, 2).Take
	for _, k := range []int{0, 3, 4} {
		if got := w.State.ToConfirm(demo.Pub(w.Keys[k]), w.Clock()); !slices.Equal(got, []ids.Hash{winner}) {
			t.Fatalf("member %d's device would confirm %v, want only the winner's take", k, got)
		}
		if err := confirm(t, w, k, winner); err != nil {
			t.Fatal(err)
		}
	}
	wantInvalid(t, admitBy(t, w, 1, 1, loser), "confirmed by 0 member(s)")
	refs, ok := w.State.PowerRefs(charter.PowerAdmit, demo.Pub(w.Keys[2]), w.Clock())
	if !ok {
		t.Fatal("the elected winner holds no power")
	}
	if err := admitBy(t, w, 2, 1, refs...); err != nil {
		t.Fatalf("the elected registrar admits: %v", err)
	}
}

// registrarNode is a node of the demo charter (its registrar office holds
// the power to admit) with a given number of founders.
func registrarNode(t *testing.T, founders int) *demo.World {
	t.Helper()
	c := demo.Charter(demo.Pub(demo.Key(75, 0)))
	w, err := demo.Generate(demo.Config{Members: founders, Days: 0, Seed: 75, Charter: &c})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// A node founded by two can fill its registrar office: the taker does not
// confirm their own seat, so one confirmation (the other founder's) is
// enough; the holder then admits with the vouches a young node needs.
func TestANodeOfTwoFillsItsRegistrarOffice(t *testing.T) {
	w := registrarNode(t, 2)
	if n := w.State.Confirmations(); n != 1 {
		t.Fatalf("a node of two founders needs %d confirmations, want 1", n)
	}
	if err := serve(t, w, 1, "registrar", 1); err != nil {
		t.Fatal(err)
	}
	take := seatOf(t, w, "registrar", 1, 1).Take
	if err := confirm(t, w, 0, take); err != nil {
		t.Fatal(err)
	}
	refs, ok := w.State.PowerRefs(charter.PowerAdmit, demo.Pub(w.Keys[1]), w.Clock())
	if !ok {
		t.Fatal("the confirmed holder has no power")
	}
	who := demo.Pub(newcomer(4))
	vouches := vouchAll(t, w, w.Keys[:2], who)
	if err := try(t, w, w.Keys[1], core.KindAdmit, core.Admit{Applicant: who},
		append(append(w.State.MembershipRefs(demo.Pub(w.Keys[1])), refs...), vouches...)); err != nil {
		t.Fatalf("the holder of a node of two admits: %v", err)
	}
}

// A node founded by one keeps its charter's registrar: no one could
// confirm a seat before anyone is admitted, so the office takes no power.
func TestANodeOfOneKeepsItsRegistrar(t *testing.T) {
	w := registrarNode(t, 1)
	moveTo(w, termStart(w, 3))
	if p := w.State.PowerAt(charter.PowerAdmit, w.Clock()); p.Office != "" || len(p.Holders) != 1 || p.Holders[0] != demo.Pub(w.Keys[0]) {
		t.Fatalf("power %+v", p)
	}
	who := demo.Pub(newcomer(5))
	vouches := vouchAll(t, w, w.Keys[:1], who)
	if err := try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: who}, vouches); err != nil {
		t.Fatalf("the founder admits in term 3: %v", err)
	}
}

// Takes (one false), confirmations and an admission by the confirmed
// holder give the same state, the same holders and the same members in
// any causal arrival order.
func TestOfficePowersAreTheSameInAnyArrivalOrder(t *testing.T) {
	w := registrarWorld(t)
	rs := drawAmong123(t, w)
	moveTo(w, termStart(w, 1)+core.ConfirmSettleMillis)
	for i, k := range []int{1, 2, 3} {
		_ = take(t, w, k, "registrar", 1, rs[i]) // each over its own reveal: all valid, one real
	}
	d, _ := w.State.OfficeDraw("registrar", 1)
	winner := slices.IndexFunc(w.Keys, func(k ed25519.PrivateKey) bool { return demo.Pub(k) == d.Winners[0] })
	for _, k := range []int{0, 4, 1, 2, 3} {
		for _, take := range w.State.ToConfirm(demo.Pub(w.Keys[k]), w.Clock()) {
			if err := confirm(t, w, k, take); err != nil {
				t.Fatal(err)
			}
		}
	}
	refs, ok := w.State.PowerRefs(charter.PowerAdmit, demo.Pub(w.Keys[winner]), w.Clock())
	if !ok {
		t.Fatal("the winner holds no power")
	}
	if err := admitBy(t, w, winner, 1, refs...); err != nil {
		t.Fatal(err)
	}
	want := w.State.PowerAt(charter.PowerAdmit, w.Clock())
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5 {
		st := fold(t, randomTopo(w.Entries, rng), 5)
		got := st.PowerAt(charter.PowerAdmit, w.Clock())
		m, member := st.MemberOf(demo.Pub(newcomer(1)))
		if st.Hash() != w.State.Hash() || !reflect.DeepEqual(got, want) || !member || !m.Active {
			t.Fatalf("another arrival order: holders %v (want %v), newcomer a member: %v", got.Holders, want.Holders, member && m.Active)
		}
	}
}
