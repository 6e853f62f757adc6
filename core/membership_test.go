package core_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"slices"
	"strings"
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

const dayMs = 24 * 3600 * 1000

// small is a node of 5 founders (k = 3 vouches) and nobody else yet, whose
// charter's registrar admits for good (no office holds the power: see
// gov_powers_test.go for one that does).
func small(t *testing.T) *demo.World {
	t.Helper()
	w, err := demo.Generate(demo.Config{Members: 5, Days: 0, Seed: 11, Edit: func(c *charter.Charter) {
		for i := range c.Governance.Offices {
			c.Governance.Offices[i].Powers = nil
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func newcomer(i int) ed25519.PrivateKey { return demo.Key(999, i) }

// try signs an entry and checks it with Validate, then Apply, which must agree.
func try(t *testing.T, w *demo.World, k ed25519.PrivateKey, kind string, body any, refs []ids.Hash) error {
	t.Helper()
	e, prev, err := w.Sign(k, kind, body, refs)
	if err != nil {
		t.Fatal(err)
	}
	verr := w.State.Validate(e, prev)
	before := w.State.Counts()
	aerr := w.Offer(e)
	if (verr == nil) != (aerr == nil) {
		t.Fatalf("Validate says %v, Apply says %v", verr, aerr)
	}
	if aerr != nil {
		after := w.State.Counts()
		for _, tbl := range []string{"member", "vouch", "admit", "leave"} {
			if before[tbl] != after[tbl] {
				t.Fatalf("an invalid %s changed table %s", kind, tbl)
			}
		}
	}
	return aerr
}

func vouchAll(t *testing.T, w *demo.World, voucher []ed25519.PrivateKey, who ids.PubKey) []ids.Hash {
	t.Helper()
	var refs []ids.Hash
	for _, v := range voucher {
		e, err := w.Post(v, core.KindVouch, core.Vouch{Applicant: who}, w.State.MembershipRefs(demo.Pub(v)))
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, e.ID)
	}
	return refs
}

func wantInvalid(t *testing.T, err error, words string) {
	t.Helper()
	if !errors.Is(err, entry.ErrInvalid) {
		t.Fatalf("want an invalid entry, got %v", err)
	}
	if !strings.Contains(err.Error(), words) {
		t.Fatalf("error %q does not say %q", err, words)
	}
}

func TestAdmissionNeedsKVouchesFromDistinctMembers(t *testing.T) {
	w := small(t)
	reg := w.Keys[0]
	who := demo.Pub(newcomer(1))
	refs := vouchAll(t, w, w.Keys[1:3], who) // two of three
	wantInvalid(t, try(t, w, reg, core.KindAdmit, core.Admit{Applicant: who}, refs), "needs 3 vouches")
	// the same voucher twice still counts once
	refs = append(refs, vouchAll(t, w, w.Keys[1:2], who)...)
	wantInvalid(t, try(t, w, reg, core.KindAdmit, core.Admit{Applicant: who}, refs), "has 2")
	refs = append(refs, vouchAll(t, w, w.Keys[3:4], who)...)
	if err := try(t, w, reg, core.KindAdmit, core.Admit{Applicant: who}, refs); err != nil {
		t.Fatal(err)
	}
	if m, ok := w.State.MemberOf(who); !ok || !m.Active {
		t.Fatal("admitted applicant is not an active member")
	}
}

func TestOnlyTheRegistrarAdmits(t *testing.T) {
	w := small(t)
	who := demo.Pub(newcomer(1))
	refs := vouchAll(t, w, w.Keys[1:4], who)
	wantInvalid(t, try(t, w, w.Keys[2], core.KindAdmit, core.Admit{Applicant: who}, refs), "only the registrar")
}

func TestVouchesExpire(t *testing.T) {
	w := small(t)
	who := demo.Pub(newcomer(1))
	refs := vouchAll(t, w, w.Keys[1:4], who)
	w.Advance(31 * dayMs)
	wantInvalid(t, try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: who}, refs), "within 30 days")
}

func TestNonMembersCannotVouchOrLeave(t *testing.T) {
	w := small(t)
	outsider := newcomer(7)
	wantInvalid(t, try(t, w, outsider, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(1))}, nil), "not a member")
	wantInvalid(t, try(t, w, outsider, core.KindLeave, core.Leave{}, nil), "not a member")
}

func TestNoOneVouchesForThemselves(t *testing.T) {
	w := small(t)
	wantInvalid(t, try(t, w, w.Keys[1], core.KindVouch, core.Vouch{Applicant: demo.Pub(w.Keys[1])}, nil), "themselves")
}

