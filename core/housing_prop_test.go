package core_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/ids"
)

func randomRound(rng *rand.Rand) (ids.Hash, []core.Waiting, []core.FreeDwelling) {
	var round ids.Hash
	round[0], round[1] = byte(rng.Uint32()), byte(rng.Uint32())
	var pool []core.Waiting
	for i := range 1 + rng.IntN(40) {
		w := core.Waiting{Time: rng.Int64N(20), Attrs: core.Attrs{Size: uint8(1 + rng.IntN(6))}} // many equal times: the draw decides
		w.App[0], w.App[1], w.Applicant[0], w.Applicant[1] = byte(i), 1, byte(i), 2
		if rng.IntN(4) == 0 {
			w.Attrs.Access = 1 + uint32(rng.IntN(3))
		}
		if rng.IntN(3) == 0 {
			w.Attrs.Districts = 1 << rng.IntN(3)
		}
		pool = append(pool, w)
	}
	var free []core.FreeDwelling
	for i := range rng.IntN(30) {
		d := core.FreeDwelling{Row: core.DwellingRow{Rooms: uint8(1 + rng.IntN(4)), Area: uint32(20 + rng.IntN(80)),
			District: uint8(rng.IntN(3)), Features: uint32(rng.IntN(4))}}
		d.ID[0], d.ID[1] = byte(i), 3
		free = append(free, d)
	}
	return round, pool, free
}

// Fairness, for many seeded random rounds: no household gets a dwelling
// that does not fit it, no dwelling goes twice, the queue is by waiting
// time, and a household left without a home had every dwelling that fits
// it taken by a household ahead of it. The result does not depend on the
// order the inputs are listed in.
func TestAllocationIsFairAndOrderFree(t *testing.T) {
	h := demo.DemoHousing(demo.Pub(demo.Key(1, 1)))
	rng := rand.New(rand.NewPCG(77, 1))
	for range 300 {
		round, pool, free := randomRound(rng)
		vs := core.Allocate(h, round, pool, free)
		checkFair(t, h, vs, free)
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
		if again := core.Allocate(h, round, pool, free); !slices.Equal(again, vs) {
			t.Fatal("the allocation depends on the order of its inputs")
		}
	}
}

func checkFair(t *testing.T, h *charter.Housing, vs []core.AllocVerdict, free []core.FreeDwelling) {
	t.Helper()
	row := map[ids.Hash]core.DwellingRow{}
	for _, d := range free {
		row[d.ID] = d.Row
	}
	takenAt := map[ids.Hash]int{}
	for i, v := range vs {
		if i > 0 && vs[i-1].Waiting.Time > v.Waiting.Time {
			t.Fatal("the queue is not by waiting time")
		}
		if v.Dwelling.IsZero() {
			continue
		}
		if !core.Fits(h, v.Waiting.Attrs, row[v.Dwelling]) {
			t.Fatalf("rank %d got a dwelling that does not fit it", v.Rank)
		}
		if _, twice := takenAt[v.Dwelling]; twice {
			t.Fatal("a dwelling went to two households")
		}
		takenAt[v.Dwelling] = v.Rank
	}
	for _, v := range vs {
		if !v.Dwelling.IsZero() {
			continue
		}
		for _, d := range free {
			if rank, taken := takenAt[d.ID]; core.Fits(h, v.Waiting.Attrs, d.Row) && (!taken || rank > v.Rank) {
				t.Fatalf("rank %d went without though a dwelling that fits it was free or went to rank %d", v.Rank, rank)
			}
		}
	}
}

// Every replica computes the same rounds from the same entries, whatever
// order they arrive in: the state hash and the map of homes agree.
func TestHousingRoundsAgreeInAnyCausalOrder(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		w, err := demo.Generate(demo.Config{Members: 40, Days: 29, Seed: 100 + seed})
		if err != nil {
			t.Fatal(err)
		}
		_, tip, ok := w.State.HousingTip()
		if !ok || len(tip.Homes) == 0 {
			t.Fatal("the demo closed no round")
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 9))
		for range 3 {
			st := fold(t, randomTopo(w.Entries, rng), 1+rng.IntN(30))
			_, got, _ := st.HousingTip()
			if st.Hash() != w.State.Hash() || !slices.Equal(got.Homes, tip.Homes) {
				t.Fatalf("seed %d: a replica computed a different allocation", seed)
			}
		}
	}
}

// BenchmarkAllocate: a large round, 1,000 households for 256 dwellings.
func BenchmarkAllocate(b *testing.B) {
	h := demo.DemoHousing(demo.Pub(demo.Key(1, 1)))
	rng := rand.New(rand.NewPCG(5, 5))
	var pool []core.Waiting
	for i := range 1000 {
		w := core.Waiting{Time: rng.Int64N(1e9), Attrs: core.Attrs{Size: uint8(1 + rng.IntN(6))}}
		w.App[0], w.App[1], w.Applicant[0], w.Applicant[1] = byte(i), byte(i>>8), byte(i), byte(i>>8)
		pool = append(pool, w)
	}
	var free []core.FreeDwelling
	for i := range core.MaxCovered {
		d := core.FreeDwelling{Row: core.DwellingRow{Rooms: uint8(1 + rng.IntN(4)), Area: 50, District: uint8(rng.IntN(3))}}
		d.ID[0], d.ID[1] = byte(i), 7
		free = append(free, d)
	}
	var round ids.Hash
	for b.Loop() {
		core.Allocate(h, round, pool, free)
	}
}
