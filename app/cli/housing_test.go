package cli_test

import (
	"strings"
	"testing"
)

func TestHousingRoundByTheFounderOffice(t *testing.T) {
	d := newDac(t)
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json") // the founder holds the housing office
	d.ok("housing", "register", "--label", "Mill Lane 4", "--rooms", "2", "--area", "55", "--district", "river", "--features", "step-free")
	d.fails("not in the charter", "housing", "register", "--label", "x", "--rooms", "1", "--area", "9", "--district", "moon")
	d.ok("housing", "apply", "--size", "3", "--needs", "step-free", "--note", "wheelchair")
	if out := d.ok("housing", "applications").stdout; !strings.Contains(out, "note: wheelchair") || !strings.Contains(out, "unopened") {
		t.Fatalf("applications:\n%s", out)
	}
	if out := d.ok("housing", "round", "close").stdout; !strings.Contains(out, "allocated 1 dwelling") {
		t.Fatalf("round close:\n%s", out)
	}
	if out := d.ok("housing", "status").stdout; !strings.Contains(out, "Mill Lane 4") {
		t.Fatalf("status:\n%s", out)
	}
	au := decode(t, d.ok("housing", "audit", "--json").stdout)
	if au["agrees"] != true || len(au["households"].([]any)) != 1 {
		t.Fatalf("audit %v", au)
	}
	if out := d.ok("housing", "audit").stdout; !strings.Contains(out, "got Mill Lane 4") {
		t.Fatalf("audit text:\n%s", out)
	}
	d.ok("housing", "modify", "--work", "ramp", "--amount", "3")
	d.fails("1 to 20 m", "housing", "modify", "--work", "shelving", "--amount", "50")
	d.ok("housing", "relinquish")
	d.fails("one of --with or --accept", "housing", "swap")
}

func TestHousingOnTheDemo(t *testing.T) {
	d := newDac(t)
	d.ok("demo", "--members", "40", "--days", "21", "--seed", "2")
	if out := d.ok("housing", "dwellings").stdout; !strings.Contains(out, "held by") {
		t.Fatalf("dwellings:\n%s", out)
	}
	r := decode(t, d.ok("housing", "round", "show", "--json").stdout)
	if r["n"].(float64) < 2 {
		t.Fatalf("round %v", r)
	}
	if au := decode(t, d.ok("housing", "audit", "--json").stdout); au["agrees"] != true {
		t.Fatalf("audit %v", au)
	}
}
