package cli_test

import (
	"strings"
	"testing"
)

func TestProposeVoteAndTallyFromTheCommandLine(t *testing.T) {
	d := newDac(t)
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json")
	p := decode(t, d.ok("propose", "--kind", "election", "--title", "Registrar", "--method", "ranked",
		"--option", "ana", "--option", "bo", "--json").stdout)
	id := str(t, p, "id")
	d.ok("vote", id[:8], "bo", "ana")
	list := d.ok("vote", "list").stdout
	if !strings.Contains(list, "Registrar") || !strings.Contains(list, "your ballot: bo, ana") {
		t.Fatalf("vote list:\n%s", list)
	}
	tl := decode(t, d.ok("tally", id, "--json").stdout)
	tally := tl["tally"].(map[string]any)
	if tally["outcome"] != "open" || tally["participants"].(float64) != 1 {
		t.Fatalf("tally %v", tally)
	}
	audit := d.ok("vote", "audit", id[:8]).stdout
	for _, want := range []string{"Ballots counted", "quorum: 1 of 1 members took part", "instant-runoff"} {
		if !strings.Contains(audit, want) {
			t.Fatalf("audit lacks %q:\n%s", want, audit)
		}
	}
	d.fails("not one of the options", "vote", id, "dora")
	d.fails("entrenched", "propose", "--kind", "amendment", "--title", "inflate", "--change", "money.dividend=99")
	d.fails("no proposal starts with", "vote", "ffffffff", "yes")
	show := decode(t, d.ok("delegate", "show", "--json").stdout)
	if len(show["carried"].([]any)) != 7 {
		t.Fatalf("delegate show %v", show)
	}
	me := str(t, decode(t, d.ok("whoami", "--json").stdout), "public_key")
	d.fails("themselves", "delegate", "set", me)
	d.fails("themselves", "delegate", "set", me[:8]) // a key as the commands print it
	d.fails("no member's key starts with", "delegate", "set", "ffffffff")
	if out := d.ok("delegate", "show", strings.Repeat("ab", 32)).stdout; !strings.Contains(out, "is not a member with a vote here now") {
		t.Errorf("delegate show of a stranger:\n%s", out)
	}
	d.fails("there is nothing to take back", "delegate", "revoke", "--topic", "policy")
	d.fails("dac emergency declare --vote", "propose", "--kind", "emergency", "--title", "drought")
	d.fails("the charter has no foo", "propose", "--kind", "amendment", "--title", "x", "--change", "foo.bar=1")

	// The tally says its threshold; an open count has a leader, not a winner.
	text := d.ok("tally", id[:8]).stdout
	for _, want := range []string{"Threshold   more than", "Counts      of the last round", "Round 1     ana 0, bo 1", "bo                   1  ← leading"} {
		if !strings.Contains(text, want) {
			t.Errorf("tally lacks %q:\n%s", want, text)
		}
	}
	empty := decode(t, d.ok("propose", "--kind", "policy", "--title", "Quiet", "--json").stdout)
	if text := d.ok("tally", str(t, empty, "id")).stdout; strings.Contains(text, "←") {
		t.Errorf("a count with no ballot names a winner:\n%s", text)
	}
	score := decode(t, d.ok("propose", "--kind", "policy", "--title", "Colours", "--method", "score",
		"--option", "red", "--option", "blue", "--json").stdout)
	d.ok("vote", str(t, score, "id"), "5", "2")
	d.ok("propose", "--kind", "amendment", "--title", "Offline cap", "--change", "money.offline_cap=2500000000")
	if list := d.ok("vote", "list").stdout; !strings.Contains(list, "your ballot: red 5, blue 2") || !strings.Contains(list, "Offline cap (first reading)") {
		t.Errorf("a score ballot reads:\n%s", list)
	}
}

func TestOfficeCommands(t *testing.T) {
	d := newDac(t)
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json")
	out := d.ok("office", "volunteer", "audit").stdout
	if !strings.Contains(out, "Volunteered for term 1 of audit") {
		t.Fatalf("volunteer: %s", out)
	}
	d.fails("filled by election", "office", "volunteer", "trade")
	d.fails("did not volunteer", "office", "reveal", "trade")
	list := d.ok("office", "list").stdout
	if !strings.Contains(list, "audit      oversight  by sortition") || !strings.Contains(list, "trade      executive  elected") {
		t.Fatalf("office list:\n%s", list)
	}
	draw := decode(t, d.ok("office", "draw", "audit", "--term", "1", "--json").stdout)
	if draw["start"] == nil || draw["draw"] == nil {
		t.Fatalf("draw %v", draw)
	}
	d.fails("whole number", "office", "draw", "audit", "--term", "x")
	if !strings.Contains(list, "powers: admit, not in use (a node founded by one keeps its charter's registrar)") {
		t.Fatalf("the registrar office of a node founded by one:\n%s", list)
	}
	if out := d.ok("office", "confirm").stdout; !strings.Contains(out, "Nothing to confirm now.") {
		t.Fatalf("office confirm: %s", out)
	}
}
