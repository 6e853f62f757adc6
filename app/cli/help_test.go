package cli_test

import (
	"strings"
	"testing"
)

// TestHelp: the root and every subcommand answer --help with usage, exit 0,
// and touch no data.
func TestHelp(t *testing.T) {
	d := newDac(t)
	cmds := []string{"", "init", "whoami", "node", "node new", "node list", "node use", "node join", "node charter",
		"demo", "state", "log", "members", "vouch", "admit", "leave", "rebuild", "bench", "bench ingest",
		"balance", "audit", "audit money", "pay", "receive", "history", "bench pay",
		"offline", "offline export-payment", "offline import-payment",
		"treasury", "treasury show", "treasury budget", "treasury propose", "treasury cosign", "work", "work log", "work attest",
		"bundle", "bundle export", "bundle import", "hub", "sync", "peers", "bench sync", "confirm-restore",
		"rations", "rations status", "rations redeem", "rations dispense", "emergency", "emergency declare", "emergency ratify", "emergency renew", "emergency status",
		"propose", "vote", "vote list", "vote audit", "tally", "delegate", "delegate set", "delegate revoke", "delegate show",
		"office", "office list", "office volunteer", "office reveal", "office take", "office confirm", "office draw",
		"bench startup", "kiosk",
		"housing", "housing status", "housing dwellings", "housing register", "housing apply", "housing applications", "housing round", "housing round close", "housing round show", "housing audit", "housing modify", "housing approve", "housing swap", "housing relinquish", "housing fee",
		"sanction", "sanction complain", "sanction cases", "sanction show", "sanction verdict", "sanction ladder",
		"sanction mine", "sanction accept"}
	for _, c := range cmds {
		name := strings.TrimSpace("dac " + c)
		t.Run(name, func(t *testing.T) {
			args := append(strings.Fields(c), "--help")
			r := d.run(args...)
			if r.code != 0 {
				t.Fatalf("%s --help: exit %d, stderr %q", name, r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "Usage:") {
				t.Fatalf("%s --help prints no Usage line:\n%s", name, r.stdout)
			}
			// The usage is this command's own.
			want := "Usage:\n  " + name
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s --help: usage is not for %q:\n%s", name, name, r.stdout)
			}
			if r.stderr != "" {
				t.Errorf("%s --help wrote to stderr: %q", name, r.stderr)
			}
		})
	}
	// The list above is every command there is (cobra's own aside).
	listed := map[string]bool{}
	for _, c := range cmds {
		listed[c] = true
	}
	for _, parent := range []string{"", "node", "bench", "housing", "housing round"} {
		r := d.run(append(strings.Fields(parent), "--help")...)
		subs := availableCommands(r.stdout)
		if len(subs) == 0 {
			t.Errorf("dac %s --help lists the commands %v", parent, subs)
		}
		for _, sub := range subs {
			full := strings.TrimSpace(parent + " " + sub)
			if sub != "help" && sub != "completion" && !listed[full] {
				t.Errorf("command %q is not covered by this test", full)
			}
		}
	}
	// Help created nothing: there is still no identity and no node.
	d.fails("no identity", "whoami")
	d.fails("no node", "state")
}

// TestUnknownCommand is a plain error, not a panic.
func TestUnknownCommand(t *testing.T) {
	d := newDac(t)
	r := d.run("frobnicate")
	if r.code == 0 {
		t.Fatal("an unknown command succeeded")
	}
	if !strings.Contains(r.stderr, "frobnicate") {
		t.Errorf("stderr %q does not name the command", r.stderr)
	}
}

// availableCommands reads the command names under "Available Commands:".
func availableCommands(help string) []string {
	_, after, ok := strings.Cut(help, "Available Commands:\n")
	if !ok {
		return nil
	}
	var out []string
	for _, line := range strings.Split(after, "\n") {
		if strings.TrimSpace(line) == "" {
			break
		}
		out = append(out, strings.Fields(line)[0])
	}
	return out
}
