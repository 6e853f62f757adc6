package app_test

import (
	"testing"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/entry"
)

// next waits for one event.
func next(t *testing.T, ch <-chan app.Event) app.Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the event channel closed")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return nil
}

// closed waits for ch to close, draining it; it fails if ch stays open.
func closed(t *testing.T, ch <-chan app.Event) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the event channel is still open")
		}
	}
}

func noEvent(t *testing.T, ch <-chan app.Event) {
	t.Helper()
	select {
	case e := <-ch:
		t.Fatalf("unexpected event %#v", e)
	default:
	}
}

func TestEvents(t *testing.T) {
	clk := newClock()
	pub := &recorder{}
	a := open(t, t.TempDir(), opts{clock: clk, pub: pub})
	me := mustIdentity(t, a)
	ch, cancel := a.Subscribe()

	node, err := a.CreateNode(sampleCharter(t))
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := next(t, ch).(app.EntryAdded); !ok || e.ID != node || e.Kind != entry.GenesisKind || e.Author != me.Public {
		t.Fatalf("after CreateNode: %#v", e)
	}
	clk.Advance(time.Minute)
	v, err := a.Vouch(newPub(t))
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := next(t, ch).(app.EntryAdded); !ok || e.ID != v.ID || e.Kind != core.KindVouch || e.Author != me.Public {
		t.Fatalf("after Vouch: %#v", e)
	}
	// A refused command emits nothing.
	if _, err := a.Admit(newPub(t)); err == nil {
		t.Fatal("admission without vouches accepted")
	}
	noEvent(t, ch)

	// Another device ingests those entries and reports the batch.
	b := open(t, t.TempDir(), opts{clock: clk})
	if err := b.JoinNode(node); err != nil {
		t.Fatal(err)
	}
	bch, bcancel := b.Subscribe()
	if _, err := b.Ingest(pub.take()); err != nil {
		t.Fatal(err)
	}
	if e, ok := next(t, bch).(app.Ingested); !ok || e.Added != 2 || e.Rejected != 0 || e.Duplicate != 0 {
		t.Fatalf("after Ingest: %#v", e)
	}
	// A batch with a rejected entry is reported too.
	if _, err := b.Ingest([][]byte{[]byte("not an entry"), v.Raw}); err != nil {
		t.Fatal(err)
	}
	if e, ok := next(t, bch).(app.Ingested); !ok || e.Added != 0 || e.Rejected != 1 || e.Duplicate != 1 {
		t.Fatalf("after a bad batch: %#v", e)
	}

	// cancel closes the channel, and the app goes on without it.
	bcancel()
	closed(t, bch)
	bcancel() // twice is harmless
	if _, err := b.Ingest(nil); err != nil {
		t.Fatal(err)
	}

	// Close closes every remaining subscription.
	ch2, cancel2 := a.Subscribe()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	closed(t, ch)
	closed(t, ch2)
	cancel() // after Close: harmless
	cancel2()
}

// TestSlowSubscriberDoesNotBlock: a subscriber that never reads misses
// events instead of stalling commands.
func TestSlowSubscriberDoesNotBlock(t *testing.T) {
	clk := newClock()
	a, _, _, _ := founded(t, opts{clock: clk})
	ch, cancel := a.Subscribe()
	defer cancel()
	done := make(chan error, 1)
	go func() {
		for range 300 { // more than the buffer of 256
			if _, err := a.Ingest(nil); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("commands block on a subscriber that does not read")
	}
	if n := len(ch); n != 256 {
		t.Errorf("%d events buffered, want 256", n)
	}
}
