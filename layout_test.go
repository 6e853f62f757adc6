package main

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pkg is what `go list -json` tells of one package.
type pkg struct {
	ImportPath string
	Dir        string
	Doc        string
	GoFiles    []string
	Imports    []string // direct
	Deps       []string // transitive
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var ps []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if len(ps) < 5 {
		t.Fatalf("go list found only %d packages", len(ps))
	}
	return ps
}

// rule forbids packages matching `who` to import anything matching `bad`,
// directly (direct=true) or at any depth.
type rule struct {
	who, bad *regexp.Regexp
	direct   bool
	why      string
	except   string // a package the rule does not cover
}

func r(who, bad string, direct bool, why string) rule {
	return rule{who: re(who), bad: re(bad), direct: direct, why: why}
}

var rules = []rule{
	{who: re(`^dac/core(/.*)?$`), bad: re(`^(database/sql|modernc\.org/.*|net|net/.*|os|os/.*|io/ioutil|crypto/rand|syscall)$`),
		direct: true, why: "core is pure: no I/O (only core/store does I/O)", except: "dac/core/store"},
	r(`^dac/core(/.*)?$`, `^(fyne\.io/|github\.com/libp2p/|github\.com/ipfs/|dac/app|dac/ui|dac/sync)`, false,
		"core depends on nothing above it and on no GUI or network library"),
	r(`^dac/sync(/.*)?$`, `^(dac/app|dac/ui|fyne\.io/)`, false, "sync never talks to the app layer or the UI"),
	r(`^dac/app(/.*)?$`, `^(fyne\.io/|dac/ui)`, false, "app is headless: no Fyne"),
	r(`^dac/ui(/.*)?$`, `^(dac/sync|dac/core/store)(/.*)?$`, true, "ui goes through app, never to sync or the store"),
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

func TestDependencyDirection(t *testing.T) {
	for _, p := range listPackages(t) {
		for _, rl := range rules {
			if !rl.who.MatchString(p.ImportPath) || p.ImportPath == rl.except {
				continue
			}
			deps := p.Deps
			if rl.direct {
				deps = p.Imports
			}
			for _, d := range deps {
				if rl.bad.MatchString(d) {
					t.Errorf("%s imports %s: %s", p.ImportPath, d, rl.why)
				}
			}
		}
	}
}

func TestRulesCatchAViolation(t *testing.T) {
	// The rules must match what they are meant to: a core package importing
	// database/sql, and ui importing the store, are both caught.
	if !rules[0].who.MatchString("dac/core/entry") || !rules[0].bad.MatchString("database/sql") {
		t.Fatal("rule 0 would not catch core/entry importing database/sql")
	}
	if rules[0].except != "dac/core/store" {
		t.Fatal("rule 0 must allow core/store its I/O")
	}
	if !rules[4].bad.MatchString("dac/core/store") {
		t.Fatal("rule 4 would not catch ui importing the store")
	}
}

func TestCoreNeverReadsTheClock(t *testing.T) {
	clock := re(`\btime\.(Now|Since|Until)\(`)
	for _, p := range listPackages(t) {
		if !strings.HasPrefix(p.ImportPath, "dac/core") {
			continue
		}
		for _, f := range p.GoFiles {
			src, err := os.ReadFile(filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if clock.Match(src) {
				t.Errorf("%s/%s reads the clock: pass time in as a parameter", p.ImportPath, f)
			}
		}
	}
}

func TestEveryPackageHasADocComment(t *testing.T) {
	for _, p := range listPackages(t) {
		if strings.TrimSpace(p.Doc) == "" {
			t.Errorf("package %s has no doc comment", p.ImportPath)
		}
	}
}
