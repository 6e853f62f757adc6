package store_test

import (
	"fmt"
	"testing"
	"time"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// forkWorld is a demo node plus three entries by one member competing for
// the same position of their chain: vouches for three different applicants.
func forkWorld(t *testing.T) (w *demo.World, author ids.PubKey, rivals []*entry.Signed) {
	t.Helper()
	w = world(t, 40, 10, 6)
	m := activeMember(t, w)
	for i := range 3 {
		rivals = append(rivals, vouchBy(t, w, m, demo.Pub(newKey(10+i)), w.Clock()+int64(i)))
	}
	for _, r := range rivals[1:] {
		if r.Seq != rivals[0].Seq || r.Prev != rivals[0].Prev || r.ID == rivals[0].ID {
			t.Fatal("the rivals do not compete for one position")
		}
	}
	return w, demo.Pub(m), rivals
}

type forkState struct {
	hash   ids.Hash
	forked bool
	counts map[string]int
}

func viewFork(s *store.Store, author ids.PubKey) forkState {
	var f forkState
	s.View(func(st *core.State) {
		f = forkState{hash: st.Hash(), forked: st.Forked(author), counts: st.Counts()}
	})
	return f
}

func TestForksAreRecordedWhateverTheOrder(t *testing.T) {
	w, author, rivals := forkWorld(t)
	now := receiverNow(w)
	a, b, c := rivals[0], rivals[1], rivals[2]
	orders := [][]*entry.Signed{{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}}

	pairHash := map[[2]ids.Hash]ids.Hash{} // unordered pair -> state hash after it
	var final ids.Hash
	for _, order := range orders {
		for _, oneBatch := range []bool{false, true} {
			name := fmt.Sprintf("%s,%s,%s", order[0].ID.Short(), order[1].ID.Short(), order[2].ID.Short())
			if oneBatch {
				name += " in one batch"
			}
			t.Run(name, func(t *testing.T) {
				s := newStore(t, w)
				ingest(t, s, w.Entries, now)
				if viewFork(s, author).forked {
					t.Fatal("forked before any rival arrived")
				}
				if oneBatch {
					res := ingest(t, s, order, now)
					if len(res.Added) != 3 || res.Invalid != 0 {
						t.Fatalf("three rivals in one batch: %+v", res)
					}
				} else {
					ingest(t, s, order[:1], now)
					if f := viewFork(s, author); f.forked || f.counts["fork"] != 0 {
						t.Fatalf("one entry makes a fork: %+v", f)
					}
					res := ingest(t, s, order[1:2], now)
					if len(res.Added) != 1 || res.Invalid != 0 {
						t.Fatalf("the second rival: %+v", res)
					}
					f := viewFork(s, author)
					if !f.forked || f.counts["fork"] != 1 {
						t.Fatalf("after two rivals: forked %v, %d fork rows; want true, 1", f.forked, f.counts["fork"])
					}
					key := pairKey(order[0].ID, order[1].ID)
					if h, ok := pairHash[key]; ok && h != f.hash {
						t.Errorf("the same two rivals in another order give another state hash")
					}
					pairHash[key] = f.hash
					ingest(t, s, order[2:], now)
				}
				f := viewFork(s, author)
				if !f.forked || f.counts["fork"] != 1 {
					t.Errorf("after three rivals: forked %v, %d fork rows; want true, 1", f.forked, f.counts["fork"])
				}
				// Both rivals are valid vouches: a fork is recorded, not judged.
				if f.counts["vouch"] != w.State.Counts()["vouch"]+3 || f.counts["rejected"] != 0 {
					t.Errorf("vouch rows %d (world %d), rejected %d", f.counts["vouch"], w.State.Counts()["vouch"], f.counts["rejected"])
				}
				if final.IsZero() {
					final = f.hash
				} else if f.hash != final {
					t.Errorf("state hash %s, another order gave %s", f.hash.Short(), final.Short())
				}
				// Re-offering a rival is a duplicate and changes nothing.
				if res := ingest(t, s, rivals, now); res.Duplicate != 3 {
					t.Errorf("re-offered rivals: %+v", res)
				}
				if viewFork(s, author).hash != f.hash {
					t.Errorf("re-offering rivals changed the state")
				}
				// The persisted fork survives a reopen.
				path := s.Path()
				s.Close()
				s = openAt(t, path)
				if g := viewFork(s, author); g.hash != f.hash || !g.forked || g.counts["fork"] != 1 {
					t.Errorf("reopened: %+v", g)
				}
			})
		}
	}
	if len(pairHash) != 3 {
		t.Errorf("%d distinct pairs tried, want 3", len(pairHash))
	}
}

func pairKey(x, y ids.Hash) [2]ids.Hash {
	if string(x[:]) > string(y[:]) {
		x, y = y, x
	}
	return [2]ids.Hash{x, y}
}

// TestForkOnChainsThatContinue: both branches of a fork grow; any delivery
// order ends in one state, with a fork row for each contested position.
func TestForkOnChainsThatContinue(t *testing.T) {
	w, author, rivals := forkWorld(t)
	now := receiverNow(w)
	k := keyOf(t, w, author)
	refs := w.State.MembershipRefs(author)
	a, b := rivals[0], rivals[1]
	a2 := chainAfter(t, a, k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newKey(20))}, refs, now)
	b2 := chainAfter(t, b, k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newKey(21))}, refs, now)
	b3 := chainAfter(t, b2, k, core.KindLeave, core.Leave{Reason: "bye"}, refs, now)
	orders := [][]*entry.Signed{
		{a, a2, b, b2, b3},
		{b, b2, b3, a, a2},
		{b3, b2, a2, b, a}, // all parked until their prevs come
		{a2, b3, a, b2, b},
	}
	var want ids.Hash
	for i, order := range orders {
		s := newStore(t, w)
		ingest(t, s, w.Entries, now)
		for _, e := range order {
			ingest(t, s, []*entry.Signed{e}, now)
		}
		st := stats(t, s)
		if st.Pending != 0 || st.Entries != len(w.Entries)+5 {
			t.Errorf("order %d: %+v", i, st)
		}
		// Two positions are contested: the rivals' and the one after.
		f := viewFork(s, author)
		if !f.forked || f.counts["fork"] != 2 {
			t.Errorf("order %d: forked %v, %d fork rows, want 2", i, f.forked, f.counts["fork"])
		}
		var head core.HeadRow
		var active bool
		s.View(func(st *core.State) {
			head, _ = st.Head(author)
			r, _ := st.MemberOf(author)
			active = r.Active
		})
		if head.ID != b3.ID || active {
			t.Errorf("order %d: head %s (want the leave %s), still active %v", i, head.ID.Short(), b3.ID.Short(), active)
		}
		if i == 0 {
			want = f.hash
		} else if f.hash != want {
			t.Errorf("order %d: state hash %s, order 0 gave %s", i, f.hash.Short(), want.Short())
		}
	}
}

