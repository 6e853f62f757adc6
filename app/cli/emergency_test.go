package cli_test

import (
	"strings"
	"testing"
)

func TestEmergencyDeclareRatifyRenewStatus(t *testing.T) {
	d := newDac(t)
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json")
	d.fails("1 to 168 hours", "emergency", "declare", "--vote", "--hours", "169")
	decl := decode(t, d.ok("emergency", "declare", "--hours", "72", "--no-travel", "--reason", "flood", "--json").stdout)
	id := str(t, decl, "id")
	d.fails("ratified before it is renewed", "emergency", "renew", id[:8], "--hours", "24")
	text := d.ok("emergency", "status").stdout
	if !strings.Contains(text, "awaiting ratification (2 d left to ratify); 3 d left") || !strings.Contains(text, "travel paused") {
		t.Fatalf("status:\n%s", text)
	}
	r := decode(t, d.ok("emergency", "ratify", id[:8], "--json").stdout)
	d.ok("vote", str(t, r, "proposal")[:8], "yes")
	d.fails("no emergency starts with", "emergency", "ratify", "ffffffff")
	v := decode(t, d.ok("emergency", "declare", "--vote", "--hours", "24", "--measure", "water=70", "--json").stdout)
	if v["by_vote"] != true {
		t.Fatalf("declare --vote %v", v)
	}
	es := decode(t, d.ok("emergency", "status", "--json").stdout)["emergencies"].([]any)
	if len(es) != 2 {
		t.Fatalf("status %v", es)
	}
	voted, council := es[0].(map[string]any), es[1].(map[string]any)
	if voted["state"] != "voting" || council["state"] != "awaiting ratification" || len(council["pending_votes"].([]any)) != 1 {
		t.Fatalf("status %v", es)
	}
}
