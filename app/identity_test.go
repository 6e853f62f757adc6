package app_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dac/app"
)

func TestIdentityLifecycle(t *testing.T) {
	dir := t.TempDir()
	a := open(t, dir, opts{})
	if a.HasIdentity() {
		t.Fatal("a fresh data directory has an identity")
	}

	// A short passphrase is refused plainly, and nothing is written.
	_, err := a.CreateIdentity([]byte("short"))
	wantPlain(t, err, "too short")
	if a.HasIdentity() {
		t.Fatal("a refused passphrase left a key file behind")
	}

	id, err := a.CreateIdentity([]byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(id.Phrase)
	if len(words) != 24 {
		t.Fatalf("recovery phrase has %d words, want 24: %q", len(words), id.Phrase)
	}
	if id.Public.IsZero() {
		t.Fatal("zero public key")
	}
	who, err := a.Whoami()
	if err != nil || who != id.Public {
		t.Fatalf("Whoami = %s, %v; want %s", who, err, id.Public)
	}
	if !a.HasIdentity() {
		t.Fatal("HasIdentity false after CreateIdentity")
	}

	// Never overwritten.
	if _, err := a.CreateIdentity([]byte(pass + "2")); !errors.Is(err, app.ErrIdentityExists) {
		t.Fatalf("second CreateIdentity: %v, want ErrIdentityExists", err)
	}
	if who, _ := a.Whoami(); who != id.Public {
		t.Fatal("the second CreateIdentity changed the key")
	}

	// The key file: private to its owner, and without the phrase.
	file := filepath.Join(dir, "identity.json")
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("identity.json mode %v, want 0600", perm)
	}
	blob, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	checkNoPhrase(t, blob, words)

	// Unlock: wrong passphrase, then the right one.
	a.Lock()
	if _, err := a.Vouch(newPub(t)); !errors.Is(err, app.ErrLocked) {
		t.Fatalf("Vouch while locked: %v, want ErrLocked", err)
	}
	err = a.Unlock([]byte("not the passphrase"))
	if err == nil || app.Message(err) != "wrong passphrase" {
		t.Fatalf("Unlock with a wrong passphrase: %v, want \"wrong passphrase\"", err)
	}
	if _, err := a.CreateNode(sampleCharter(t)); !errors.Is(err, app.ErrLocked) {
		t.Fatalf("CreateNode after a failed Unlock: %v, want ErrLocked", err)
	}
	if err := a.Unlock([]byte(pass)); err != nil {
		t.Fatalf("Unlock: %v", err)
	}
	if _, err := a.CreateNode(sampleCharter(t)); err != nil {
		t.Fatalf("CreateNode after Unlock: %v", err)
	}

	// Another app on the same directory starts locked.
	b := open(t, dir, opts{})
	if _, err := b.Vouch(newPub(t)); !errors.Is(err, app.ErrLocked) {
		t.Fatalf("Vouch before Unlock: %v, want ErrLocked", err)
	}
	if _, err := b.Leave(""); !errors.Is(err, app.ErrLocked) {
		t.Fatalf("Leave before Unlock: %v, want ErrLocked", err)
	}
	if _, err := b.Admit(newPub(t)); !errors.Is(err, app.ErrLocked) {
		t.Fatalf("Admit before Unlock: %v, want ErrLocked", err)
	}

	// The phrase restores the same key in a fresh directory.
	c := open(t, t.TempDir(), opts{})
	got, err := c.RestoreIdentity(id.Phrase, []byte("another passphrase"))
	if err != nil {
		t.Fatalf("RestoreIdentity: %v", err)
	}
	if got.Public != id.Public {
		t.Fatalf("restored key %s, want %s", got.Public, id.Public)
	}
	if who, err := c.Whoami(); err != nil || who != id.Public {
		t.Fatalf("Whoami after restore = %s, %v", who, err)
	}
	// ... and a bad phrase is refused plainly.
	d := open(t, t.TempDir(), opts{})
	_, err = d.RestoreIdentity(strings.Join(append(words[1:], words[0]), " "), []byte(pass))
	if err == nil {
		t.Fatal("a rotated recovery phrase was accepted")
	}
	wantPlain(t, err, "")
	if d.HasIdentity() {
		t.Fatal("a refused phrase left a key file behind")
	}
}

