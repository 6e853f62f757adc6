package store_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// A process that dies without closing leaves state rows as of its last
// checkpoint; opening again replays the entries stored since and reaches
// the same state, whatever the interval.
func TestReopenAfterACrashReplaysTheTail(t *testing.T) {
	w := world(t, 40, 20, 12)
	want := w.State.Hash()
	now := receiverNow(w)
	for _, every := range []int{1, 7, 100, 1 << 30} {
		path := filepath.Join(t.TempDir(), "node.db")
		s := openAt(t, path)
		s.SetCheckpointEvery(every)
		if err := s.SetNode(w.Node); err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(every), 1))
		ingestBatches(t, s, randomBatches(shuffled(w.Entries, rng), rng), now)
		// "crash": the first store is never closed; a second process opens the file
		again := openAt(t, path)
		if got := stats(t, again).StateHash; got != want {
			t.Fatalf("every %d: reopened without a clean close: hash %s, want %s", every, got.Short(), want.Short())
		}
		if rep, err := again.Rebuild(false, nil); err != nil || !rep.Match() {
			t.Fatalf("every %d: rebuild after reopening: %+v, %v", every, rep, err)
		}

	}
}
