package testnet

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"dac/core/demo"
)

func TestScratchCatchUp(t *testing.T) {
	dir := os.Getenv("DAC_HUBCACHE")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	w, err := demo.Generate(demo.Config{Members: 1000, Days: 190, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	now := w.Entries[len(w.Entries)-1].Time + 1
	hubDir := filepath.Join(dir, "hub")
	var r BenchReport
	if _, err := os.Stat(hubDir); err != nil {
		if err := buildHub(ctx, w, now, hubDir, 4, &r); err != nil {
			t.Fatal(err)
		}
	}
	os.RemoveAll(filepath.Join(dir, "fresh"))
	if os.Getenv("DAC_PROF") != "" {
		f, _ := os.Create(os.Getenv("DAC_PROF"))
		defer f.Close()
		startProf(f)
		defer stopProf()
	}
	c := BenchConfig{Dir: dir}
	res, secs, err := tcpCatchUp(ctx, c, w, now, hubDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("caught up %d entries in %.2f s (%d rounds)", res.Entries, secs, res.Rounds)
}
