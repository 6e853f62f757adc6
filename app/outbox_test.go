package app_test

import (
	"slices"
	"testing"
	"time"

	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// idsOf decodes published raws to their ids.
func idsOf(t *testing.T, raws [][]byte) []ids.Hash {
	t.Helper()
	out := make([]ids.Hash, len(raws))
	for i, r := range raws {
		e, err := entry.Decode(r)
		if err != nil {
			t.Fatalf("published raw %d does not decode: %v", i, err)
		}
		if err := e.Verify(); err != nil {
			t.Fatalf("published entry %d does not verify: %v", i, err)
		}
		out[i] = e.ID
	}
	return out
}

// TestPublishOwnEntries: each own entry goes to the publisher as soon as it
// is durable, once.
func TestPublishOwnEntries(t *testing.T) {
	clk := newClock()
	pub := &recorder{}
	a, _, node, dir := founded(t, opts{clock: clk, pub: pub})

	// The genesis is published by CreateNode itself.
	if got := idsOf(t, pub.take()); !slices.Equal(got, []ids.Hash{node}) {
		t.Fatalf("after CreateNode the publisher has %v, want the genesis %s", got, node)
	}
	clk.Advance(time.Minute)
	v, err := a.Vouch(newPub(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(t, pub.take()); !slices.Equal(got, []ids.Hash{v.ID}) {
		t.Fatalf("after Vouch the publisher has %v, want the vouch %s", got, v.ID)
	}
	clk.Advance(time.Minute)
	l, err := a.Leave("")
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(t, pub.take()); !slices.Equal(got, []ids.Hash{l.ID}) {
		t.Fatalf("after Leave the publisher has %v, want the leave %s", got, l.ID)
	}
	// A refused command publishes nothing.
	if _, err := a.Vouch(newPub(t)); err == nil {
		t.Fatal("a vouch after leaving was accepted")
	}
	if got := pub.take(); len(got) != 0 {
		t.Errorf("a refused vouch published %d entries", len(got))
	}
	if _, err := a.Status(); err != nil {
		t.Fatal(err)
	}
	// The published entries are what the node holds.
	rows, _ := a.Log(store.LogQuery{})
	if len(rows) != 3 || rows[0].ID != l.ID || rows[1].ID != v.ID || rows[2].ID != node {
		t.Errorf("log %+v", rows)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	// Nothing is left waiting: a restart publishes nothing again.
	again := &recorder{}
	open(t, dir, opts{clock: clk, pub: again})
	if got := again.all(); len(got) != 0 {
		t.Errorf("a restart republished %d entries already handed over", len(got))
	}
}

// TestOutboxKeepsEntriesWhilePublishingFails: entries wait in the outbox
// while the publisher fails; the next start hands them over, in order.
func TestOutboxKeepsEntriesWhilePublishingFails(t *testing.T) {
	clk := newClock()
	down := &recorder{fail: true}
	a, _, node, dir := founded(t, opts{clock: clk, pub: down})
	clk.Advance(time.Minute)
	x := newPub(t)
	v, err := a.Vouch(x)
	if err != nil {
		t.Fatalf("Vouch with a failing publisher: %v", err)
	}
	clk.Advance(time.Minute)
	ad, err := a.Admit(x)
	if err != nil {
		t.Fatalf("Admit with a failing publisher: %v", err)
	}
	s, err := a.Status()
	if err != nil || s.Entries != 3 || s.Members != 2 {
		t.Fatalf("Status with a failing publisher = %+v, %v", s, err)
	}
	if len(down.all()) != 0 {
		t.Fatal("the failing publisher recorded something")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	// Still down at the next start: Start works, the entries stay.
	b, err := newApp(dir, clk, down)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Start(t.Context()); err != nil {
		t.Errorf("Start while offline failed: %v (offline is normal)", err)
	}
	if s, err := b.Status(); err != nil || s.Entries != 3 {
		t.Errorf("Status after a failed hand-over at Start = %+v, %v", s, err)
	}
	b.Close()

	// Back up: Start hands over all three, oldest first, exactly once.
	up := &recorder{}
	open(t, dir, opts{clock: clk, pub: up})
	want := []ids.Hash{node, v.ID, ad.ID}
	if got := idsOf(t, up.all()); !slices.Equal(got, want) {
		t.Fatalf("Start published %v, want %v", got, want)
	}
	up2 := &recorder{}
	open(t, dir, opts{clock: clk, pub: up2})
	if got := up2.all(); len(got) != 0 {
		t.Errorf("a second start republished %d entries", len(got))
	}
}

// TestNoPublisherKeepsOutbox: without a publisher, entries wait; a later
// start with one publishes them.
func TestNoPublisherKeepsOutbox(t *testing.T) {
	clk := newClock()
	a, _, node, dir := founded(t, opts{clock: clk})
	clk.Advance(time.Minute)
	v, err := a.Vouch(newPub(t))
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	up := &recorder{}
	open(t, dir, opts{clock: clk, pub: up})
	if got := idsOf(t, up.all()); !slices.Equal(got, []ids.Hash{node, v.ID}) {
		t.Fatalf("Start published %v, want genesis and vouch", got)
	}
}