func TestSybilRingOfFakeMembersCannotVouch(t *testing.T) {
	// Outsiders vouch for each other: none of it counts, no one gets in.
	w := small(t)
	ring := []ed25519.PrivateKey{newcomer(1), newcomer(2), newcomer(3), newcomer(4)}
	target := demo.Pub(newcomer(5))
	var refs []ids.Hash
	for _, k := range ring {
		e, _, _ := w.Sign(k, core.KindVouch, core.Vouch{Applicant: target}, nil)
		if err := w.Offer(e); err == nil {
			t.Fatal("an outsider's vouch was accepted")
		}
		refs = append(refs, e.ID)
	}
	wantInvalid(t, try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: target}, refs), "has 0")
}

func TestLeaveAndReadmission(t *testing.T) {
	w := small(t)
	k := newcomer(1)
	who := demo.Pub(k)
	admit, err := w.Post(w.Keys[0], core.KindAdmit, core.Admit{Applicant: who}, vouchAll(t, w, w.Keys[1:4], who))
	if err != nil {
		t.Fatal(err)
	}
	// a member's entry must cite their admission
	wantInvalid(t, try(t, w, k, core.KindLeave, core.Leave{}, nil), "not a member")
	leave, err := w.Post(k, core.KindLeave, core.Leave{Reason: "moving"}, []ids.Hash{admit.ID})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := w.State.MemberOf(who); m.Active {
		t.Fatal("still active after leaving")
	}
	// after leaving, the old admission no longer makes them a member
	wantInvalid(t, try(t, w, k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(2))}, []ids.Hash{admit.ID}), "not a member")
	var vs []ids.Hash // vouches for the second membership, epoch 1
	for _, v := range w.Keys[1:4] {
		e, err := w.Post(v, core.KindVouch, core.Vouch{Applicant: who, Epoch: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, e.ID)
	}
	wantInvalid(t, try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: who, Epoch: 1}, vs), "reference the applicant's leave")
	if _, err := w.Post(w.Keys[0], core.KindAdmit, core.Admit{Applicant: who, Epoch: 1}, append(vs, leave.ID)); err != nil {
		t.Fatal(err)
	}
	if m, _ := w.State.MemberOf(who); !m.Active || m.Epoch != 1 {
		t.Fatalf("re-admitted member row %+v", m)
	}
}

func TestFoundersAreNotAdmittedAgain(t *testing.T) {
	w := small(t)
	f := demo.Pub(w.Keys[4])
	refs := vouchAll(t, w, w.Keys[1:4], f)
	wantInvalid(t, try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: f}, refs), "founder")
}

func TestGenesisMustBeSignedByEveryFounder(t *testing.T) {
	keys := []ed25519.PrivateKey{demo.Key(1, 0), demo.Key(1, 1)}
	c := demo.Charter(demo.Pub(keys[0]))
	g, err := core.BuildGenesis(c, keys, demo.DefaultStart)
	if err != nil {
		t.Fatal(err)
	}
	var body core.Genesis
	if err := entry.Unmarshal(g.Body, &body); err != nil {
		t.Fatal(err)
	}
	body.Sigs[1][0] ^= 1 // one founder's signature forged
	raw, _ := entry.EncodeBody(body)
	forged, _ := entry.Sign(entry.Entry{Author: g.Author, Seq: 1, Time: g.Time, Kind: entry.GenesisKind, Body: raw}, keys[0])
	_, err = core.New(core.DefaultRegistry()).Apply(forged, nil)
	if !errors.Is(err, entry.ErrMalformed) || !strings.Contains(err.Error(), "did not sign") {
		t.Fatalf("forged genesis: %v", err)
	}
	st := core.New(core.DefaultRegistry())
	if _, err := st.Apply(g, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(g, nil); err == nil {
		t.Fatal("a second genesis was accepted")
	}
}

func TestCharterValidation(t *testing.T) {
	bad := []struct {
		name string
		json string
		says string
	}{
		{"unknown field", `{"version":1,"name":"x","membership":{"vouches_required":3,"vouch_ttl_days":30},"mony":{}}`, "unknown field"},
		{"k zero", `{"version":1,"name":"x","membership":{"vouches_required":0,"vouch_ttl_days":30}}`, "vouches_required"},
		{"newer version", `{"version":9,"name":"x","membership":{"vouches_required":3,"vouch_ttl_days":30}}`, "version 9"},
		{"no name", `{"version":1,"membership":{"vouches_required":3,"vouch_ttl_days":30}}`, "name"},
		{"bad key", `{"version":1,"name":"x","membership":{"registrar":"zz","vouches_required":3,"vouch_ttl_days":30}}`, "hex"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			_, err := charter.ParseJSON([]byte(b.json))
			if err == nil || !strings.Contains(err.Error(), b.says) {
				t.Fatalf("got %v, want an error saying %q", err, b.says)
			}
		})
	}
}

