package app_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"dac/app"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/store"
)

func TestBuildDemo(t *testing.T) {
	clk := newClock()
	cfg := demo.Config{Members: 40, Days: 10, Seed: 3}
	dir := t.TempDir()
	a := open(t, dir, opts{clock: clk})

	var calls, last, total int
	rep, err := a.BuildDemo(cfg, func(done, all int) { calls, last, total = calls+1, done, all })
	if err != nil {
		t.Fatalf("BuildDemo: %v", err)
	}
	if rep.Node.IsZero() || rep.Entries < cfg.Members || rep.Members < 5 || rep.Members > cfg.Members {
		t.Fatalf("DemoReport %+v", rep)
	}
	if calls == 0 || last != rep.Entries || total != rep.Entries {
		t.Errorf("progress: %d calls, last %d/%d; want the end at %d", calls, last, total, rep.Entries)
	}
	s, err := a.Status()
	if err != nil {
		t.Fatal(err)
	}
	if s.Node != rep.Node || s.Entries != rep.Entries || s.Members != rep.Members || s.Pending != 0 || s.Name == "" {
		t.Fatalf("Status %+v after the demo %+v", s, rep)
	}
	if s.Me != nil {
		t.Errorf("Status.Me = %+v without an identity", s.Me)
	}
	newest, _ := a.Log(store.LogQuery{Limit: 1})

	// Again: the same node, nothing new.
	rep2, err := a.BuildDemo(cfg, nil)
	if err != nil {
		t.Fatalf("BuildDemo again: %v", err)
	}
	if rep2 != rep {
		t.Errorf("second DemoReport %+v, first %+v", rep2, rep)
	}
	s2, _ := a.Status()
	if s2.StateHash != s.StateHash || s2.Entries != s.Entries {
		t.Errorf("building again changed the node: %+v -> %+v", s, s2)
	}
	if newest2, _ := a.Log(store.LogQuery{Limit: 1}); len(newest2) != 1 || newest2[0] != newest[0] {
		t.Errorf("newest entry %+v, was %+v", newest2, newest)
	}
	if ns, _ := a.Nodes(); len(ns) != 1 {
		t.Errorf("Nodes = %v, want the one demo node", ns)
	}

	rb, err := a.Rebuild(true, nil)
	if err != nil || !rb.Match() || rb.Entries != rep.Entries || rb.Stored != s.StateHash {
		t.Errorf("Rebuild(check) = %+v, %v", rb, err)
	}
	// A rebuild that writes keeps the same state.
	rb, err = a.Rebuild(false, nil)
	if err != nil || !rb.Match() {
		t.Errorf("Rebuild = %+v, %v", rb, err)
	}
	if s3, _ := a.Status(); s3.StateHash != s.StateHash {
		t.Errorf("state hash after Rebuild %s, want %s", s3.StateHash, s.StateHash)
	}

	// Elsewhere, at another time, the same config gives the same node.
	later := newClock()
	later.Advance(24 * time.Hour * 100)
	b := open(t, t.TempDir(), opts{clock: later})
	rep3, err := b.BuildDemo(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := b.Status()
	if rep3 != rep || sb.StateHash != s.StateHash {
		t.Errorf("another device built %+v (%s), want %+v (%s)", rep3, sb.StateHash, rep, s.StateHash)
	}
	// Another seed, another node.
	rep4, err := b.BuildDemo(demo.Config{Members: 40, Days: 10, Seed: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep4.Node == rep.Node {
		t.Error("seeds 3 and 4 made the same node")
	}
	if sb, _ := b.Status(); sb.Node != rep4.Node {
		t.Errorf("the newest demo is not current: %s", sb.Node)
	}

	// A demo survives a restart as the current node.
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if s4, err := open(t, dir, opts{clock: clk}).Status(); err != nil || s4.Node != rep.Node || s4.StateHash != s.StateHash {
		t.Errorf("after restart: %+v, %v", s4, err)
	}
}

func TestBuildDemoRefusesTheFuture(t *testing.T) {
	// The demo calendar starts on demo.DefaultStart; a clock 3 days later
	// cannot hold 10 days of it.
	clk := &testClock{t: time.UnixMilli(demo.DefaultStart).Add(3 * 24 * time.Hour)}
	a := open(t, t.TempDir(), opts{clock: clk})
	_, err := a.BuildDemo(demo.Config{Members: 20, Days: 10, Seed: 1}, nil)
	wantPlain(t, err, "would reach into the future")
	if ns, _ := a.Nodes(); len(ns) != 0 {
		t.Errorf("a refused demo left nodes %v", ns)
	}
	if _, err := a.Status(); !errors.Is(err, app.ErrNoNode) {
		t.Errorf("Status after a refused demo: %v, want ErrNoNode", err)
	}
	// Bad sizes are refused plainly too.
	_, err = a.BuildDemo(demo.Config{Members: 0, Days: 1}, nil)
	wantPlain(t, err, "cannot build the demo")
}

// TestBuildDemoFutureBoundary: a demo fits exactly when its last entry is
// within the allowed clock skew of now; absurd spans are refused at once.
func TestBuildDemoFutureBoundary(t *testing.T) {
	cfg := demo.Config{Members: 12, Days: 4, Seed: 9}
	w, err := demo.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	last := time.UnixMilli(w.Clock())

	early := &testClock{t: last.Add(-entry.MaxSkewMillis*time.Millisecond - time.Millisecond)}
	_, err = open(t, t.TempDir(), opts{clock: early}).BuildDemo(cfg, nil)
	wantPlain(t, err, "would reach into the future")

	just := &testClock{t: last.Add(-entry.MaxSkewMillis * time.Millisecond)}
	rep, err := open(t, t.TempDir(), opts{clock: just}).BuildDemo(cfg, nil)
	if err != nil || rep.Node != w.Node || rep.Entries != len(w.Entries) {
		t.Fatalf("BuildDemo with its last entry just within the skew: %+v, %v", rep, err)
	}

	start := time.Now()
	a := open(t, t.TempDir(), opts{clock: newClock()})
	for _, days := range []int{math.MaxInt, math.MaxInt32, 100000} {
		_, err = a.BuildDemo(demo.Config{Members: 60, Days: days, Seed: 1}, nil)
		wantPlain(t, err, "would reach into the future")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusing absurd spans took %v", d)
	}
}
