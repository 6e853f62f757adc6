package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"dac/app"
	"dac/core/demo"
)

// sanctionsRig is a device of demo member i on a demo long enough for
// its sanction cases (25 days or more), on the Sanctions sub-tab.
func sanctionsRig(t *testing.T, i int) *rig {
	t.Helper()
	a := newBackend(t)
	if _, err := a.BuildDemo(demo.Config{Members: 40, Days: 30, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	phrase, _ := app.DemoPhrase(1, i)
	if _, err := a.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, a)
	r.s.Unlocked()
	r.s.Tab(tabCommunity)
	r.s.life.Show(subSanctions)
	return r
}

// TestSanctionsOnTheDemo: the resident filed the demo's two complaints;
// the view shows both upheld, with their juries and verdicts, and the
// steps they decided with their dates (a warning expired, a reduced
// dividend). The accused sees the same steps as their own record.
func TestSanctionsOnTheDemo(t *testing.T) {
	r := sanctionsRig(t, app.DemoResident)
	accused := demo.Pub(demo.Key(1, 2))
	v := r.s.life.subs[subSanctions].(*SanctionsScreen)
	mine := texts(v.mine)
	if n := strings.Count(mine, "# Complaint against member "+accused.Short()); n != 2 {
		t.Fatalf("%d complaints against the accused concern the resident:\n%s", n, mine)
	}
	for _, want := range []string{"You filed it.", "“kept the shared tools for weeks”", "by a jury drawn by lot:",
		"Upheld: 2 of 3 jurors found guilty.", "Decided: a warning, from", "(expired).", "Decided: a reduced dividend, from"} {
		if !strings.Contains(mine, want) {
			t.Errorf("the cases do not show %q:\n%s", want, mine)
		}
	}
	r.shows("No sanction has been decided against you.")

	phrase, _ := app.DemoPhrase(1, 2)
	if _, err := r.a.SignIn(phrase); err != nil {
		t.Fatal(err)
	}
	v.Refresh()
	if got := v.ladder.Text; !strings.Contains(got, "Decided: a warning") || !strings.Contains(got, "Decided: a reduced dividend") ||
		!strings.Contains(got, "Accepted on") {
		t.Fatalf("the accused's record says %q", got)
	}
	r.shows("You are the accused.")
}

// TestAJurorGivesAVerdict: today the resident files a complaint; a member
// volunteers for the audit office's next term and reveals, which seeds the
// jury; when the term starts, a drawn juror sees the case with the two
// buttons, finds guilty, and may change their mind; the accused and the
// others see no buttons.
func TestAJurorGivesAVerdict(t *testing.T) {
	a, now := clockedDemo(t)
	as := func(i int) {
		t.Helper()
		phrase, _ := app.DemoPhrase(1, i)
		if _, err := a.SignIn(phrase); err != nil {
			t.Fatal(err)
		}
	}
	accused := demo.Pub(demo.Key(1, 7))
	c, err := a.Complain(accused, "left the bakery's oven on all night")
	if err != nil {
		t.Fatal(err)
	}
	as(9)
	if _, _, err := a.Volunteer("audit"); err != nil {
		t.Fatal(err)
	}
	h, err := a.Hearing(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	*now = time.UnixMilli(h.Start).Add(-12 * time.Hour)
	if _, err := a.Reveal("audit"); err != nil {
		t.Fatal(err)
	}
	*now = time.UnixMilli(h.Start).Add(time.Hour)
	if h, err = a.Hearing(c.ID); err != nil || len(h.Jurors) != 3 {
		t.Fatalf("the jury %v, %v", h.Jurors, err)
	}
	juror := -1
	for i := range 40 {
		if demo.Pub(demo.Key(1, i)) == h.Jurors[0] {
			juror = i
		}
	}
	as(juror)
	r := clockedRig(t, a, now, subSanctions)
	v := r.s.life.subs[subSanctions].(*SanctionsScreen)
	card := cardTitled(t, v.mine, "Complaint against member "+accused.Short())
	if !strings.Contains(texts(card), "You were drawn for this jury.") {
		t.Fatalf("the juror's card:\n%s", texts(card))
	}
	tapIn(t, card, "Guilty")
	r.shows("Your verdict is recorded: guilty.")
	r.shows(h.Jurors[0].Short() + " guilty")
	tapIn(t, cardTitled(t, v.mine, "Complaint against member "+accused.Short()), "Not guilty")
	r.shows(h.Jurors[0].Short() + " not guilty")
	r.shows("The hearing is open: 0 of 3 jurors find guilty so far")

	as(7)
	v.Refresh()
	card = cardTitled(t, v.mine, "Complaint against member "+accused.Short())
	if strings.Contains(texts(card), "[Guilty]") {
		t.Fatal("the accused is offered the verdict buttons")
	}
	r.shows("You are the accused.")
}

// clockedDemo is an app on a demo of 40 members over 30 days (juries and
// draws need a dozen members early on), or on cfgs[0], with the demo
// resident's identity and a clock the test moves (it starts at testNow).
func clockedDemo(t *testing.T, cfgs ...demo.Config) (*app.App, *time.Time) {
	t.Helper()
	now := testNow
	a, err := app.New(app.Deps{DataDir: t.TempDir(), KDF: fastKDF, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	cfg := demo.Config{Members: 40, Days: 30, Seed: 1}
	if len(cfgs) > 0 {
		cfg = cfgs[0]
	}
	if _, err := a.BuildDemo(cfg, nil); err != nil {
		t.Fatal(err)
	}
	phrase, _ := app.DemoPhrase(cfg.Seed, app.DemoResident)
	if _, err := a.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	return a, &now
}

// clockedRig shows a's Community sub-tab sub, the shell on the same clock.
func clockedRig(t *testing.T, a *app.App, now *time.Time, sub int) *rig {
	t.Helper()
	r := newRig(t, a)
	r.s.o.Now = func() time.Time { return *now }
	r.s.Unlocked()
	r.s.Tab(tabCommunity)
	r.s.life.Show(sub)
	return r
}