func TestAYoungNodeRampsUpToKVouches(t *testing.T) {
	w, err := demo.Generate(demo.Config{Members: 1, Days: 0, Seed: 4}) // one founder, k = 3
	if err != nil {
		t.Fatal(err)
	}
	founder := w.Keys[0]
	admit := func(k ed25519.PrivateKey, vouchers []ed25519.PrivateKey) error {
		who := demo.Pub(k)
		var refs []ids.Hash
		for _, v := range vouchers {
			e, err := w.Post(v, core.KindVouch, core.Vouch{Applicant: who}, w.State.MembershipRefs(demo.Pub(v)))
			if err != nil {
				t.Fatal(err)
			}
			refs = append(refs, e.ID)
		}
		return try(t, w, founder, core.KindAdmit, core.Admit{Applicant: who}, refs)
	}
	a, b, c, d := newcomer(1), newcomer(2), newcomer(3), newcomer(4)
	if err := admit(a, []ed25519.PrivateKey{founder}); err != nil {
		t.Fatalf("first admission with the one founder's vouch: %v", err)
	}
	wantInvalid(t, admit(b, []ed25519.PrivateKey{founder}), "needs 2 vouches")
	// b's vouch by a needs a's admission as reference; vouchAll does that via MembershipRefs
	if err := admit(b, []ed25519.PrivateKey{founder, a}); err != nil {
		t.Fatalf("second admission with two vouches: %v", err)
	}
	wantInvalid(t, admit(c, []ed25519.PrivateKey{founder, a}), "needs 3 vouches")
	if err := admit(d, []ed25519.PrivateKey{founder, a, b}); err != nil {
		t.Fatalf("third admission with k vouches: %v", err)
	}
}

// weakKeys are public keys anyone can sign for: the identity point (R =
// identity, S = 0 verifies any message), a point of order 2, and bytes that
// are not a point at all.
func weakKeys() map[string]ids.PubKey {
	identity := ids.PubKey{1}
	var order2 ids.PubKey // y = p-1 = 2^255 - 20
	order2[0] = 0xec
	for i := 1; i < 31; i++ {
		order2[i] = 0xff
	}
	order2[31] = 0x7f
	var notAPoint ids.PubKey
	notAPoint[0] = 2
	return map[string]ids.PubKey{"identity": identity, "order 2": order2, "not a point": notAPoint}
}

func TestWeakKeysCannotBecomeMembers(t *testing.T) {
	for name, k := range weakKeys() {
		t.Run(name, func(t *testing.T) {
			if k.CheckMemberKey() == nil {
				t.Fatal("CheckMemberKey accepted it")
			}
			w := small(t)
			// vouching for it is pointless but harmless (checked where it would count):
			// even with k vouches, the admission is refused
			refs := vouchAll(t, w, w.Keys[1:4], k)
			wantInvalid(t, try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: k}, refs), "key")
		})
	}
	if err := demo.Pub(newcomer(1)).CheckMemberKey(); err != nil {
		t.Fatalf("a real key was refused: %v", err)
	}
}

func TestGenesisRefusesAWeakFounder(t *testing.T) {
	good := demo.Key(1, 0)
	c := demo.Charter(demo.Pub(good))
	g, err := core.BuildGenesis(c, []ed25519.PrivateKey{good}, demo.DefaultStart)
	if err != nil {
		t.Fatal(err)
	}
	var body core.Genesis
	if err := entry.Unmarshal(g.Body, &body); err != nil {
		t.Fatal(err)
	}
	weak := weakKeys()["identity"]
	body.Founders = append(body.Founders, weak)
	slicesSortKeys(body.Founders) // founders must be sorted
	body.Sigs = make([][]byte, len(body.Founders))
	msg, _ := core.FounderMessage(body.Charter, body.Founders)
	for i, f := range body.Founders {
		if f == weak {
			body.Sigs[i] = append([]byte{1}, make([]byte, 63)...) // R = identity, S = 0: "verifies"
		} else {
			body.Sigs[i] = ed25519.Sign(good, msg)
		}
	}
	raw, _ := entry.EncodeBody(body)
	e, _ := entry.Sign(entry.Entry{Author: demo.Pub(good), Seq: 1, Time: g.Time, Kind: entry.GenesisKind, Body: raw}, good)
	_, err = core.New(core.DefaultRegistry()).Apply(e, nil)
	if !errors.Is(err, entry.ErrMalformed) || !strings.Contains(err.Error(), "weak") {
		t.Fatalf("genesis with a weak founder: %v", err)
	}
}

