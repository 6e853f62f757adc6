package core_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

// randomTopo returns the entries in a random order that still applies every
// entry after its dependencies (its prev, its refs and the genesis).
func randomTopo(es []*entry.Signed, rng *rand.Rand) []*entry.Signed {
	done := map[ids.Hash]bool{}
	left := append([]*entry.Signed(nil), es...)
	out := make([]*entry.Signed, 0, len(es))
	for len(left) > 0 {
		var ready []int
		for i, e := range left {
			if depsDone(e, done) {
				ready = append(ready, i)
			}
		}
		i := ready[rng.IntN(len(ready))]
		e := left[i]
		out = append(out, e)
		done[e.ID] = true
		left = append(left[:i], left[i+1:]...)
	}
	return out
}

func depsDone(e *entry.Signed, done map[ids.Hash]bool) bool {
	for _, d := range core.Deps(e) {
		if !done[d] {
			return false
		}
	}
	return true
}

// fold applies entries in the given order to a fresh state, hashing now and
// then (an incremental replica), and returns the state.
func fold(t testing.TB, es []*entry.Signed, hashEvery int) *core.State {
	st, _ := foldChains(t, es, hashEvery)
	return st
}

// foldChains is fold that also returns the chain state after every entry
// (balances included), which the state hash does not cover.
func foldChains(t testing.TB, es []*entry.Signed, hashEvery int) (*core.State, map[ids.Hash]core.ChainState) {
	st := core.New(core.DefaultRegistry())
	chains := map[ids.Hash]core.ChainState{}
	for i, e := range es {
		var prev *core.ChainState
		if e.Seq > 1 {
			p, ok := chains[e.Prev]
			if !ok {
				t.Fatalf("entry %d applied before its prev", i)
			}
			prev = &p
		}
		next, err := st.Apply(e, prev)
		if err != nil && !errors.Is(err, entry.ErrInvalid) { // invalid entries are kept, with no effect
			t.Fatalf("entry %d (%s): %v", i, e.Kind, err)
		}
		chains[e.ID] = next
		if hashEvery > 0 && i%hashEvery == 0 {
			st.Hash()
		}
	}
	return st, chains
}

func TestAnyCausalOrderGivesTheSameStateHash(t *testing.T) {
	for seed := int64(1); seed <= 5; seed++ {
		w, err := demo.Generate(demo.Config{Members: 30, Days: 20, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		want := w.State.Hash()
		_, wantChains := foldChains(t, w.Entries, 0)
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		for round := range 4 {
			order := randomTopo(w.Entries, rng)
			st, chains := foldChains(t, order, 1+rng.IntN(50))
			if got := st.Hash(); got != want {
				t.Fatalf("seed %d round %d: hash %s, want %s", seed, round, got.Short(), want.Short())
			}
			for id, c := range wantChains {
				if chains[id] != c {
					t.Fatalf("seed %d round %d: chain state (account) after %s differs: %+v vs %+v", seed, round, id.Short(), chains[id], c)
				}
			}
		}
	}
}

func TestRebuildFromEntriesEqualsIncremental(t *testing.T) {
	w, err := demo.Generate(demo.Config{Members: 50, Days: 30, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	incremental := fold(t, w.Entries, 1) // hashed after every entry
	rebuilt := fold(t, w.Entries, 0)     // hashed once at the end
	if incremental.Hash() != rebuilt.Hash() {
		t.Fatal("incremental hashing and a single rebuild disagree")
	}
}

func TestStateSurvivesPersistAndLoad(t *testing.T) {
	w, err := demo.Generate(demo.Config{Members: 20, Days: 5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	rows := w.State.Changes()
	loaded := core.New(core.DefaultRegistry())
	for _, r := range rows {
		if r.Val == nil {
			continue
		}
		if err := loaded.LoadRow(r.Table, r.Key, r.Val); err != nil {
			t.Fatal(err)
		}
	}
	if err := loaded.Loaded(); err != nil {
		t.Fatal(err)
	}
	if loaded.Hash() != w.State.Hash() {
		t.Fatal("a state loaded from its rows hashes differently")
	}
	if loaded.Node() != w.Node || loaded.ActiveMembers() != w.State.ActiveMembers() {
		t.Fatal("loaded state lost its node or members")
	}
}

func TestDifferentEntrySetsGiveDifferentHashes(t *testing.T) {
	w, err := demo.Generate(demo.Config{Members: 20, Days: 5, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	all := fold(t, w.Entries, 0).Hash()
	fewer := fold(t, w.Entries[:len(w.Entries)-1], 0).Hash()
	if all == fewer {
		t.Fatal("dropping the last entry did not change the state hash")
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	a, _ := demo.Generate(demo.Config{Members: 25, Days: 7, Seed: 5})
	b, _ := demo.Generate(demo.Config{Members: 25, Days: 7, Seed: 5})
	c, _ := demo.Generate(demo.Config{Members: 25, Days: 7, Seed: 6})
	if a.State.Hash() != b.State.Hash() || len(a.Entries) != len(b.Entries) {
		t.Fatal("same seed, different node")
	}
	if a.State.Hash() == c.State.Hash() {
		t.Fatal("different seeds, same node")
	}
	if got := a.State.ActiveMembers(); got < 20 {
		t.Fatalf("only %d active members of 25", got)
	}
}

func TestChainStateBinaryRoundTrip(t *testing.T) {
	w, err := demo.Generate(demo.Config{Members: 30, Days: 40, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range w.Chains() {
		b, _ := c.MarshalBinary()
		var back core.ChainState
		if err := back.UnmarshalBinary(b); err != nil || back != c {
			t.Fatalf("%s: %+v -> %+v (%v)", k.Short(), c, back, err)
		}
	}
	var bad core.ChainState
	if bad.UnmarshalBinary(make([]byte, 10)) == nil {
		t.Fatal("a short chain state was accepted")
	}
}
