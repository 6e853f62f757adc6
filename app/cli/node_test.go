package cli_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"dac/core/demo"
)

// TestDemoStateRebuildLog builds the demo and reads it back every way.
func TestDemoStateRebuildLog(t *testing.T) {
	d := newDac(t)
	r := d.ok("demo", "--members", "30", "--days", "5", "--seed", "2", "--json")
	if r.stderr != "" {
		t.Errorf("demo --json wrote to stderr: %q", r.stderr)
	}
	dm := decode(t, r.stdout)
	node := str(t, dm, "node")
	entries, members := num(t, dm, "entries"), num(t, dm, "members")
	if len(node) != 64 || entries < 30 || members < 5 || members > 30 {
		t.Fatalf("demo JSON %v", dm)
	}

	st := decode(t, d.ok("state", "--json").stdout)
	hash := str(t, st, "state_hash")
	if len(hash) != 64 || str(t, st, "node") != node || num(t, st, "entries") != entries || num(t, st, "members") != members {
		t.Fatalf("state JSON %v, demo JSON %v", st, dm)
	}
	if num(t, st, "invalid") != 0 || num(t, st, "pending") != 0 || str(t, st, "name") == "" {
		t.Errorf("state JSON %v", st)
	}
	if _, ok := st["me"]; ok {
		t.Errorf("state JSON has \"me\" without an identity: %v", st)
	}
	// Plain state, and the bare command, say the same.
	for _, args := range [][]string{{"state"}, {}} {
		out := d.ok(args...).stdout
		if !strings.Contains(out, hash) || !strings.Contains(out, "Members") {
			t.Errorf("dac %v:\n%s", args, out)
		}
	}

	// The same demo again: nothing changes.
	if again := decode(t, d.ok("demo", "--members", "30", "--days", "5", "--seed", "2", "--json").stdout); again["node"] != dm["node"] || again["entries"] != dm["entries"] {
		t.Errorf("demo again %v, first %v", again, dm)
	}
	if st2 := decode(t, d.ok("state", "--json").stdout); st2["state_hash"] != hash || st2["entries"] != st["entries"] {
		t.Errorf("state after the demo again %v, before %v", st2, st)
	}

	r = d.ok("rebuild", "--check")
	if !strings.Contains(r.stdout, "They match") || strings.Count(r.stdout, hash) != 2 {
		t.Errorf("rebuild --check:\n%s", r.stdout)
	}
	rb := decode(t, d.ok("rebuild", "--check", "--json").stdout)
	if rb["match"] != true || rb["stored"] != hash || rb["rebuilt"] != hash || num(t, rb, "entries") != entries {
		t.Errorf("rebuild --check --json %v", rb)
	}

	lg := decode(t, d.ok("log", "--limit", "3", "--json").stdout)
	rows, ok := lg["entries"].([]any)
	if !ok || len(rows) != 3 {
		t.Fatalf("log --limit 3 --json: %v", lg)
	}
	var prev float64
	for i, x := range rows {
		row := x.(map[string]any)
		ord := num(t, row, "ord")
		str(t, row, "id")
		str(t, row, "author")
		str(t, row, "kind")
		if i == 0 && ord != entries {
			t.Errorf("newest entry has ord %v, want %v", ord, entries)
		}
		if i > 0 && ord >= prev {
			t.Errorf("log not newest first: ord %v after %v", ord, prev)
		}
		prev = ord
	}
	// Paging and filters.
	page := decode(t, d.ok("log", "--limit", "2", "--before", "2", "--json").stdout)["entries"].([]any)
	if len(page) != 1 || page[0].(map[string]any)["kind"] != "genesis" {
		t.Errorf("log --before 2: %v", page)
	}
	admits := decode(t, d.ok("log", "--kind", "admit", "--limit", "1000", "--json").stdout)["entries"].([]any)
	if len(admits) == 0 {
		t.Error("the demo has no admissions")
	}
	for _, x := range admits {
		if k := x.(map[string]any)["kind"]; k != "admit" {
			t.Errorf("log --kind admit lists a %v", k)
		}
	}
	if out := d.ok("log", "--limit", "3").stdout; strings.Count(out, "\n") != 3 {
		t.Errorf("log --limit 3:\n%s", out)
	}
	d.fails("--author", "log", "--author", "nothex")

	ms := decode(t, d.ok("members", "--json").stdout)["members"].([]any)
	active := 0
	for _, x := range ms {
		if x.(map[string]any)["active"] == true {
			active++
		}
	}
	if float64(active) != members {
		t.Errorf("members --json: %d active, demo says %v", active, members)
	}

	list := d.ok("node", "list").stdout
	if !strings.Contains(list, "* "+node) {
		t.Errorf("node list does not mark %s current:\n%s", node, list)
	}
	d.ok("node", "use", node)
	d.fails("node id", "node", "use", "xyz")
	d.fails("there is no node", "node", "use", strings.Repeat("ab", 32))
}

