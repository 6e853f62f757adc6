package ui

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"dac/core"
	"dac/core/demo"
)

func TestNodeScreen(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabNode)
	n := r.s.node
	for _, want := range []string{"Demo Commons governs itself", "must vouch for you in person", "stewards",
		"From the first term of the registrar office (10-day terms), its holders admit members"} {
		if !strings.Contains(n.charter.Text, want) {
			t.Errorf("the charter does not say %q:\n%s", want, n.charter.Text)
		}
	}
	st, _ := r.a.Status()
	if len(n.members) != st.Members && len(n.members) < st.Members {
		t.Errorf("directory lists %d, status says %d members", len(n.members), st.Members)
	}
	if n.hash.Text != st.StateHash.String() {
		t.Errorf("state hash %q, want %s", n.hash.Text, st.StateHash)
	}
	for _, want := range []string{"Every account adds up: yes", "outside the rules: yes"} {
		if !strings.Contains(n.audit.Text, want) {
			t.Errorf("the audit does not say %q:\n%s", want, n.audit.Text)
		}
	}
	n.Show(1)
	r.shows("member since")
}

func TestSettings(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabSettings)
	st := r.s.settings
	st.mode.SetSelected("High contrast")
	st.size.SetSelected("Large")
	a := fyne.CurrentApp()
	if got := LoadLook(a.Preferences()); got != (Look{Mode: ModeContrast, Scale: 1.25}) {
		t.Errorf("stored look %+v", got)
	}
	th := a.Settings().Theme()
	if got, want := th.Size(theme.SizeNameText), theme.DefaultTheme().Size(theme.SizeNameText)*1.25; got != want {
		t.Errorf("text size %v, want %v", got, want)
	}
	if th.Color(theme.ColorNameBackground, theme.VariantLight) != color.Black {
		t.Error("high contrast is not white on black")
	}

	test.Tap(st.lock)
	r.shows("Unlock DAC")
	if _, err := r.a.Pay(demo.Pub(demo.Key(smallDemo.Seed, 0)), 1, ""); err == nil {
		t.Error("paid after Lock now")
	}
}

// TestAmendmentsWords: each adopted amendment says whether it is in force,
// waits for the charter's next epoch, or could not be applied.
func TestAmendmentsWords(t *testing.T) {
	got := amendmentsWords([]core.Amendment{{Title: "Cap", InForce: true}, {Title: "Dividend", Waiting: true}, {Title: "Broken"}})
	for _, want := range []string{"Cap (adopted 1 Jan 1970): in force.", "Dividend (adopted 1 Jan 1970): waiting for the charter's next epoch",
		"Broken (adopted 1 Jan 1970): not applied"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q does not say %q", got, want)
		}
	}
}

// TestAuditWordsSayWhatSanctionsWithheld: the audit names the dividends
// accepted sanctions withheld, only when there are some.
func TestAuditWordsSayWhatSanctionsWithheld(t *testing.T) {
	if strings.Contains(auditWords(core.MoneyReport{}), "withheld") {
		t.Error("a line about withheld dividends with none withheld")
	}
	if got := auditWords(core.MoneyReport{Withheld: 25_000_000}); !strings.Contains(got, "withheld by accepted sanctions (never issued): 25.00") {
		t.Errorf("audit: %q", got)
	}
}
