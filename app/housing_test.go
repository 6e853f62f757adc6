package app_test

import (
	"strings"
	"testing"

	"dac/app"
	"dac/core"
)

func TestHousingFromApplicationToAllocation(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	a, b := p.a, p.b // a founded the node and holds the housing office; b is a member
	if _, err := b.RegisterDwelling(core.Dwelling{Label: "x", Rooms: 1, Area: 20}); err != app.ErrNotOffice {
		t.Fatalf("a member registered a dwelling: %v", err)
	}
	two, err := a.RegisterDwelling(core.Dwelling{Label: "Mill Lane 4", Rooms: 2, Area: 55, District: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RegisterDwelling(core.Dwelling{Label: "Quay 1", Rooms: 1, Area: 30}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Apply(core.Attrs{Size: 3}, "my mother lives with us"); err != nil {
		t.Fatal(err)
	}
	_, err = b.Apply(core.Attrs{Size: 3}, "")
	wantPlain(t, err, "already has an application")
	if _, err := a.Apply(core.Attrs{Size: 7}, ""); err != nil { // nothing this node has fits 7
		t.Fatal(err)
	}
	if _, err := a.Ingest(p.pubB.take()); err != nil {
		t.Fatal(err)
	}
	apps, err := a.Applications()
	if err != nil || len(apps) != 2 {
		t.Fatalf("the office reads %+v, %v", apps, err)
	}
	for _, x := range apps {
		if x.Applicant == p.bID.Public && (x.Needs.Note != "my mother lives with us" || x.Status != "unopened") {
			t.Fatalf("the office reads b's application as %+v", x)
		}
	}
	if own, _ := b.Applications(); len(own) != 1 || own[0].Needs.Attrs.Size != 3 {
		t.Fatalf("b reads its own applications as %+v", own)
	}
	_, err = b.CloseRound()
	wantPlain(t, err, "housing office")
	rc, err := a.CloseRound()
	if err != nil || rc.Opened != 2 || rc.Allocated != 1 {
		t.Fatalf("round %+v, %v", rc, err)
	}
	if _, err := b.Ingest(p.pubA.take()); err != nil {
		t.Fatal(err)
	}
	mine, err := b.MyHousing()
	if err != nil || mine.Home == nil || mine.Home.Dwelling != two.ID {
		t.Fatalf("b's housing %+v, %v", mine, err)
	}
	_, err = b.Apply(core.Attrs{Size: 1}, "")
	wantPlain(t, err, "one dwelling per household")
	waiting, _ := a.MyHousing()
	if !waiting.Waiting || waiting.Rank != 1 || !strings.Contains(waiting.Hint, "4 to 5 rooms") {
		t.Fatalf("a's place %+v", waiting)
	}
	audit, err := a.AuditRound(rc.Entry.ID)
	if err != nil || !audit.Agrees || len(audit.Lines) != 2 || !strings.Contains(audit.Lines[0].Why+audit.Lines[1].Why, "got Mill Lane 4") {
		t.Fatalf("audit %+v, %v", audit, err)
	}
}

func TestHousingLifeInTheDwelling(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	a, b := p.a, p.b
	if _, err := a.RegisterDwelling(core.Dwelling{Label: "Linden Row 2", Rooms: 1, Area: 30}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Apply(core.Attrs{Size: 1}, ""); err != nil {
		t.Fatal(err)
	}
	a.Ingest(p.pubB.take())
	if _, err := a.CloseRound(); err != nil {
		t.Fatal(err)
	}
	b.Ingest(p.pubA.take())
	_, err := b.ModifyDwelling("shelving", 99, "")
	wantPlain(t, err, "1 to 20 m")
	ramp, err := b.ModifyDwelling("ramp", 3, "front step")
	if err != nil {
		t.Fatal(err)
	}
	a.Ingest(p.pubB.take())
	if _, err := a.ApproveModification(ramp.ID); err != nil {
		t.Fatal(err)
	}
	if ms, _ := a.Modifications(); len(ms) != 1 || len(ms[0].ApprovedBy) != 1 {
		t.Fatalf("modifications %+v", ms)
	}
	_, err = b.PayHousingFee()
	wantPlain(t, err, "free band") // b received nothing this month
	if _, err := b.Relinquish(); err != nil {
		t.Fatal(err)
	}
	a.Ingest(p.pubB.take())
	if _, err := a.CloseRound(); err != nil { // folds the relinquish
		t.Fatal(err)
	}
	ds, _, _ := a.Dwellings()
	if len(ds) != 1 || !ds[0].Home.Holder.IsZero() {
		t.Fatalf("the dwelling given back is not free: %+v", ds)
	}
	if _, err = a.CloseRound(); err != nil { // covers the freed dwelling; nobody waits
		t.Fatal(err)
	}
	if rep, err := a.Rebuild(true, nil); err != nil || !rep.Match() || rep.Invalid != 0 {
		t.Fatalf("rebuild from the stored entries: %+v, %v", rep, err)
	}
}
