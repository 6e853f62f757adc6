package store_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// queryStore is a demo node ingested in random batches, so that the stored
// order (ord) differs from the world's.
func queryStore(t *testing.T) (*demo.World, *store.Store) {
	t.Helper()
	w := world(t, 40, 10, 8)
	rng := rand.New(rand.NewPCG(8, 8))
	s := newStore(t, w)
	for _, b := range randomBatches(shuffled(w.Entries, rng), rng) {
		ingest(t, s, b, receiverNow(w))
	}
	return w, s
}

func TestLog(t *testing.T) {
	w, s := queryStore(t)
	all, err := s.Log(store.LogQuery{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(w.Entries) {
		t.Fatalf("the whole log has %d rows, want %d", len(all), len(w.Entries))
	}
	byID := map[ids.Hash]*entry.Signed{}
	for _, e := range w.Entries {
		byID[e.ID] = e
	}
	seen := map[ids.Hash]bool{}
	for i, r := range all {
		e := byID[r.ID]
		switch {
		case e == nil:
			t.Fatalf("row %d: unknown entry %s", i, r.ID.Short())
		case seen[r.ID]:
			t.Fatalf("row %d: entry %s listed twice", i, r.ID.Short())
		case i > 0 && r.Ord >= all[i-1].Ord:
			t.Fatalf("row %d: ord %d after %d, want newest first", i, r.Ord, all[i-1].Ord)
		case r.Author != e.Author || r.Seq != e.Seq || r.Kind != e.Kind || r.Time != e.Time || r.Invalid != "":
			t.Fatalf("row %d: %+v does not describe its entry", i, r)
		}
		seen[r.ID] = true
	}

	registrar := w.Charter.Membership.Registrar
	member := demo.Pub(activeMember(t, w))
	nobody := demo.Pub(newKey(1))
	tests := []struct {
		name string
		q    store.LogQuery
		keep func(r store.LogRow) bool // which rows of the whole log it lists
		max  int                       // the limit in effect
	}{
		{"no filter, default limit", store.LogQuery{}, nil, 50},
		{"limit", store.LogQuery{Limit: 7}, nil, 7},
		{"by author", store.LogQuery{Author: &registrar, Limit: 1000},
			func(r store.LogRow) bool { return r.Author == registrar }, 1000},
		{"by another author", store.LogQuery{Author: &member, Limit: 1000},
			func(r store.LogRow) bool { return r.Author == member }, 1000},
		{"by an unknown author", store.LogQuery{Author: &nobody}, func(store.LogRow) bool { return false }, 50},
		{"by kind", store.LogQuery{Kind: core.KindAdmit, Limit: 1000},
			func(r store.LogRow) bool { return r.Kind == core.KindAdmit }, 1000},
		{"by kind, limited", store.LogQuery{Kind: core.KindVouch, Limit: 10},
			func(r store.LogRow) bool { return r.Kind == core.KindVouch }, 10},
		{"by author and kind", store.LogQuery{Author: &registrar, Kind: core.KindVouch, Limit: 1000},
			func(r store.LogRow) bool { return r.Author == registrar && r.Kind == core.KindVouch }, 1000},
		{"before", store.LogQuery{Before: all[20].Ord, Limit: 1000},
			func(r store.LogRow) bool { return r.Ord < all[20].Ord }, 1000},
		{"before, by kind", store.LogQuery{Before: all[20].Ord, Kind: core.KindLeave, Limit: 1000},
			func(r store.LogRow) bool { return r.Ord < all[20].Ord && r.Kind == core.KindLeave }, 1000},
		{"before the first", store.LogQuery{Before: all[len(all)-1].Ord}, func(store.LogRow) bool { return false }, 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []store.LogRow
			for _, r := range all {
				if (tc.keep == nil || tc.keep(r)) && len(want) < tc.max {
					want = append(want, r)
				}
			}
			got, err := s.Log(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d rows, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("row %d: %+v, want %+v", i, got[i], want[i])
				}
			}
			if tc.name == "by kind" || tc.name == "by author" {
				if len(got) == 0 {
					t.Fatal("the filter matched nothing: the test proves nothing")
				}
			}
		})
	}

	// Paging with Before walks the whole log exactly once.
	var paged []store.LogRow
	q := store.LogQuery{Limit: 9}
	for {
		page, err := s.Log(q)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 9 {
			t.Fatalf("a page of %d rows, limit 9", len(page))
		}
		paged = append(paged, page...)
		q.Before = page[len(page)-1].Ord
	}
	if len(paged) != len(all) {
		t.Fatalf("paging gave %d rows, want %d", len(paged), len(all))
	}
	for i := range paged {
		if paged[i] != all[i] {
			t.Fatalf("paged row %d differs", i)
		}
	}
}

