package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSanctionCommands(t *testing.T) {
	d := newDac(t)
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json")
	against := strings.Repeat("ab", 32)
	d.fails("reason", "sanction", "complain", against)
	d.fails("member's key", "sanction", "complain", "bob", "--reason", "x")
	out := d.ok("sanction", "complain", against, "--reason", "kept the shared tools").stdout
	if !strings.Contains(out, "Complaint ") || !strings.Contains(out, "the jury is drawn on") {
		t.Fatalf("complain: %s", out)
	}
	var cases []any
	if err := json.Unmarshal([]byte(d.ok("sanction", "cases", "--json").stdout), &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 {
		t.Fatalf("cases %v", cases)
	}
	c := cases[0].(map[string]any)
	id := c["id"].(string)
	if c["kind"] != "complaint" || c["outcome"] != "pending" {
		t.Fatalf("case %v", c)
	}
	show := d.ok("sanction", "show", id[:8]).stdout
	if !strings.Contains(show, "kept the shared tools") || !strings.Contains(show, "Outcome so far: pending") || strings.Contains(show, "seed 00000000") {
		t.Fatalf("show:\n%s", show)
	}
	d.fails("the jury is drawn on", "sanction", "verdict", id[:8], "guilty")
	d.fails("guilty or not-guilty", "sanction", "verdict", id[:8], "maybe")
	if out := d.ok("sanction", "ladder", against).stdout; !strings.Contains(out, "no sanction") {
		t.Fatalf("ladder: %s", out)
	}
	if out := d.ok("sanction", "mine").stdout; !strings.Contains(out, "No sanction waits") {
		t.Fatalf("mine: %s", out)
	}
	d.fails("no single sanction", "sanction", "accept", "abcd")
}
