package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"dac/app"
)

// sentencesInCode is every sentence the GUI translates: the literal first
// argument of each lang.L, every literal error message (message.fail
// translates those), and the names of the themes and text sizes.
func sentencesInCode(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if isCall(n, "lang", "L") || isCall(n, "errors", "New") {
					if s, ok := literal(n.Args[0]); ok {
						seen[s] = true
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Msg" {
					if s, ok := literal(n.Value); ok {
						seen[s] = true
					}
				}
			}
			return true
		})
	}
	for _, tmpl := range appTemplates(t, fset) {
		seen[tmpl] = true
	}
	for _, m := range modes {
		seen[m.name] = true
	}
	for _, s := range textSizes {
		seen[s.name] = true
	}
	for _, k := range historyKinds {
		seen[k] = true
	}
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// appTemplates are the app's message templates (app.UserT): the GUI shows
// them translated, so they need Italian too.
func appTemplates(t *testing.T, fset *token.FileSet) []string {
	files, _ := filepath.Glob("../app/*.go")
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "UserT" && len(c.Args) > 0 {
					if s, ok := literal(c.Args[0]); ok {
						out = append(out, s)
					}
				}
			}
			return true
		})
	}
	return out
}

func isCall(c *ast.CallExpr, pkg, fn string) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || len(c.Args) == 0 {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg && sel.Sel.Name == fn
}

// literal is the value of a string literal or a sum of them.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2 && e.Op == token.ADD
	}
	return "", false
}

var placeholder = regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)

// TestItalianCoversEverySentence: every sentence on screen has an Italian
// translation, which keeps its placeholders.
func TestItalianCoversEverySentence(t *testing.T) {
	it := translationsOf("it")
	if len(it) == 0 {
		t.Fatal("no Italian translations")
	}
	var missing []string
	for _, s := range sentencesInCode(t) {
		tr, ok := it[s]
		if !ok {
			missing = append(missing, s)
			continue
		}
		want, got := placeholder.FindAllString(s, -1), placeholder.FindAllString(tr, -1)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("%q: the translation %q has placeholders %v, want %v", s, tr, got, want)
		}
	}
	if len(missing) > 0 {
		j, _ := json.MarshalIndent(missing, "", "  ")
		t.Errorf("%d sentences have no Italian translation:\n%s", len(missing), j)
	}
	// The app's fixed sentences that reach the screen are translated too.
	for _, s := range []string{app.ErrLocked.Msg, app.ErrNoNode.Msg, "wrong passphrase", "strong passphrase"} {
		if _, ok := it[s]; !ok {
			t.Errorf("the app's sentence %q has no Italian translation", s)
		}
	}
}

// TestLanguageOverridesTheSystem: the setting wins over the system's
// locale both ways, and "" follows the system again.
func TestLanguageOverridesTheSystem(t *testing.T) {
	t.Cleanup(func() { SetLanguage("") }) // runs after the locale is restored
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "it_IT.UTF-8")
	SetLanguage("")
	if got := lang.L("Settings"); got != "Impostazioni" {
		t.Errorf("system Italian, no choice: %q", got)
	}
	SetLanguage("en")
	if got := lang.L("Settings"); got != "Settings" {
		t.Errorf("system Italian, English chosen: %q", got)
	}
	t.Setenv("LANG", "en_GB.UTF-8")
	SetLanguage("it")
	if got := lang.L("Sent {{.Units}} units to member {{.Key}}.", args{"Units": "1.00", "Key": "ab12"}); got !=
		"Inviate 1.00 unità al membro ab12." {
		t.Errorf("system English, Italian chosen: %q", got)
	}
	SetLanguage("")
	if got := lang.L("Settings"); got != "Settings" {
		t.Errorf("system English, no choice: %q", got)
	}
}

// TestSwitchToItalian: choosing Italiano in the settings shows the screens
// in Italian at once, remembers it, and English comes back the same way.
func TestSwitchToItalian(t *testing.T) {
	r := demoRig(t)
	t.Cleanup(func() { SetLanguage("") })
	r.s.Tab(settingsTab)
	r.s.settings.lang.SetSelected("Italiano")
	if got := LoadLanguage(fyne.CurrentApp().Preferences()); got != "it" {
		t.Errorf("the choice is not remembered: %q", got)
	}
	if r.s.main.SelectedIndex() != settingsTab {
		t.Errorf("the settings are no longer shown")
	}
	for _, want := range []string{"Impostazioni", "Lingua", "[Blocca ora]"} {
		r.shows(want)
	}
	r.s.Tab(0)
	r.shows("# Il tuo denaro")
	r.shows("Stanotte ricevi")
	if strings.Contains(texts(r.w.Content()), "Your money") {
		t.Errorf("the home screen is still in English")
	}
	r.s.Tab(settingsTab)
	r.s.settings.lang.SetSelected("English")
	r.s.Tab(0)
	r.shows("# Your money")
}

// TestAppTemplatesAreTranslatedWithTheirValues: a message the app gives as
// a template reaches the screen in Italian, with its amounts written the
// Italian way.
func TestAppTemplatesAreTranslatedWithTheirValues(t *testing.T) {
	SetLanguage("it")
	t.Cleanup(func() { SetLanguage("") })
	err := app.UserT("over the offline spending cap: {{.Spent}} of today's {{.Cap}} units already paid "+
		"and not yet seen by a hub; sync with a hub of the node to pay more today",
		map[string]any{"Spent": app.Units(1_500_500_000), "Cap": app.Units(2_000_000_000)})
	got := errWords(err)
	if !strings.Contains(got, "oltre il limite") || !strings.Contains(got, "1.500,50") || !strings.Contains(got, "2.000,00") {
		t.Fatalf("in Italian: %q", got)
	}
	if !strings.Contains(err.Error(), "1500.50 of today's 2000.00 units") {
		t.Fatalf("in English: %q", err.Error())
	}
}
