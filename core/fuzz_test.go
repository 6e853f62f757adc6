package core_test

import (
	"crypto/ed25519"
	"math/rand/v2"
	"reflect"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// chaos adds n random acts to a small node: payments (some over the
// balance), receives (some of payments to others, some twice), vouches,
// leaves, refs to nothing, bodies of the wrong kind, rations (chaosRation).
// Each is applied as a replica would (valid or not); the world keeps the
// ones that were stored.
func chaos(t *testing.T, w *demo.World, rng *rand.Rand, n int) {
	t.Helper()
	var pays []*entry.Signed
	for range n {
		k := w.Keys[rng.IntN(len(w.Keys))]
		e := chaosEntry(t, w, rng, k, pays)
		if err := w.Offer(e); err == nil && e.Kind == core.KindPay {
			pays = append(pays, e)
		}
		w.Advance(int64(rng.IntN(3)) * dayMs)
	}
}

func chaosEntry(t *testing.T, w *demo.World, rng *rand.Rand, k ed25519.PrivateKey, pays []*entry.Signed) *entry.Signed {
	t.Helper()
	other := demo.Pub(w.Keys[rng.IntN(len(w.Keys))])
	refs := w.State.MembershipRefs(demo.Pub(k))
	var kind string
	var body any
	switch r := rng.IntN(13); {
	case r >= 10:
		kind, body, refs, k = chaosRation(w, rng, k, refs)
	case r < 4:
		kind, body = core.KindPay, core.Pay{To: other, Amount: 1 + rng.Int64N(60_000*money.Unit)}
	case r < 7 && len(pays) > 0:
		p := pays[rng.IntN(len(pays))]
		kind, body = core.KindReceive, core.Receive{Pay: p.ID}
		refs = append(refs, p.ID)
	case r < 8:
		kind, body = core.KindVouch, core.Vouch{Applicant: other}
	case r < 9:
		kind, body = core.KindReceive, core.Receive{Pay: ids.Hash{byte(rng.IntN(256))}} // claims nothing real
	default:
		kind, body = core.KindLeave, core.Pay{To: other, Amount: 1} // a body of the wrong kind
	}
	e, _, err := w.Sign(k, kind, body, refs)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func checkFold(t *testing.T, seed uint64) {
	w, err := demo.Generate(demo.Config{Members: 8, Days: 2, Seed: int64(seed % 1000)})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 99))
	chaos(t, w, rng, 60)
	want := w.State.Hash()
	_, wantChains := foldChains(t, w.Entries, 0)
	for round := range 2 {
		st, chains := foldChains(t, randomTopo(w.Entries, rng), 1+rng.IntN(9))
		if st.Hash() != want {
			t.Fatalf("seed %d order %d: the state hash depends on the order", seed, round)
		}
		if !reflect.DeepEqual(st.EmergencyCases(w.Clock()), w.State.EmergencyCases(w.Clock())) {
			t.Fatalf("seed %d order %d: the emergencies' states depend on the order", seed, round)
		}
		for id, c := range wantChains {
			if chains[id] != c {
				t.Fatalf("seed %d order %d: chain state after %s depends on the order", seed, round, id.Short())
			}
		}
	}
	rep := w.State.Audit(w.Chains(), w.State.Period(w.Clock()))
	if !rep.Conserved || !rep.AccountsAddUp {
		t.Fatalf("seed %d: money not conserved: %+v", seed, rep)
	}
	for k, c := range w.Chains() {
		if c.Acct.Balance < 0 {
			t.Fatalf("seed %d: %s has a negative balance without any fork", seed, k.Short())
		}
	}
}

// FuzzFold: for any seed, random legal and illegal acts give the same state
// and balances in any causal order, money stays conserved to the micro-unit,
// and no balance goes negative (there are no forks here).
func FuzzFold(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 42, 1 << 40} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) { checkFold(t, seed) })
}

func TestFoldPropertiesOverManySeeds(t *testing.T) {
	n := uint64(40)
	if testing.Short() {
		n = 8
	}
	for seed := uint64(100); seed < 100+n; seed++ {
		checkFold(t, seed)
	}
}
