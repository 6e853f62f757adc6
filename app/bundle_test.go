package app_test

import (
	"os"
	"path/filepath"
	"testing"

	"dac/core/demo"
)

// A node's record travels on a file to a device with no network and no
// node: it joins and reaches the same state; a damaged file applies nothing.
func TestBundleCarriesANodeToAnotherDevice(t *testing.T) {
	clk := newClock()
	a := open(t, t.TempDir(), opts{clock: clk})
	rep, err := a.BuildDemo(demo.Config{Members: 30, Days: 10, Seed: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "node.car")
	ex, err := a.ExportBundle(file, 0)
	if err != nil || ex.Entries != rep.Entries {
		t.Fatalf("export: %+v, %v (want %d entries)", ex, err, rep.Entries)
	}
	// A damaged copy first: refused whole.
	data, _ := os.ReadFile(file)
	damaged := filepath.Join(t.TempDir(), "damaged.car")
	data[len(data)/2] ^= 1
	_ = os.WriteFile(damaged, data, 0o644)
	b := open(t, t.TempDir(), opts{clock: clk})
	_, err = b.ImportBundle(damaged)
	wantPlain(t, err, "nothing was applied")
	if _, err := b.Status(); err == nil {
		t.Fatal("a damaged bundle still made the device join a node")
	}
	got, err := b.ImportBundle(file)
	if err != nil || got.Added != rep.Entries {
		t.Fatalf("import: %+v, %v", got, err)
	}
	sa, _ := a.Status()
	sb, _ := b.Status()
	if sa.StateHash != sb.StateHash {
		t.Fatal("the bundle did not carry the whole state")
	}
	// Only what came after: nothing new yet.
	if ex2, err := a.ExportBundle(filepath.Join(t.TempDir(), "more.car"), ex.Last); err != nil || ex2.Entries != 0 {
		t.Fatalf("incremental export: %+v, %v", ex2, err)
	}
}
