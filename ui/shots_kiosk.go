package ui

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"dac/app"
	"dac/core/demo"
)

// kioskShot is one screenshot of the kiosk.
type kioskShot struct {
	name string
	show func(k *Kiosk) error
}

// kioskShots go through a session of the demo resident (the demo built by
// `dac demo` with its default seed) and the start of a registration.
var kioskShots = []kioskShot{
	{"kiosk-signin", func(k *Kiosk) error { k.showSignIn(""); return nil }},
	{"kiosk-newkey", func(k *Kiosk) error { k.signIn.doNewKey(); return nil }},
	{"kiosk-home", func(k *Kiosk) error {
		k.applicant = k.signIn.pending // as if they wrote the words down
		phrase, err := app.DemoPhrase(1, app.DemoResident)
		if err != nil {
			return err
		}
		who, err := k.b.SignIn(phrase)
		if err != nil {
			return err
		}
		k.SignedIn(who)
		return nil
	}},
	{"kiosk-wallet", func(k *Kiosk) error { k.session.main.SelectIndex(1); return nil }},
	{"kiosk-register", func(k *Kiosk) error { k.session.main.SelectIndex(2); return nil }},
	{"kiosk-votes", func(k *Kiosk) error { k.session.main.SelectIndex(3); return nil }},
	{"kiosk-point", func(k *Kiosk) error { // the demo's distribution point signs in
		k.SignOut("")
		who, err := k.b.SignIn(app.KeyCodePrefix + hex.EncodeToString(demo.PointKey().Seed()))
		if err != nil {
			return err
		}
		k.SignedIn(who)
		k.session.main.SelectIndex(3)
		return nil
	}},
	{"kiosk-housing-office", shootHousingOffice},
	{"kiosk-ended", func(k *Kiosk) error {
		k.SignOut(k.idleNote())
		return nil
	}},
}

// shootKiosk saves dir/<size>-kiosk-*.png at both sizes, then quits.
func shootKiosk(a fyne.App, w fyne.Window, k *Kiosk, dir string) {
	defer fyne.Do(a.Quit)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		return
	}
	for _, sz := range screenSizes {
		fyne.DoAndWait(func() { w.Resize(sz.size) })
		for _, sh := range kioskShots {
			var err error
			fyne.DoAndWait(func() { err = sh.show(k) })
			if err == nil {
				err = saveShot(w, filepath.Join(dir, sz.name+"-"+sh.name+".png"))
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "screenshots:", sh.name, err)
				return
			}
		}
	}
}

// shootHousingOffice signs the housing office's holder in and shows their
// counter (the demo resident does not hold the office).
func shootHousingOffice(k *Kiosk) error {
	rules, err := k.b.HousingRules()
	if err != nil || rules == nil || len(rules.Office) == 0 {
		return fmt.Errorf("the demo has no housing office: %v", err)
	}
	for i := range 64 {
		phrase, err := app.DemoPhrase(1, i)
		if err != nil {
			return err
		}
		if who, err := k.b.SignIn(phrase); err == nil && rules.InOffice(who) {
			k.SignOut("")
			if who, err = k.b.SignIn(phrase); err != nil {
				return err
			}
			k.SignedIn(who)
			for i, it := range k.session.main.Items { // the office's counter, whatever follows it
				if it.Text == lang.L("Housing office") {
					k.session.main.SelectIndex(i)
				}
			}
			return nil
		}
	}
	return fmt.Errorf("no demo member holds the housing office")
}