func slicesSortKeys(ks []ids.PubKey) {
	slices.SortFunc(ks, func(a, b ids.PubKey) int { return bytes.Compare(a[:], b[:]) })
}

func TestAVouchDatedLongAgoNeverCounts(t *testing.T) {
	// A member dates a vouch far in the past so that it would never expire
	// (and, at time 0, an overflowing "now - then" would have made it eternal).
	w := small(t)
	who := demo.Pub(newcomer(1))
	b, _ := entry.EncodeBody(core.Vouch{Applicant: who})
	k := w.Keys[1]
	e, err := entry.Sign(entry.Entry{Author: demo.Pub(k), Seq: 1, Time: 0, Node: w.Node, Kind: core.KindVouch, Body: b}, k)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, w.Offer(e), "before the node was founded")
	refs := append([]ids.Hash{e.ID}, vouchAll(t, w, w.Keys[2:4], who)...)
	wantInvalid(t, try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: who}, refs), "has 2")
}

func TestVouchesForNamesEachVoucherOnce(t *testing.T) {
	// One member vouches 70 times, two others once: an admission must still
	// be able to cite three distinct vouchers within the 64 refs.
	w := small(t)
	who := demo.Pub(newcomer(1))
	for range 70 {
		vouchAll(t, w, w.Keys[1:2], who)
	}
	vouchAll(t, w, w.Keys[2:4], who)
	refs := w.State.VouchesFor(who, 0, w.Clock()+1)
	if len(refs) != 3 {
		t.Fatalf("VouchesFor gave %d refs, want one per voucher (3)", len(refs))
	}
	if err := try(t, w, w.Keys[0], core.KindAdmit, core.Admit{Applicant: who}, refs); err != nil {
		t.Fatal(err)
	}
}

func TestForkedAuthorsSurviveALoad(t *testing.T) {
	w := small(t)
	a := w.Keys[1]
	x, _, _ := w.Sign(a, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(1))}, nil)
	y, _, _ := w.Sign(a, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(2))}, nil)
	y2, _ := entry.Sign(entry.Entry{Author: y.Author, Seq: x.Seq, Prev: x.Prev, Time: y.Time, Node: y.Node, Kind: y.Kind, Body: y.Body}, a)
	proof, err := entry.NewForkProof(x, y2)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := proof.Verify()
	w.State.RecordFork(f)
	loaded := core.New(core.DefaultRegistry())
	for _, r := range w.State.Changes() {
		if r.Val != nil {
			if err := loaded.LoadRow(r.Table, r.Key, r.Val); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := loaded.Loaded(); err != nil {
		t.Fatal(err)
	}
	if !loaded.Forked(demo.Pub(a)) || loaded.Forked(demo.Pub(w.Keys[2])) {
		t.Fatal("the forked-author index was not restored from the fork rows")
	}
}

// The vouch table is decoded lazily after a load (most of a town's rows):
// a loaded state answers VouchesFor and validates an admission exactly as
// the state it was saved from, and reaches the same hash after it.
func TestLoadedVouchesServeAnAdmission(t *testing.T) {
	w := small(t)
	who := demo.Pub(newcomer(1))
	vouchAll(t, w, w.Keys[1:4], who)
	loaded := core.New(core.DefaultRegistry())
	for _, r := range w.State.Changes() {
		if r.Val != nil {
			if err := loaded.LoadRow(r.Table, r.Key, r.Val); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := loaded.Loaded(); err != nil {
		t.Fatal(err)
	}
	if got, want := loaded.Counts()["vouch"], w.State.Counts()["vouch"]; got != want || got == 0 {
		t.Fatalf("vouch rows loaded %d, want %d", got, want)
	}
	refs := loaded.VouchesFor(who, 0, w.Clock()+1)
	if want := w.State.VouchesFor(who, 0, w.Clock()+1); !slices.Equal(refs, want) || len(refs) != 3 {
		t.Fatalf("VouchesFor after a load %v, want %v", refs, want)
	}
	e, prev, err := w.Sign(w.Keys[0], core.KindAdmit, core.Admit{Applicant: who}, refs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loaded.Apply(e, prev); err != nil {
		t.Fatalf("the admission on the loaded state: %v", err)
	}
	if _, err := w.State.Apply(e, prev); err != nil {
		t.Fatal(err)
	}
	if loaded.Hash() != w.State.Hash() {
		t.Fatal("the loaded state and the original differ after the same admission")
	}
}
