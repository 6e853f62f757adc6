package app_test

import (
	"testing"
	"time"
)

func TestVolunteerRevealAndTakeASeat(t *testing.T) {
	clk := newClock()
	a, id, _, _ := founded(t, opts{clock: clk})
	for _, office := range []string{"audit", "trade"} {
		if _, term, err := a.Volunteer(office); err != nil || term != 1 {
			t.Fatalf("volunteer for %s: term %d, %v", office, term, err)
		}
	}
	wantPlain(t, func() error { _, _, err := a.Volunteer("mayor"); return err }(), "no office")
	clk.Advance(9*24*time.Hour + time.Hour)
	for _, office := range []string{"audit", "trade"} {
		if _, err := a.Reveal(office); err != nil {
			t.Fatalf("reveal %s: %v", office, err)
		}
	}
	clk.Advance(24 * time.Hour)
	if _, err := a.TakeSeat("audit"); err != nil {
		t.Fatal(err)
	}
	_, err := a.TakeSeat("trade")
	wantPlain(t, err, "separated powers")
	os, err := a.Offices()
	if err != nil || len(os) != 2 || os[0].Term != 1 || len(os[0].Current.Holders) != 1 || os[0].Current.Holders[0] != id.Public {
		t.Fatalf("offices %+v, %v", os, err)
	}
	if len(os[1].Current.Holders) != 0 {
		t.Fatal("one member holds two separated offices")
	}
}