func keyOf(t *testing.T, w *demo.World, p ids.PubKey) []byte {
	t.Helper()
	for _, k := range w.Keys {
		if demo.Pub(k) == p {
			return k
		}
	}
	t.Fatal("no such key")
	return nil
}

// TestRebuildWithForks replays a store that holds a fork. Rebuild must not
// hang (it runs against a deadline) and must agree with the live state.
func TestRebuildWithForks(t *testing.T) {
	w, author, rivals := forkWorld(t)
	now := receiverNow(w)
	s := newStore(t, w)
	ingest(t, s, w.Entries, now)
	ingest(t, s, rivals, now)
	want := viewFork(s, author)

	for _, write := range []bool{false, true} {
		type out struct {
			rep store.RebuildReport
			err error
		}
		done := make(chan out, 1)
		go func() {
			rep, err := s.Rebuild(write, nil)
			done <- out{rep, err}
		}()
		select {
		case o := <-done:
			if o.err != nil || !o.rep.Match() || o.rep.Rebuilt != want.hash {
				t.Errorf("Rebuild(%v): %+v, %v", write, o.rep, o.err)
			}
		case <-time.After(10 * time.Second):
			// The store is stuck (it holds its lock): leave it, fail now.
			t.Fatalf("Rebuild(%v) of a store holding a fork did not return within 10 s (deadlock?)", write)
		}
	}
	if got := viewFork(s, author); got.hash != want.hash || got.counts["fork"] != 1 {
		t.Errorf("after Rebuild: %+v, want %+v", got, want)
	}
}