// checkNoPhrase: neither the phrase nor any distinctive word of it is in the
// key file (short words could appear by chance inside base64, so only words
// of 5 letters or more are looked for in the encoded values).
func checkNoPhrase(t *testing.T, blob []byte, words []string) {
	t.Helper()
	if strings.Contains(string(blob), strings.Join(words, " ")) {
		t.Fatal("identity.json contains the recovery phrase")
	}
	for i := 0; i+1 < len(words); i++ {
		if strings.Contains(string(blob), words[i]+" "+words[i+1]) {
			t.Fatalf("identity.json contains %q", words[i]+" "+words[i+1])
		}
	}
	var doc any
	if err := json.Unmarshal(blob, &doc); err != nil {
		t.Fatalf("identity.json is not JSON: %v", err)
	}
	values := strings.Join(stringValues(doc), "\n")
	for _, w := range words {
		if len(w) >= 5 && strings.Contains(values, w) {
			t.Errorf("identity.json contains the phrase word %q", w)
		}
	}
}

func stringValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		var out []string
		for _, x := range v {
			out = append(out, stringValues(x)...)
		}
		return out
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, stringValues(x)...)
		}
		return out
	}
	return nil
}

func TestIdentityDamagedFile(t *testing.T) {
	dir := t.TempDir()
	a := open(t, dir, opts{})
	mustIdentity(t, a)
	a.Lock()
	file := filepath.Join(dir, "identity.json")
	for _, tc := range []struct{ name, content string }{
		{"not JSON", "this is not a keystore"},
		{"empty", ""},
		{"another format", `{"format":"something-else","version":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(file, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			err := a.Unlock([]byte(pass))
			wantPlain(t, err, "recovery phrase")
			if errors.Is(err, app.ErrNoIdentity) {
				t.Error("a damaged key file reads as no identity")
			}
			_, err = a.Whoami()
			wantPlain(t, err, "damaged")
			// It is not overwritten by a new identity either.
			if _, err := a.CreateIdentity([]byte(pass)); !errors.Is(err, app.ErrIdentityExists) {
				t.Errorf("CreateIdentity over a damaged key file: %v, want ErrIdentityExists", err)
			}
			if _, err := a.Vouch(newPub(t)); !errors.Is(err, app.ErrLocked) {
				t.Errorf("Vouch: %v, want ErrLocked", err)
			}
		})
	}
}

func TestNoIdentity(t *testing.T) {
	a := open(t, t.TempDir(), opts{})
	if _, err := a.Whoami(); !errors.Is(err, app.ErrNoIdentity) {
		t.Errorf("Whoami: %v, want ErrNoIdentity", err)
	}
	if err := a.Unlock([]byte(pass)); !errors.Is(err, app.ErrNoIdentity) {
		t.Errorf("Unlock: %v, want ErrNoIdentity", err)
	}
	if _, err := a.CreateNode(sampleCharter(t)); !errors.Is(err, app.ErrNoIdentity) {
		t.Errorf("CreateNode: %v, want ErrNoIdentity", err)
	}
	if _, err := a.Vouch(newPub(t)); !errors.Is(err, app.ErrNoIdentity) {
		t.Errorf("Vouch: %v, want ErrNoIdentity", err)
	}
	if _, err := a.Status(); !errors.Is(err, app.ErrNoNode) {
		t.Errorf("Status: %v, want ErrNoNode", err)
	}
	for _, e := range []error{app.ErrNoIdentity, app.ErrIdentityExists, app.ErrLocked, app.ErrNoNode} {
		wantPlain(t, e, "")
	}
}

func TestNewNeedsDataDir(t *testing.T) {
	if _, err := app.New(app.Deps{}); err == nil {
		t.Fatal("New without a data directory succeeded")
	}
}
