package app_test

import (
	"errors"
	"testing"

	"dac/app"
	"dac/core/demo"
	"dac/core/money"
)

// The demo adopts an amendment raising the offline cap from 2,000 to 2,500
// units: the app lists it as in force and lets a device pay 2,200 units in
// a day with no hub, which the genesis cap would refuse.
func TestTheOfflineCapInForceIsTheAmendedOne(t *testing.T) {
	clk := newClock()
	a := open(t, t.TempDir(), opts{clock: clk})
	if _, err := a.BuildDemo(demo.EndingBy(demo.DefaultConfig(), clk.Now().UnixMilli()), nil); err != nil {
		t.Fatal(err)
	}
	phrase, _ := app.DemoPhrase(1, app.DemoResident)
	if _, err := a.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	ams, err := a.Amendments()
	if err != nil || len(ams) != 1 || !ams[0].InForce {
		t.Fatalf("amendments %+v, %v", ams, err)
	}
	to := demo.Pub(demo.Key(1, 0))
	if _, err := a.Pay(to, 2_200*money.Unit, "above the genesis cap"); err != nil {
		t.Fatalf("a payment within the amended cap: %v", err)
	}
	_, err = a.Pay(to, 400*money.Unit, "above the amended cap")
	wantPlain(t, err, "offline spending cap")
}

// Paying more than one has is refused before anything is signed, in words
// with both amounts (a template the GUI translates).
func TestPayingMoreThanTheBalanceIsRefusedInWords(t *testing.T) {
	clk := newClock()
	a := open(t, t.TempDir(), opts{clock: clk})
	mustIdentity(t, a)
	c := sampleCharter(t)
	c.Money.OfflineCap = 0 // no daily bound: the balance is what stops this payment
	if _, err := a.CreateNode(c); err != nil {
		t.Fatal(err)
	}
	b := newPub(t)
	if _, err := a.Vouch(b); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Admit(b); err != nil {
		t.Fatal(err)
	}
	_, err := a.Pay(b, 1_000_000*money.Unit, "too much")
	wantPlain(t, err, "not enough money: you have 50301.81 units, the payment is 1000000.00")
	var u *app.UserError
	if !errors.As(err, &u) || u.Tmpl == "" || u.Args["Amount"] != app.Units(1_000_000*money.Unit) {
		t.Fatalf("not a template with its values: %+v", u)
	}
}
