package store_test

import (
	"errors"
	"path/filepath"
	"testing"

	"dac/core/store"
)

// After a restore, a device that has received some of its own later entries
// but not yet the ones before them must not sign: it would reuse their
// sequence numbers and prove a fork against its own user.
func TestNoSigningWhileOwnEntriesArePending(t *testing.T) {
	dir := t.TempDir()
	old, g := founded(t, filepath.Join(dir, "old.db"), 5)
	k := founderKey(5)
	var own [][]byte
	for i := range 3 {
		e, err := old.AppendOwn(k, vouchFor(t, demoKey(i)), t0+int64(i+1)*1000)
		if err != nil {
			t.Fatal(err)
		}
		own = append(own, e.Raw)
	}
	fresh := openAt(t, filepath.Join(dir, "new.db"))
	if err := fresh.SetNode(g.ID); err != nil {
		t.Fatal(err)
	}
	now := int64(t0 + 60_000)
	if _, err := fresh.Ingest([][]byte{g.Raw, own[2]}, now); err != nil { // seq 4 arrives, 2 and 3 do not
		t.Fatal(err)
	}
	if _, err := fresh.AppendOwn(k, vouchFor(t, demoKey(9)), now); !errors.Is(err, store.ErrOwnPending) {
		t.Fatalf("AppendOwn with own entries pending: %v, want ErrOwnPending", err)
	}
	if _, err := fresh.Ingest(own[:2], now); err != nil {
		t.Fatal(err)
	}
	e, err := fresh.AppendOwn(k, vouchFor(t, demoKey(9)), now)
	if err != nil || e.Seq != 5 {
		t.Fatalf("after catching up: seq %v, %v; want 5", e, err)
	}
	fresh.View(func(st *coreState) {
		if st.Forked(demoPub(k)) {
			t.Fatal("the user forked their own chain")
		}
	})
}

func TestNoSigningWhenTheClockIsBehindOwnChain(t *testing.T) {
	s, _ := founded(t, filepath.Join(t.TempDir(), "n.db"), 6)
	k := founderKey(6)
	future := int64(t0 + 10*24*3600*1000)
	if _, err := s.AppendOwn(k, vouchFor(t, demoKey(1)), future); err != nil {
		t.Fatal(err) // the clock was ahead then
	}
	_, err := s.AppendOwn(k, vouchFor(t, demoKey(2)), t0+1000) // and is right now
	if !errors.Is(err, store.ErrClockBehind) {
		t.Fatalf("got %v, want ErrClockBehind", err)
	}
}
