package cli_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestIdentityAndMembership drives init, whoami and the membership commands
// through the real (slow) key derivation: four seal/open operations in all.
func TestIdentityAndMembership(t *testing.T) {
	d := newDac(t)
	d.fails("no identity", "whoami")
	// Commands that need a key say so before anything else.
	d.fails("no identity", "vouch", strings.Repeat("ab", 32))

	r := d.ok("init") // seal 1
	m := regexp.MustCompile(`Your identity: ([0-9a-f]{64})`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("init prints no key:\n%s", r.stdout)
	}
	key := m[1]
	var words []string
	for i := 1; i <= 24; i++ {
		w := regexp.MustCompile(`(?:^|\s)` + strconv.Itoa(i) + `\. ([a-z]+)`).FindStringSubmatch(r.stdout)
		if w == nil {
			t.Fatalf("init does not print word %d:\n%s", i, r.stdout)
		}
		words = append(words, w[1])
	}
	if regexp.MustCompile(`\b25\. `).MatchString(r.stdout) {
		t.Errorf("init prints more than 24 words:\n%s", r.stdout)
	}
	blob, err := os.ReadFile(filepath.Join(d.dir, "identity.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(blob), strings.Join(words, " ")) {
		t.Error("identity.json holds the recovery phrase")
	}

	if got := strings.TrimSpace(d.ok("whoami").stdout); got != key {
		t.Errorf("whoami = %q, want %q", got, key)
	}
	if got := str(t, decode(t, d.ok("whoami", "--json").stdout), "public_key"); got != key {
		t.Errorf("whoami --json = %q, want %q", got, key)
	}
	// Never overwritten, and no passphrase is needed to learn that.
	d.fails("already has an identity", "init")

	// Bad input is refused before the passphrase is used.
	d.fails("public key", "vouch", "zz")
	d.fails("public key", "admit", "zz")
	d.fails("cannot read the charter file", "node", "new", "--charter", "/nonexistent")
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"version": 1,`), 0o600); err != nil {
		t.Fatal(err)
	}
	d.fails("charter", "node", "new", "--charter", bad)

	applicant := newKey(t)
	d.fails("no node", "admit", applicant) // open 1

	// A wrong passphrase is refused plainly.
	d.env["DAC_PASSPHRASE"] = "not the passphrase"
	d.fails("wrong passphrase", "vouch", applicant) // open 2
	d.env["DAC_PASSPHRASE"] = pass

	charter := filepath.Join(t.TempDir(), "charter.json")
	if err := os.WriteFile(charter, []byte(`{"version": 1, "name": "Testville", "membership": {"vouches_required": 3, "vouch_ttl_days": 30}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r = d.ok("node", "new", "--charter", charter) // open 3
	if !strings.Contains(r.stdout, `"Testville"`) {
		t.Errorf("node new:\n%s", r.stdout)
	}
	st := decode(t, d.ok("state", "--json").stdout)
	me, _ := st["me"].(map[string]any)
	if st["name"] != "Testville" || num(t, st, "members") != 1 || me["key"] != key || me["member"] != true {
		t.Fatalf("state after node new: %v", st)
	}

	// The passphrase can come from standard input too.
	delete(d.env, "DAC_PASSPHRASE")
	r = d.runIn(pass+"\n", "vouch", applicant) // open 4
	if r.code != 0 || !strings.Contains(r.stdout, "Done: vouch #2") {
		t.Fatalf("vouch with the passphrase on stdin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	d.fails("no passphrase given", "admit", applicant)
	lg := decode(t, d.ok("log", "--json").stdout)["entries"].([]any)
	if len(lg) != 2 || lg[0].(map[string]any)["kind"] != "vouch" || lg[0].(map[string]any)["author"] != key {
		t.Errorf("log after the vouch: %v", lg)
	}
}

func newKey(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(pub)
}
