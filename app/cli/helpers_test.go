package cli_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"dac/app/cli"
)

const pass = "correct horse battery staple"

// dac runs the command line on data directory dir with the environment env
// (DAC_PASSPHRASE and friends) and no terminal.
type dac struct {
	t   *testing.T
	dir string
	env map[string]string
}

func newDac(t *testing.T) *dac {
	return &dac{t: t, dir: t.TempDir(), env: map[string]string{"DAC_PASSPHRASE": pass}}
}

type result struct {
	code           int
	stdout, stderr string
}

func (d *dac) run(args ...string) result {
	d.t.Helper()
	return d.runIn("", args...)
}

func (d *dac) runIn(stdin string, args ...string) result {
	d.t.Helper()
	var out, errb bytes.Buffer
	env := cli.Env{
		Stdin:      strings.NewReader(stdin),
		Stdout:     &out,
		Stderr:     &errb,
		Getenv:     func(k string) string { return d.env[k] },
		IsTerminal: func() bool { return false },
		ReadSecret: func(string) ([]byte, error) {
			d.t.Error("ReadSecret called without a terminal")
			return nil, nil
		},
	}
	code := cli.Main(append([]string{"--data", d.dir}, args...), env)
	return result{code, out.String(), errb.String()}
}

// ok runs and requires exit status 0.
func (d *dac) ok(args ...string) result {
	d.t.Helper()
	r := d.run(args...)
	if r.code != 0 {
		d.t.Fatalf("dac %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// fails runs and requires exit status 1 and a plain message containing want
// on stderr.
func (d *dac) fails(want string, args ...string) result {
	d.t.Helper()
	r := d.run(args...)
	if r.code != 1 {
		d.t.Fatalf("dac %s: exit %d, want 1\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	plainStderr(d.t, r.stderr, want)
	return r
}

// plainStderr checks an error report: one "dac: " line for people, with no
// Go formatting or runtime noise.
func plainStderr(t *testing.T, stderr, want string) {
	t.Helper()
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not contain %q", stderr, want)
	}
	if !strings.HasPrefix(stderr, "dac: ") {
		t.Errorf("stderr %q does not start with \"dac: \"", stderr)
	}
	for _, noise := range []string{"%!", "goroutine", "panic", "<nil>", ".go:", "Usage:", "exit status"} {
		if strings.Contains(stderr, noise) {
			t.Errorf("stderr %q contains %q", stderr, noise)
		}
	}
}

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, s)
	}
	return m
}

// num reads a JSON number field.
func num(t *testing.T, m map[string]any, key string) float64 {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("%q is %T (%v), want a number", key, m[key], m[key])
	}
	return v
}

func str(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	v, ok := m[key].(string)
	if !ok || v == "" {
		t.Fatalf("%q is %T (%v), want a non-empty string", key, m[key], m[key])
	}
	return v
}
