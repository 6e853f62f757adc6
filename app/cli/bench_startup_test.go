package cli_test

import (
	"context"
	"encoding/json"
	"testing"

	"dac/app"
)

// The probe opens the node, unlocks and reads the home figures, and says
// how long each took, on one JSON line.
func TestBenchStartupProbe(t *testing.T) {
	d := newDac(t)
	a, err := app.New(app.Deps{DataDir: d.dir})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := a.BuildBenchNode(3000, []byte(pass))
	a.Close()
	if err != nil || rep.Entries != 3000 || rep.Members < 20 {
		t.Fatalf("BuildBenchNode: %+v, %v", rep, err)
	}
	var p app.StartupPhases
	if err := json.Unmarshal([]byte(d.ok("bench", "startup-probe").stdout), &p); err != nil {
		t.Fatal(err)
	}
	if p.OpenS <= 0 || p.UnlockS <= 0 || p.HomeS <= 0 {
		t.Errorf("phases %+v", p)
	}
	d.env["DAC_PASSPHRASE"] = "not the passphrase"
	d.fails("wrong passphrase", "bench", "startup-probe")
}

// The real binary starts fresh processes on a node it builds, with the GUI's
// home screen built headlessly, and reports the time and the peak RSS.
func TestBenchStartupBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the dac binary")
	}
	bin := buildDac(t)
	dir := t.TempDir()
	out, err := dacProc(context.Background(), bin, dir, "bench", "startup", "--entries", "2000", "--runs", "2", "--json").Output()
	if err != nil {
		t.Fatalf("dac bench startup: %v\n%s", err, out)
	}
	b := decode(t, string(out))
	if s := num(t, b, "startup_s"); s <= 0 || s > 30 {
		t.Errorf("startup_s = %v", s)
	}
	if num(t, b, "max_rss_mib") < 10 || b["gui"] != true || num(t, b, "entries") != 2000 {
		t.Errorf("bench startup JSON %v", b)
	}
	runs, _ := b["runs"].([]any)
	if len(runs) != 2 {
		t.Fatalf("runs = %v", b["runs"])
	}
	for _, r := range runs {
		m := r.(map[string]any)
		// open and unlock overlap, as in the GUI; home follows both.
		if num(t, m, "startup_s") < max(num(t, m, "open_s"), num(t, m, "unlock_s"))+num(t, m, "home_s") {
			t.Errorf("a run's startup is shorter than its phases: %v", m)
		}
	}
}