// TestTamperedState: a changed row of the derived state is caught at open,
// with a plain message that points to `dac rebuild`.
func TestTamperedState(t *testing.T) {
	d := newDac(t)
	node := str(t, decode(t, d.ok("demo", "--members", "20", "--days", "3", "--seed", "5", "--json").stdout), "node")
	path := filepath.Join(d.dir, "nodes", node, "node.db")

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// One member's row takes another member's value.
	res, err := db.Exec(`UPDATE state_rows SET val = (SELECT o.val FROM state_rows o WHERE o.tbl = 'member' AND o.val <> state_rows.val LIMIT 1)
		WHERE tbl = 'member' AND key = (SELECT min(key) FROM state_rows WHERE tbl = 'member')`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("tampered with %d rows, want 1", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"state"}, {"state", "--json"}, {"members"}, {"log"}} {
		r := d.fails("dac rebuild", args...)
		if r.stdout != "" {
			t.Errorf("dac %v printed %q on a damaged node", args, r.stdout)
		}
		if strings.Contains(r.stderr, path) {
			t.Errorf("dac %v: the message %q shows the database path", args, r.stderr)
		}
	}
}

// TestTamperedStateRepair: the message above sends people to `dac rebuild`,
// which must then be able to repair the node although it cannot be opened.
func TestTamperedStateRepair(t *testing.T) {
	d := newDac(t)
	node := str(t, decode(t, d.ok("demo", "--members", "20", "--days", "3", "--seed", "5", "--json").stdout), "node")
	before := decode(t, d.ok("state", "--json").stdout)
	db, err := sql.Open("sqlite", filepath.Join(d.dir, "nodes", node, "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM state_rows WHERE tbl = 'admit' AND key = (SELECT min(key) FROM state_rows WHERE tbl = 'admit')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	d.fails("dac rebuild", "state")
	d.fails("dac rebuild", "rebuild", "--check") // only compares: still damaged after
	d.fails("dac rebuild", "state")

	r := d.ok("rebuild")
	if !strings.Contains(r.stdout, before["state_hash"].(string)) {
		t.Errorf("rebuild does not show the recomputed hash %v:\n%s", before["state_hash"], r.stdout)
	}
	after := decode(t, d.ok("state", "--json").stdout)
	for _, k := range []string{"node", "state_hash", "entries", "members"} {
		if after[k] != before[k] {
			t.Errorf("after the repair %s = %v, was %v", k, after[k], before[k])
		}
	}
	if rb := decode(t, d.ok("rebuild", "--check", "--json").stdout); rb["match"] != true {
		t.Errorf("rebuild --check after the repair: %v", rb)
	}
}

// TestNoNodeYet: commands that need a node say how to get one.
func TestNoNodeYet(t *testing.T) {
	d := newDac(t)
	for _, args := range [][]string{{"state"}, {}, {"log"}, {"members"}, {"rebuild", "--check"}} {
		d.fails("no node is open", args...)
	}
	if out := d.ok("node", "list").stdout; out != "" {
		t.Errorf("node list with no nodes: %q", out)
	}
	d.fails("64 hex digits", "node", "join", strings.Repeat("0", 64))
	d.fails("node id", "node", "join", "abc")
	// The demo calendar starts in 2024: 3000 days reach past today.
	d.fails("would reach into the future", "demo", "--days", "3000")
	d.fails("no node is open", "state")
}

// TestDemoAsAMember: `dac demo --as 3` makes this device the GUI's demo
// resident, who can then sign from the command line.
func TestDemoAsAMember(t *testing.T) {
	d := newDac(t)
	out := d.ok("demo", "--as", "3").stdout
	me := demo.Pub(demo.Key(1, 3))
	if !strings.Contains(out, "This device is now demo member 3 ("+me.Short()+")") {
		t.Fatalf("dac demo --as 3:\n%s", out)
	}
	if got := d.ok("whoami").stdout; !strings.Contains(got, me.String()) {
		t.Fatalf("whoami after --as 3: %s", got)
	}
	to := demo.Pub(demo.Key(1, 5))
	d.ok("delegate", "set", to.String(), "--topic", "policy")
	d.ok("demo", "--as", "3") // again: nothing to do
	d.fails("already holds identity", "demo", "--as", "4")
	d.fails("the demo has members 0 to 59", "demo", "--as", "60")
}
