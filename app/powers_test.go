package app_test

import (
	"testing"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/demo"
	"dac/core/ids"
)

// indexOf is the demo member index (seed 1) of a key.
func indexOf(t *testing.T, k ids.PubKey, members int) int {
	t.Helper()
	for i := range members {
		if demo.Pub(demo.Key(1, i)) == k {
			return i
		}
	}
	t.Fatalf("%s is not a demo member", k.Short())
	return -1
}

// officeDemo is a kiosk on a demo of 12 members whose 10 days end at the
// clock's now, as the first term of its offices begins (seats taken and
// confirmed at that boundary).
func officeDemo(t *testing.T) (*app.App, *testClock, demo.Config) {
	t.Helper()
	cfg := demo.Config{Members: 12, Days: 10, Seed: 1}
	a, clk := demoEndingNow(t, cfg)
	return a, clk, cfg
}

// The demo ends as the registrar office's first term begins, its seat taken
// and confirmed. A member volunteers for term 2 at the kiosk, reveals and,
// the only one in the draw, takes the seat; members' devices confirm it
// (one by itself after an ingest, two on request; a fourth has nothing left
// to confirm); then the charter's registrar may not admit, the holder may.
func TestTheDrawnRegistrarAdmitsOnceMembersConfirm(t *testing.T) {
	a, clk, cfg := officeDemo(t)
	first, err := a.OfficeTerm("registrar", 0)
	if err != nil || first.Draw.Term != 1 || len(first.Holders) != 1 {
		t.Fatalf("term 1 of the registrar office: %+v, %v", first, err)
	}
	winner := (indexOf(t, first.Holders[0], cfg.Members) + 1) % cfg.Members
	as(t, a, winner)
	if _, term, err := a.Volunteer("registrar"); err != nil || term != 2 {
		t.Fatalf("volunteer: term %d, %v", term, err)
	}
	clk.Advance(10*24*time.Hour - 12*time.Hour)
	if _, err := a.Reveal("registrar"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(13 * time.Hour)
	if _, err := a.TakeSeat("registrar"); err != nil {
		t.Fatal(err)
	}
	term, err := a.OfficeTerm("registrar", 0)
	if err != nil || term.Draw.Term != 2 || len(term.Holders) != 1 || term.Holders[0] != demo.Pub(demo.Key(1, winner)) {
		t.Fatalf("term 2: %+v, %v", term, err)
	}
	newcomer := newPub(t)
	_, err = a.Admit(newcomer)
	wantPlain(t, err, "no one may admit members now: no seat of registrar for term 2 has 3 confirmations yet")
	clk.Advance(time.Duration(core.ConfirmSettleMillis) * time.Millisecond) // devices confirm once the term has settled

	var others []int
	for i := range cfg.Members {
		if i != winner && len(others) < 4 {
			others = append(others, i)
		}
	}
	as(t, a, others[0])
	if _, err := a.Ingest(nil); err != nil {
		t.Fatal(err)
	}
	for _, i := range others[1:3] {
		as(t, a, i)
		if got, err := a.ConfirmSeats(); err != nil || len(got) != 1 {
			t.Fatalf("member %d confirms: %d, %v", i, len(got), err)
		}
		if _, err := a.Vouch(newcomer); err != nil {
			t.Fatal(err)
		}
	}
	as(t, a, others[3])
	if got, err := a.ConfirmSeats(); err != nil || len(got) != 0 {
		t.Fatalf("a seat with 3 confirmations needs no more: %d, %v", len(got), err)
	}
	if _, err := a.Vouch(newcomer); err != nil {
		t.Fatal(err)
	}
	p, err := a.Registrars()
	if err != nil || len(p.Holders) != 1 || p.Holders[0] != term.Winners[0] || len(p.Seats[0].Confirms) != 3 {
		t.Fatalf("registrars %+v, %v", p, err)
	}

	as(t, a, indexOf(t, demo.Pub(demo.Key(1, 0)), cfg.Members)) // the charter's registrar
	_, err = a.Admit(newcomer)
	wantPlain(t, err, "only "+term.Winners[0].Short()+" may admit members now")
	as(t, a, winner)
	if _, err := a.Admit(newcomer); err != nil {
		t.Fatalf("the holder admits: %v", err)
	}
	if st, err := a.ApplicantStatus(newcomer); err != nil || !st.Member {
		t.Fatalf("after the holder's admission: %+v, %v", st, err)
	}
}
