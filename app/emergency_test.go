package app_test

import (
	"testing"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/entry"
)

// bothYes has A and B vote yes on proposal e (B syncs first, A after).
func bothYes(t *testing.T, p pair, e *entry.Signed) {
	t.Helper()
	if _, err := p.a.Vote(e.ID, []string{"yes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Ingest(p.pubA.take()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Vote(e.ID, []string{"yes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Ingest(p.pubB.take()); err != nil {
		t.Fatal(err)
	}
}

func onlyCase(t *testing.T, a *app.App, state string) app.EmergencyCaseView {
	t.Helper()
	all, err := a.EmergencyStatus()
	if err != nil || len(all) == 0 || all[0].State != state {
		t.Fatalf("status %+v, %v; want the newest %q", all, err, state)
	}
	return all[0]
}

func TestEmergencyRatifiedRenewedAndOnTheBanner(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	d, err := p.a.DeclareEmergency(app.EmergencyOrder{Hours: 72, NoTravel: true, Reason: "flood"})
	if err != nil {
		t.Fatal(err)
	}
	banner, err := p.a.EmergencyBanner()
	if err != nil || len(banner) != 1 || banner[0].State != core.EmergencyAwaiting ||
		banner[0].RatifyLeftMillis != 48*3600_000 || banner[0].LeftMillis != 72*3600_000 {
		t.Fatalf("banner %+v, %v", banner, err)
	}
	_, _, err = p.a.RenewEmergency(d.ID, app.EmergencyOrder{Hours: 24})
	wantPlain(t, err, "ratified before it is renewed")
	r, err := p.a.RatifyEmergency(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	bothYes(t, p, r)
	clk.Advance(25 * time.Hour)
	c := onlyCase(t, p.a, core.EmergencyActive)
	if len(c.Chain) != 2 || c.NextThreshold != 70 || !c.Current.NoTravel {
		t.Fatalf("ratified: %+v", c)
	}
	n, threshold, err := p.a.RenewEmergency(d.ID, app.EmergencyOrder{Hours: 48})
	if err != nil || threshold != 70 {
		t.Fatalf("renew: threshold %d, %v", threshold, err)
	}
	_, _, err = p.a.RenewEmergency(d.ID, app.EmergencyOrder{Hours: 48})
	wantPlain(t, err, "a vote on this emergency is open already ("+n.ID.Short()+")")
	bothYes(t, p, n)
	clk.Advance(48 * time.Hour) // 73 h: past the declaration's 72 hours
	c = onlyCase(t, p.a, core.EmergencyActive)
	if c.Renewals != 1 || c.Current.ID != n.ID || c.LeftMillis != 47*3600_000 || c.NextThreshold != 80 {
		t.Fatalf("renewed: %+v", c)
	}
	clk.Advance(47 * time.Hour)
	onlyCase(t, p.a, core.EmergencyExpired)
	if banner, _ := p.a.EmergencyBanner(); len(banner) != 0 {
		t.Fatalf("banner after expiry: %+v", banner)
	}
	_, _, err = p.a.RenewEmergency(d.ID, app.EmergencyOrder{Hours: 24})
	wantPlain(t, err, "declare a new one")
}

func TestUnratifiedDeclarationVoidAndVotedEmergency(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	d, err := p.a.DeclareEmergency(app.EmergencyOrder{Hours: 100, NoExtras: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Ingest(p.pubA.take()); err != nil {
		t.Fatal(err)
	}
	_, _, err = p.b.Redeem("water", 120, [32]byte{}, true)
	wantPlain(t, err, "refuses extras")
	clk.Advance(48 * time.Hour)
	onlyCase(t, p.b, core.EmergencyVoid)
	_, err = p.a.RatifyEmergency(d.ID)
	wantPlain(t, err, "nothing to ratify")
	if _, _, err := p.b.Redeem("water", 120, [32]byte{}, true); err != nil {
		t.Fatalf("the void declaration still curtailed extras: %v", err)
	}
	_, err = p.b.ProposeEmergency(app.EmergencyOrder{Hours: 169})
	wantPlain(t, err, "1 to 168 hours")
	v, err := p.b.ProposeEmergency(app.EmergencyOrder{Hours: 24, Reason: "storm"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Ingest(p.pubB.take()); err != nil {
		t.Fatal(err)
	}
	onlyCase(t, p.a, core.EmergencyVoting)
	bothYes(t, p, v)
	clk.Advance(24 * time.Hour)
	if c := onlyCase(t, p.a, core.EmergencyActive); c.ID != v.ID || c.LeftMillis != 24*3600_000 {
		t.Fatalf("voted emergency: %+v", c)
	}
	id, err := p.a.FindEmergency(v.ID.String()[:8])
	if err != nil || id != v.ID {
		t.Fatalf("find %v, %v", id, err)
	}
}
