package cli_test

import (
	"strings"
	"testing"
)

func TestAuditMoneyOnTheDemo(t *testing.T) {
	d := newDac(t)
	d.ok("demo", "--members", "80", "--days", "60", "--seed", "4")
	m := decode(t, d.ok("audit", "money", "--json").stdout)
	for _, k := range []string{"supply", "members", "per_member", "target_per_member", "conserved"} {
		if _, ok := m[k]; !ok {
			t.Fatalf("audit JSON lacks %q: %v", k, m)
		}
	}
	if m["conserved"] != true {
		t.Fatalf("not conserved: %v", m)
	}
	per, target := m["per_member"].(float64), m["target_per_member"].(float64)
	if target <= 0 || per < 0.99*target || per > 1.01*target {
		t.Fatalf("per member %v, target %v", per, target)
	}
	text := d.ok("audit", "money", "--date", "2024-02-15").stdout
	if !strings.Contains(text, "Conserved          true") || !strings.Contains(text, "target D/d 50301.81") {
		t.Fatalf("audit text:\n%s", text)
	}
	d.fails("YYYY-MM-DD", "audit", "money", "--date", "15/02/2024")
}

func TestBalanceOfAFounder(t *testing.T) {
	d := newDac(t)
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json")
	m := decode(t, d.ok("balance", "--json").stdout)
	if m["member"] != true || m["balance"].(float64) <= 0 || m["target"].(float64) != 50301810866 {
		t.Fatalf("balance %v", m)
	}
	if m["today_dividend"].(float64) != 10_000_000 {
		t.Fatalf("dividend %v", m["today_dividend"])
	}
	text := d.ok("balance").stdout
	if !strings.Contains(text, "Steady state (D/d) 50301.81") {
		t.Fatalf("balance text:\n%s", text)
	}
}

// TestTreasuryBudgetOnTheDemo: the demo's participatory budget funded
// options, and the treasury paid them; `dac treasury budget` says so.
func TestTreasuryBudgetOnTheDemo(t *testing.T) {
	d := newDac(t)
	d.ok("demo")
	m := decode(t, d.ok("treasury", "budget", "--json").stdout)
	lines, _ := m["lines"].([]any)
	if len(lines) == 0 {
		t.Fatalf("no budget line on the demo: %v", m)
	}
	for _, l := range lines {
		l := l.(map[string]any)
		if l["funded"] != true || l["paid"] != l["cost"] {
			t.Errorf("line %v: want funded and paid in full", l)
		}
	}
	text := d.ok("treasury", "budget").stdout
	if !strings.Contains(text, "Spring works · Well pump: funded") || !strings.Contains(text, "paid in full") {
		t.Errorf("dac treasury budget:\n%s", text)
	}
	d.fails("give the budget proposal and the option's number from 1", "treasury", "propose", "--pay-to",
		strings.Repeat("ab", 32), "--item", "97c8df13")
}
