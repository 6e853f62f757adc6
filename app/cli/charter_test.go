package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNodeCharter(t *testing.T) {
	d := newDac(t)
	d.fails("no node", "node", "charter")
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json")
	var got struct {
		Charter    map[string]any `json:"charter"`
		Amendments []any          `json:"amendments"`
	}
	if err := json.Unmarshal([]byte(d.ok("node", "charter", "--json").stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Charter["money"] == nil || got.Amendments == nil || len(got.Amendments) != 0 {
		t.Fatalf("charter %v, amendments %v", got.Charter != nil, got.Amendments)
	}
	if out := d.ok("node", "charter").stdout; !strings.Contains(out, `"offline_cap"`) {
		t.Fatalf("the charter as JSON: %.200s", out)
	}
}
