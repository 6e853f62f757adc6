package core_test

import (
	"crypto/ed25519"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// housing world: 12 members (5 founders), the demo charter's housing
// section (office: member 4; features step-free=1, lift=2; 2 persons a
// room, 1 spare room), no housing activity yet.
type hworld struct {
	*demo.World
	office ed25519.PrivateKey
	needs  map[ids.Hash]core.Needs
	rnd    *rand.ChaCha8
}

func newHousing(t *testing.T) *hworld {
	t.Helper()
	w, err := demo.Generate(demo.Config{Members: 12, Days: 0, Seed: 61})
	if err != nil {
		t.Fatal(err)
	}
	return &hworld{World: w, office: w.Keys[4], needs: map[ids.Hash]core.Needs{}, rnd: rand.NewChaCha8([32]byte{61})}
}

func (h *hworld) dwelling(t *testing.T, rooms uint8, features uint32) ids.Hash {
	t.Helper()
	e, err := h.Post(h.office, core.KindDwelling, core.Dwelling{Label: "test", Rooms: rooms, Area: 30, Features: features}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

func (h *hworld) apply(t *testing.T, k int, a core.Attrs) ids.Hash {
	t.Helper()
	n := core.Needs{Attrs: a, Salt: make([]byte, core.SaltLen), Note: "private"}
	h.rnd.Read(n.Salt)
	who := demo.Pub(h.Keys[k])
	body, err := core.SealNeeds(n, h.State.HousingReaders(who), h.rnd)
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.Post(h.Keys[k], core.KindHousingApply, body, h.State.MembershipRefs(who))
	if err != nil {
		t.Fatal(err)
	}
	h.needs[e.ID] = n
	return e.ID
}

// round closes the next round, opening every unopened application.
func (h *hworld) round(t *testing.T) ids.Hash {
	t.Helper()
	e, err := h.tryRound(t, func(*core.HousingRound, *[]ids.Hash) {})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (h *hworld) tryRound(t *testing.T, edit func(*core.HousingRound, *[]ids.Hash)) (ids.Hash, error) {
	t.Helper()
	var opens []core.Opening
	for _, a := range h.State.Unopened() {
		n := h.needs[a.ID]
		opens = append(opens, core.Opening{App: a.ID, Attrs: n.Attrs, Salt: n.Salt})
	}
	r, refs, _ := h.State.PlanRound(opens)
	edit(&r, &refs)
	e, prev, err := h.Sign(h.office, core.KindHousingRound, r, refs)
	if err != nil {
		t.Fatal(err)
	}
	if verr := h.State.Validate(e, prev); (verr == nil) != (h.Offer(e) == nil) {
		t.Fatal("Validate and Apply disagree on a round")
	}
	_, aerr := h.State.Round(e.ID)
	if !aerr {
		return e.ID, h.State.Validate(e, prev)
	}
	return e.ID, nil
}

func (h *hworld) home(t *testing.T, k int) core.Home {
	t.Helper()
	hm, ok := h.State.HomeOf(demo.Pub(h.Keys[k]))
	if !ok {
		t.Fatalf("member %d has no home", k)
	}
	return hm
}

func right(hm core.Home) core.Right { return core.Right{Dwelling: hm.Dwelling, Since: hm.Since} }

func (h *hworld) post(t *testing.T, k ed25519.PrivateKey, kind string, body any, refs ...ids.Hash) (*entry.Signed, error) {
	t.Helper()
	e, _, err := h.Sign(k, kind, body, refs)
	if err != nil {
		t.Fatal(err)
	}
	return e, h.Offer(e)
}

func TestAllocationIsNeedFirstThenWaitingTime(t *testing.T) {
	h := newHousing(t)
	one, two, three := h.dwelling(t, 1, 0), h.dwelling(t, 2, 1), h.dwelling(t, 3, 0)
	h.apply(t, 5, core.Attrs{Size: 2})            // needs 1 room: the plain one-room flat
	h.apply(t, 6, core.Attrs{Size: 3, Access: 1}) // needs 2 rooms, step-free
	h.apply(t, 7, core.Attrs{Size: 5})            // needs 3 rooms
	h.apply(t, 8, core.Attrs{Size: 1})            // fits rooms 1-2; all taken by then
	rid := h.round(t)
	want := map[int]ids.Hash{5: one, 6: two, 7: three}
	for k, d := range want {
		if got := h.home(t, k); got.Dwelling != d || got.Since != rid {
			t.Errorf("member %d got %s, want %s", k, got.Dwelling.Short(), d.Short())
		}
	}
	if _, ok := h.State.HomeOf(demo.Pub(h.Keys[8])); ok {
		t.Error("member 8 was housed though everything that fits went to those ahead")
	}
	vs, _ := h.State.Verdicts(rid)
	last := vs[len(vs)-1]
	if last.Waiting.Applicant != demo.Pub(h.Keys[8]) || last.Fitting != 2 || last.Ahead != 2 || !last.Dwelling.IsZero() {
		t.Errorf("member 8's verdict %+v", last)
	}
}

func TestAttackSecondDwellingForOneHousehold(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.round(t)
	first := h.home(t, 5)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1}) // a second application while housed
	rid := h.round(t)
	r, _ := h.State.Round(rid)
	if len(r.Allocs) != 0 || len(r.Pool) != 0 || h.home(t, 5) != first {
		t.Fatalf("a housed household got a second dwelling: %+v", r.Allocs)
	}
	// and a round may not re-allocate an occupied dwelling
	_, err := h.tryRound(t, func(r *core.HousingRound, refs *[]ids.Hash) {
		r.Dwellings = append(r.Dwellings, first.Dwelling)
		slices.SortFunc(r.Dwellings, func(a, b ids.Hash) int { return slices.Compare(a[:], b[:]) })
	})
	wantInvalid(t, err, "not free")
}

func TestAttackSellingOrRentingARightOfUse(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.round(t)
	hm := h.home(t, 5)
	// a relinquish "in favour of" someone does not decode: the kind names no one
	type relinquishTo struct {
		Right core.Right `cbor:"1,keyasint"`
		To    ids.PubKey `cbor:"2,keyasint"`
	}
	_, err := h.post(t, h.Keys[5], core.KindRelinquish, relinquishTo{Right: right(hm), To: demo.Pub(h.Keys[6])}, hm.Since)
	wantInvalid(t, err, "body")
	// there is no kind to sell, rent or transfer a right
	for _, kind := range []string{"housing-sell", "housing-rent", "housing-transfer"} {
		_, err := h.post(t, h.Keys[5], kind, core.Relinquish{Right: right(hm)}, hm.Since)
		var re *entry.RejectError
		if !errors.As(err, &re) || re.Reason != entry.UnknownKind {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	// nor can anyone give back a right that is not theirs
	_, err = h.post(t, h.Keys[6], core.KindRelinquish, core.Relinquish{Right: right(hm)}, hm.Since)
	wantInvalid(t, err, "not the author's")
	if h.home(t, 5) != hm {
		t.Fatal("the right moved")
	}
}

func TestAttackSwapThatIsNotMutual(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.dwelling(t, 2, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.apply(t, 6, core.Attrs{Size: 3})
	h.round(t)
	a, b := h.home(t, 5), h.home(t, 6)
	p, err := h.post(t, h.Keys[5], core.KindSwapPropose, core.SwapPropose{Mine: right(a), Theirs: right(b)}, a.Since)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{5, 7} { // the proposer itself, a third household: forged acceptances
		_, err := h.post(t, h.Keys[k], core.KindSwapAccept, core.SwapAccept{Proposal: p.ID}, p.ID)
		wantInvalid(t, err, "only the household the swap was offered to")
	}
	// proposing to swap someone else's right
	_, err = h.post(t, h.Keys[7], core.KindSwapPropose, core.SwapPropose{Mine: right(a), Theirs: right(b)}, a.Since)
	wantInvalid(t, err, "not the author's")
	h.round(t)
	if h.home(t, 5) != a || h.home(t, 6) != b {
		t.Fatal("a swap without the other's consent took effect")
	}
	acc, err := h.post(t, h.Keys[6], core.KindSwapAccept, core.SwapAccept{Proposal: p.ID}, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	h.round(t)
	if got := h.home(t, 5); got.Dwelling != b.Dwelling || got.Since != acc.ID || h.home(t, 6).Dwelling != a.Dwelling {
		t.Fatal("the mutual swap did not take effect at the next round")
	}
}

func TestAttackStaleActAfterASwapEvictsNoOne(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.dwelling(t, 2, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.apply(t, 6, core.Attrs{Size: 3})
	h.round(t)
	a, b := h.home(t, 5), h.home(t, 6)
	p, _ := h.post(t, h.Keys[5], core.KindSwapPropose, core.SwapPropose{Mine: right(a), Theirs: right(b)}, a.Since)
	acc, _ := h.post(t, h.Keys[6], core.KindSwapAccept, core.SwapAccept{Proposal: p.ID}, p.ID)
	// 5 also gives back the right it swapped away: must not free 6's new home
	rel, err := h.post(t, h.Keys[5], core.KindRelinquish, core.Relinquish{Right: right(a)}, a.Since)
	if err != nil {
		t.Fatal(err)
	}
	rid, err := h.tryRound(t, func(r *core.HousingRound, refs *[]ids.Hash) { r.Changes = []ids.Hash{acc.ID, rel.ID} })
	if err != nil {
		t.Fatal(err)
	}
	r, _ := h.State.Round(rid)
	if len(r.Skipped) != 1 || r.Skipped[0] != rel.ID || h.home(t, 6).Dwelling != a.Dwelling {
		t.Fatalf("stale relinquish: folded %v skipped %v", r.Folded, r.Skipped)
	}
}

func TestAttackEvictionWithoutASanction(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.round(t)
	hm := h.home(t, 5)
	_, err := h.post(t, h.office, core.KindEvict, core.Evict{Right: right(hm), Sanction: ids.Hash{1}}, hm.Since)
	wantInvalid(t, err, "sanction")
	h.round(t)
	if h.home(t, 5) != hm {
		t.Fatal("the household lost its home")
	}
}

func TestAttackReadingPrivateNeedsWithoutTheOfficeKey(t *testing.T) {
	h := newHousing(t)
	id := h.apply(t, 5, core.Attrs{Size: 2, Access: 1})
	var body core.HousingApply
	if err := entry.Unmarshal(entryByID(t, h, id).Body, &body); err != nil {
		t.Fatal(err)
	}
	for _, k := range []ed25519.PrivateKey{h.Keys[6], h.Keys[0], demo.Key(7, 7)} {
		if _, err := core.OpenNeeds(&body, k); !errors.Is(err, core.ErrNotReader) {
			t.Fatalf("a non-reader opened the needs: %v", err)
		}
	}
	// relabelling a sealed key to oneself does not open it
	forged := body
	forged.Keys = slices.Clone(body.Keys)
	forged.Keys[0].To = demo.Pub(h.Keys[6])
	if _, err := core.OpenNeeds(&forged, h.Keys[6]); err == nil {
		t.Fatal("a relabelled key opened the needs")
	}
	for _, k := range []ed25519.PrivateKey{h.office, h.Keys[5]} {
		n, err := core.OpenNeeds(&body, k)
		if err != nil || n.Attrs != h.needs[id].Attrs || n.Note != "private" {
			t.Fatalf("a reader could not open the needs: %+v %v", n, err)
		}
	}
	// an application not sealed to the office is invalid
	n := h.needs[id]
	bad, _ := core.SealNeeds(n, []ids.PubKey{demo.Pub(h.Keys[5])}, h.rnd)
	_, err := h.post(t, h.Keys[5], core.KindHousingApply, bad, h.State.MembershipRefs(demo.Pub(h.Keys[5]))...)
	wantInvalid(t, err, "sealed to")
}

func entryByID(t *testing.T, h *hworld, id ids.Hash) *entry.Signed {
	t.Helper()
	for _, e := range h.Entries {
		if e.ID == id {
			return e
		}
	}
	t.Fatal("no such entry")
	return nil
}

func TestAttackOpeningOtherNeedsThanCommitted(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 3, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	_, err := h.tryRound(t, func(r *core.HousingRound, _ *[]ids.Hash) {
		r.Open[0].Attrs.Size = 6 // the office inflating a household to give it the big flat
	})
	wantInvalid(t, err, "do not match its commitment")
	if _, housed := h.State.HomeOf(demo.Pub(h.Keys[5])); housed {
		t.Fatal("housed by a forged opening")
	}
}

func TestAttackBackdatedApplication(t *testing.T) {
	h := newHousing(t)
	k := h.Keys[9]
	who := demo.Pub(k)
	m, _ := h.State.MemberOf(who)
	n := core.Needs{Attrs: core.Attrs{Size: 1}, Salt: make([]byte, core.SaltLen)}
	body, _ := core.SealNeeds(n, h.State.HousingReaders(who), h.rnd)
	b, _ := entry.EncodeBody(body)
	prev := h.Chains()[who]
	e := entry.Entry{Author: who, Seq: 1, Time: m.Since - 1, Node: h.Node, Kind: core.KindHousingApply,
		Refs: h.State.MembershipRefs(who), Body: b}
	if prev.Seq > 0 {
		t.Skip("member 9 has written before")
	}
	s, err := entry.Sign(e, k)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, h.Offer(s), "dated before its author's admission")
}

func TestLeavingFreesTheDwellingAtTheNextRound(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.round(t)
	hm := h.home(t, 5)
	h.apply(t, 6, core.Attrs{Size: 1})
	if _, err := h.post(t, h.Keys[5], core.KindLeave, core.Leave{}, h.State.MembershipRefs(demo.Pub(h.Keys[5]))...); err != nil {
		t.Fatal(err)
	}
	h.round(t) // folds the leave and covers the dwelling it frees
	if got := h.home(t, 6); got.Dwelling != hm.Dwelling {
		t.Fatalf("the leaver's dwelling did not go to the next household: %+v", got)
	}
}

func TestModificationsAreCheckedAgainstTheCharter(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.round(t)
	hm := h.home(t, 5)
	mod := func(work string, amount int64) (*entry.Signed, error) {
		return h.post(t, h.Keys[5], core.KindModify, core.ModifyRequest{Right: right(hm), Work: work, Amount: amount}, hm.Since)
	}
	small, err := mod("shelving", 4)
	if err != nil {
		t.Fatal(err)
	}
	_, err = mod("shelving", 30)
	wantInvalid(t, err, "1 to 20 m")
	_, err = mod("swimming-pool", 1)
	wantInvalid(t, err, "allows no modification")
	ramp, err := mod("ramp", 5)
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.post(t, h.office, core.KindModifyApprove, core.ModifyApprove{Request: small.ID}, small.ID)
	wantInvalid(t, err, "needs no approval")
	_, err = h.post(t, h.Keys[6], core.KindModifyApprove, core.ModifyApprove{Request: ramp.ID}, ramp.ID)
	wantInvalid(t, err, "housing office")
	if _, err := h.post(t, h.office, core.KindModifyApprove, core.ModifyApprove{Request: ramp.ID}, ramp.ID); err != nil {
		t.Fatal(err)
	}
	ms := h.State.Modifications(demo.Pub(h.Keys[5]))
	if len(ms) != 2 || ms[0].NeedsApproval || !ms[1].NeedsApproval || len(ms[1].ApprovedBy) != 1 {
		t.Fatalf("modifications %+v", ms)
	}
}

func TestAttackBackdatedApplicationCannotJumpTheQueue(t *testing.T) {
	h := newHousing(t)
	h.apply(t, 5, core.Attrs{Size: 1}) // waits: nothing fits yet
	r1 := h.round(t)
	// member 9 has written nothing: their first entry may claim any time since admission
	k := h.Keys[9]
	who := demo.Pub(k)
	m, _ := h.State.MemberOf(who)
	n := core.Needs{Attrs: core.Attrs{Size: 1}, Salt: make([]byte, core.SaltLen)}
	body, _ := core.SealNeeds(n, h.State.HousingReaders(who), h.rnd)
	b, _ := entry.EncodeBody(body)
	e, err := entry.Sign(entry.Entry{Author: who, Seq: 1, Time: m.Since, Node: h.Node, Kind: core.KindHousingApply,
		Refs: h.State.MembershipRefs(who), Body: b}, k)
	if err != nil || h.Offer(e) != nil {
		t.Fatal(err)
	}
	h.needs[e.ID] = n
	d := h.dwelling(t, 1, 0)
	h.round(t)
	if got := h.home(t, 5); got.Dwelling != d {
		t.Fatal("a backdated application took the dwelling from a household waiting since an earlier round")
	}
	r, _ := h.State.Round(r1)
	if w := h.State.Applications(who)[0]; w.Time >= r.Time {
		t.Fatal("the application was not backdated")
	}
}

// Two office holders close round 1 at once: two branches, both valid. The
// round in effect is the smaller id until a round 2 cites one of them;
// every arrival order agrees.
func TestCompetingRoundsSettleOnTheChainCited(t *testing.T) {
	ch := demo.Charter(demo.Pub(demo.Key(62, 0)))
	ch.Housing = demo.DemoHousing(demo.Pub(demo.Key(62, 4)))
	ch.Housing.Office = append(ch.Housing.Office, demo.Pub(demo.Key(62, 3)))
	w, err := demo.Generate(demo.Config{Members: 12, Days: 0, Seed: 62, Charter: &ch})
	if err != nil {
		t.Fatal(err)
	}
	h := &hworld{World: w, office: w.Keys[4], needs: map[ids.Hash]core.Needs{}, rnd: rand.NewChaCha8([32]byte{62})}
	h.dwelling(t, 1, 0)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.apply(t, 6, core.Attrs{Size: 2})
	var opens []core.Opening
	for _, a := range h.State.Unopened() {
		opens = append(opens, core.Opening{App: a.ID, Attrs: h.needs[a.ID].Attrs, Salt: h.needs[a.ID].Salt})
	}
	body, refs, _ := h.State.PlanRound(opens)
	a, _, _ := h.Sign(h.Keys[4], core.KindHousingRound, body, refs)
	b, _, _ := h.Sign(h.Keys[3], core.KindHousingRound, body, refs)
	for _, e := range []*entry.Signed{a, b} {
		if err := h.Offer(e); err != nil {
			t.Fatal(err)
		}
	}
	first, later := a, b
	if slices.Compare(b.ID[:], a.ID[:]) < 0 {
		first, later = b, a
	}
	if tip, _, _ := h.State.HousingTip(); tip != first.ID {
		t.Fatal("the tip is not the smaller of two competing rounds")
	}
	lr, _ := h.State.Round(later.ID)
	next := core.HousingRound{N: 2, Prev: later.ID}
	for _, hm := range lr.Homes {
		if hm.Holder.IsZero() {
			next.Dwellings = append(next.Dwellings, hm.Dwelling)
		}
	}
	r2, err := h.Post(h.Keys[3], core.KindHousingRound, next, []ids.Hash{later.ID})
	if err != nil {
		t.Fatal(err)
	}
	if tip, _, _ := h.State.HousingTip(); tip != r2.ID || h.State.RoundsAlongTip()[1] != later.ID {
		t.Fatal("round 2 did not settle the chain on the round it cites")
	}
	rng := rand.New(rand.NewPCG(62, 1))
	for range 5 {
		if st := fold(t, randomTopo(h.Entries, rng), 3); st.Hash() != h.State.Hash() {
			t.Fatal("replicas disagree on competing rounds")
		}
	}
}

func TestUsageFeeScalesWithIncomeAndGoesToTheTreasury(t *testing.T) {
	h := newHousing(t)
	h.dwelling(t, 1, 0)
	h.dwelling(t, 1, 0)
	h.apply(t, 5, core.Attrs{Size: 1})
	h.apply(t, 6, core.Attrs{Size: 1})
	h.round(t)
	p, err := h.Post(h.Keys[1], core.KindPay, core.Pay{To: demo.Pub(h.Keys[5]), Amount: 1_000 * money.Unit}, nil)
	if err != nil {
		t.Fatal(err)
	}
	who := demo.Pub(h.Keys[5])
	if _, err := h.Post(h.Keys[5], core.KindReceive, core.Receive{Pay: p.ID}, append(h.State.MembershipRefs(who), p.ID)); err != nil {
		t.Fatal(err)
	}
	hm := h.home(t, 5)
	before := h.Chains()[who].Acct.Balance
	fee, err := h.post(t, h.Keys[5], core.KindHousingFee, core.HousingFee{Right: right(hm)}, append(h.State.MembershipRefs(who), hm.Since)...)
	if err != nil {
		t.Fatal(err)
	}
	if paid := before - h.Chains()[who].Acct.Balance; paid != 20*money.Unit {
		t.Fatalf("an income of 1,000 units a month paid %d µ, want the top band's 20 units", paid)
	}
	if !slices.Contains(h.State.OpenDeposits(), fee.ID) {
		t.Fatal("the fee does not wait for the treasury")
	}
	_, err = h.post(t, h.Keys[5], core.KindHousingFee, core.HousingFee{Right: right(hm), Last: fee.ID}, append(h.State.MembershipRefs(who), hm.Since, fee.ID)...)
	wantInvalid(t, err, "paid already")
	poor := h.home(t, 6)
	_, err = h.post(t, h.Keys[6], core.KindHousingFee, core.HousingFee{Right: right(poor)}, append(h.State.MembershipRefs(demo.Pub(h.Keys[6])), poor.Since)...)
	wantInvalid(t, err, "free band")
	if rep := h.State.Audit(h.Chains(), h.State.Period(h.Clock())); !rep.Conserved || !rep.AccountsAddUp {
		t.Fatalf("the fee broke the money audit: %+v", rep)
	}
}

func TestAttackApplicationSpamCostsOneOpening(t *testing.T) {
	h := newHousing(t)
	first := h.apply(t, 5, core.Attrs{Size: 1})
	for range 5 {
		h.apply(t, 5, core.Attrs{Size: 1})
	}
	if un := h.State.Unopened(); len(un) != 1 || un[0].ID != first {
		t.Fatalf("%d openings for one household", len(un))
	}
	h.round(t)
	if un := h.State.Unopened(); len(un) != 0 {
		t.Fatalf("a waiting household's other applications are still to open: %d", len(un))
	}
}