func TestRawPaging(t *testing.T) {
	w, s := queryStore(t)
	all, err := s.Log(store.LogQuery{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 7, 50, len(w.Entries), len(w.Entries) + 10} {
		var order []ids.Hash
		var after int64
		applied := map[ids.Hash]bool{}
		for pages := 0; ; pages++ {
			raws, last, err := s.Raw(after, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(raws) > limit {
				t.Fatalf("limit %d: a page of %d", limit, len(raws))
			}
			if len(raws) == 0 {
				if last != after {
					t.Fatalf("limit %d: an empty page moved the cursor from %d to %d", limit, after, last)
				}
				break
			}
			if last <= after {
				t.Fatalf("limit %d: the cursor went from %d to %d", limit, after, last)
			}
			for _, raw := range raws {
				e, err := entry.DecodeVerified(raw)
				if err != nil {
					t.Fatal(err)
				}
				// Application order: every dependency comes first, so a
				// peer can replay the pages as they come.
				for _, d := range core.Deps(e) {
					if !applied[d] {
						t.Fatalf("limit %d: entry %s comes before its dependency %s", limit, e.ID.Short(), d.Short())
					}
				}
				applied[e.ID] = true
				order = append(order, e.ID)
			}
			after = last
			if pages > len(w.Entries)+1 {
				t.Fatalf("limit %d: paging does not end", limit)
			}
		}
		if len(order) != len(w.Entries) || len(applied) != len(w.Entries) {
			t.Fatalf("limit %d: %d entries (%d distinct), want %d", limit, len(order), len(applied), len(w.Entries))
		}
		// The same order as the log's, reversed.
		for i, id := range order {
			if id != all[len(all)-1-i].ID {
				t.Fatalf("limit %d: entry %d is not the log's", limit, i)
			}
		}
		if after != all[0].Ord {
			t.Errorf("limit %d: the final cursor is %d, the newest ord %d", limit, after, all[0].Ord)
		}
	}

	// The pages replay into a fresh store with the same state.
	var raws [][]byte
	var after int64
	for {
		page, last, err := s.Raw(after, 13)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		raws = append(raws, page...)
		after = last
	}
	s2 := newStore(t, w)
	res, err := s2.Ingest(raws, receiverNow(w))
	if err != nil || len(res.Rejected) != 0 || len(res.Added) != len(w.Entries) {
		t.Fatalf("replaying the pages: %+v, %v", res, err)
	}
	if got := stats(t, s2).StateHash; got != w.State.Hash() {
		t.Errorf("replayed state %s, want %s", got.Short(), w.State.Hash().Short())
	}
}

func TestEntry(t *testing.T) {
	w, s := queryStore(t)
	for _, e := range []*entry.Signed{w.Entries[0], w.Entries[len(w.Entries)/2], w.Entries[len(w.Entries)-1]} {
		got, err := s.Entry(e.ID)
		if err != nil {
			t.Fatalf("Entry(%s): %v", e.ID.Short(), err)
		}
		if got.ID != e.ID || string(got.Raw) != string(e.Raw) || got.Seq != e.Seq {
			t.Errorf("Entry(%s) returned another entry", e.ID.Short())
		}
	}
	for _, id := range []ids.Hash{{}, ids.Sum("unknown", nil)} {
		if _, err := s.Entry(id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Entry(%s): %v, want ErrNotFound", id.Short(), err)
		}
	}
	// A parked entry is not an entry of the log yet.
	pendingOne := vouchBy(t, w, activeMember(t, w), demo.Pub(newKey(1)), w.Clock())
	orphan := chainAfter(t, pendingOne, activeMember(t, w), core.KindLeave, core.Leave{}, nil, w.Clock())
	if res := ingest(t, s, []*entry.Signed{orphan}, receiverNow(w)); res.Pending != 1 {
		t.Fatalf("the orphan was not parked: %+v", res)
	}
	if _, err := s.Entry(orphan.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entry of a parked entry: %v, want ErrNotFound", err)
	}
}
