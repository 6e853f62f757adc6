package cli_test

import (
	"strings"
	"testing"
)

func TestBenchIngest(t *testing.T) {
	d := newDac(t)
	r := d.ok("bench", "ingest", "--entries", "3000", "--procs", "1", "--json")
	b := decode(t, r.stdout)
	for _, k := range []string{"ratio", "verify_per_s", "ingest_per_s"} {
		if v := num(t, b, k); !(v > 0) {
			t.Errorf("%s = %v, want > 0", k, v)
		}
	}
	if num(t, b, "entries") != 3000 || num(t, b, "gomaxprocs") != 1 || num(t, b, "authors") < 2 {
		t.Errorf("bench JSON %v", b)
	}
	if runs, ok := b["runs"].([]any); !ok || len(runs) != 1 {
		t.Errorf("runs = %v, want one (--procs 1)", b["runs"])
	}
	if want := num(t, b, "ingest_per_s") / num(t, b, "verify_per_s"); abs(num(t, b, "ratio")-want) > 1e-9*want {
		t.Errorf("ratio %v is not ingest/verify %v", b["ratio"], want)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q", r.stderr)
	}
	// The benchmark leaves the data directory alone.
	d.fails("no node", "state")

	out := d.ok("bench", "ingest", "--entries", "200", "--procs", "1").stdout
	if !strings.Contains(out, "GOMAXPROCS=1") || !strings.Contains(out, "ratio") {
		t.Errorf("bench ingest:\n%s", out)
	}
	d.fails("at least 2", "bench", "ingest", "--entries", "1")
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestBenchPay(t *testing.T) {
	d := newDac(t)
	b := decode(t, d.ok("bench", "pay", "--entries", "2000", "--procs", "1", "--json").stdout)
	pays, entries := num(t, b, "payment_entries"), num(t, b, "entries")
	if pays < 500 || pays >= entries || num(t, b, "payments_per_s") <= 0 || num(t, b, "ratio") <= 0 {
		t.Errorf("bench pay JSON %v", b)
	}
}
