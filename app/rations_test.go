package app_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

func waterLeft(t *testing.T, a *app.App) core.RationLeft {
	t.Helper()
	v, err := a.Rations()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range v.Items {
		if it.Item == "water" {
			return it
		}
	}
	t.Fatal("no water in the basket")
	return core.RationLeft{}
}

// B redeems at A's point face to face, with no network: B's device shows a
// bundle, A's device verifies it and countersigns; B's entitlement drops.
func TestRedeemAtThePointWithNoNetwork(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk) // A founded the node: steward, registrar and (sample charter) the point
	clk.Advance(time.Hour)
	if l := waterLeft(t, p.b); l.Left != 100 {
		t.Fatalf("a new member's water: %+v", l)
	}
	r, body, err := p.b.Redeem("water", 60, ids.PubKey{}, false)
	if err != nil || body.Point != p.aID.Public || body.Extra != 0 {
		t.Fatalf("redeem: %+v, %v", body, err)
	}
	if l := waterLeft(t, p.b); l.Left != 40 {
		t.Fatalf("after 60 l: %+v", l)
	}
	text, err := p.b.ExportRedemption(ids.Hash{}, app.DefaultBundleDepth)
	if err != nil || !strings.HasPrefix(text, app.RedemptionPrefix) {
		t.Fatalf("bundle %.20q, %v", text, err)
	}
	chk, err := p.a.ImportRedemption(text)
	if err != nil || !chk.Found || chk.Problem != "" || chk.Redemption.ID != r.ID || chk.Redemption.Qty != 60 {
		t.Fatalf("at the counter: %+v, %v", chk, err)
	}
	if _, err := p.a.Dispense(r.ID); err != nil {
		t.Fatal(err)
	}
	_, err = p.a.Dispense(r.ID)
	wantPlain(t, err, "already handed over")
	// The point holds B's chain now: one entry is a complete segment.
	clk.Advance(time.Minute)
	r2, _, err := p.b.Redeem("water", 40, ids.PubKey{}, false)
	if err != nil {
		t.Fatal(err)
	}
	text, _ = p.b.ExportRedemption(r2.ID, 1)
	if chk, err := p.a.ImportRedemption(text); err != nil || chk.Problem != "" {
		t.Fatalf("second redemption: %+v, %v", chk, err)
	}
	// Nothing is left today; more is extra, and costs money.
	_, _, err = p.b.Redeem("water", 10, ids.PubKey{}, false)
	wantPlain(t, err, "only 0 water left this period")
	clk.Advance(24 * time.Hour)
	if l := waterLeft(t, p.b); l.Left != 100 {
		t.Fatalf("the next day: %+v", l)
	}
}

func TestExtraIsPaidOnlyWithConsentAndMoneyStaysConserved(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	clk.Advance(time.Hour)
	before, err := p.b.Balance()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = p.b.Redeem("water", 150, ids.PubKey{}, false)
	wantPlain(t, err, "the 50 extra cost 0.50 units")
	if _, body, err := p.b.Redeem("water", 150, ids.PubKey{}, true); err != nil || body.Price != 500_000 {
		t.Fatalf("paid extra: %+v, %v", body, err)
	}
	after, _ := p.b.Balance()
	if before.Balance-after.Balance != 500_000 {
		t.Fatalf("balance %d -> %d", before.Balance, after.Balance)
	}
	rep, err := p.b.AuditMoney(clk.Now())
	if err != nil || !rep.Conserved || rep.Treasury != 500_000 {
		t.Fatalf("audit: %+v, %v", rep, err)
	}
}

func TestAttackRedeemAndDispenseOutOfRole(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	outsider := open(t, t.TempDir(), opts{clock: clk})
	mustIdentity(t, outsider)
	if err := outsider.JoinNode(p.node); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(t.TempDir(), "node.car")
	if _, err := p.a.ExportBundle(bundle, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := outsider.ImportBundle(bundle); err != nil {
		t.Fatal(err)
	}
	_, _, err := outsider.Redeem("water", 1, p.aID.Public, false)
	wantPlain(t, err, "you are not one")
	r, _, err := p.b.Redeem("water", 5, ids.PubKey{}, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.b.Dispense(r.ID)
	wantPlain(t, err, "not a distribution point")
	_, _, err = p.b.Redeem("water", 5, p.bID.Public, false)
	wantPlain(t, err, "not a distribution point")
}

func TestEmergencyDeclaredAndHonouredAtTheCounter(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	clk.Advance(time.Hour)
	_, err := p.b.DeclareEmergency(app.EmergencyOrder{Hours: 24, Reason: "drought"})
	wantPlain(t, err, "only a treasury steward")
	_, err = p.a.DeclareEmergency(app.EmergencyOrder{Hours: 169, Reason: "drought"})
	wantPlain(t, err, "1 to 168 hours")
	em, err := p.a.DeclareEmergency(app.EmergencyOrder{Hours: 24, Reason: "drought"})
	if err != nil {
		t.Fatal(err)
	}
	// B has not heard of it: 80 l is valid in B's chain...
	r, _, err := p.b.Redeem("water", 80, ids.PubKey{}, false)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := p.b.ExportRedemption(r.ID, app.DefaultBundleDepth)
	chk, err := p.a.ImportRedemption(text)
	if err != nil || !strings.Contains(chk.Problem, "ignores emergency") {
		t.Fatalf("the counter did not refuse: %+v, %v", chk, err)
	}
	_, err = p.a.Dispense(r.ID)
	wantPlain(t, err, "ignores emergency")
	if _, err := p.a.Refuse(r.ID); err != nil {
		t.Fatal(err)
	}
	// Once B's device has the declaration, B sees it and its time left.
	if _, err := p.b.Ingest(p.pubA.take()); err != nil {
		t.Fatal(err)
	}
	if v, _ := p.b.Rations(); v.Refused != 1 {
		t.Fatalf("the refusal is not shown: %+v", v)
	}
	// The next redemption takes the refused one back first.
	if _, _, err := p.b.Redeem("water", 60, ids.PubKey{}, false); err != nil {
		t.Fatal(err)
	}
	v, err := p.b.Rations()
	if err != nil || len(v.Emergencies) != 1 || v.Emergencies[0].ID != em.ID || v.Emergencies[0].LeftMillis != 24*3600*1000 {
		t.Fatalf("emergency in force: %+v, %v", v.Emergencies, err)
	}
	if l := waterLeft(t, p.b); l.Quota != 60 || l.Left != 0 {
		t.Fatalf("under the emergency: %+v", l)
	}
	clk.Advance(24 * time.Hour)
	all, err := p.b.EmergencyStatus()
	if err != nil || len(all) != 1 || all[0].LeftMillis != 0 {
		t.Fatalf("after expiry: %+v, %v", all, err)
	}
	if l := waterLeft(t, p.b); l.Quota != 100 {
		t.Fatalf("the quota did not come back: %+v", l)
	}
}

// B's key restored on a second phone that never saw B's first redemption
// signs another at the same place of B's chain: a fork. The point that holds
// the first refuses the second at the counter, and files the fork report.
func TestAttackDoubleRedemptionFromASecondDevice(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	bundle := filepath.Join(t.TempDir(), "node.car")
	if _, err := p.a.ExportBundle(bundle, 0); err != nil {
		t.Fatal(err)
	}
	twin := open(t, t.TempDir(), opts{clock: clk})
	if _, err := twin.RestoreIdentity(p.bID.Phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	if err := twin.JoinNode(p.node); err != nil {
		t.Fatal(err)
	}
	if _, err := twin.ImportBundle(bundle); err != nil {
		t.Fatal(err)
	}
	if err := twin.ConfirmCaughtUp(); err != nil { // the member overrides the guard to cheat
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	first, _, err := p.b.Redeem("water", 100, ids.PubKey{}, false)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := p.b.ExportRedemption(first.ID, app.DefaultBundleDepth)
	if chk, err := p.a.ImportRedemption(text); err != nil || chk.Problem != "" {
		t.Fatalf("first: %+v, %v", chk, err)
	}
	if _, err := p.a.Dispense(first.ID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	second, _, err := twin.Redeem("water", 100, ids.PubKey{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if second.Seq != first.Seq {
		t.Fatalf("not a fork: seq %d and %d", first.Seq, second.Seq)
	}
	text, _ = twin.ExportRedemption(second.ID, app.DefaultBundleDepth)
	chk, err := p.a.ImportRedemption(text)
	if err != nil || !strings.Contains(chk.Problem, "proven fork") || chk.Forks != 1 {
		t.Fatalf("the counter did not refuse the second branch: %+v, %v", chk, err)
	}
	_, err = p.a.Dispense(second.ID)
	wantPlain(t, err, "proven fork")
}

// A bundle that does not reach back to what the point holds of the member's
// chain cannot be verified: the point hands nothing over.
func TestTheCounterRefusesWhatItCannotVerify(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	clk.Advance(time.Hour)
	for range 3 {
		if _, _, err := p.b.Redeem("water", 10, ids.PubKey{}, false); err != nil {
			t.Fatal(err)
		}
	}
	text, _ := p.b.ExportRedemption(ids.Hash{}, 1)
	chk, err := p.a.ImportRedemption(text)
	if err != nil || !chk.Waiting || !strings.Contains(chk.Problem, "cannot be verified") {
		t.Fatalf("a partial segment: %+v, %v", chk, err)
	}
	_, err = p.a.ImportRedemption("dacpay1:AAAA")
	wantPlain(t, err, "not a DAC redemption bundle")
	text, _ = p.b.ExportRedemption(ids.Hash{}, app.DefaultBundleDepth)
	chk, err = p.a.ImportRedemption(text)
	if err != nil || chk.Problem != "" || chk.Redemption.Qty != 10 {
		t.Fatalf("the whole segment: %+v, %v", chk, err)
	}
	clk.Advance(31 * time.Minute) // the member walked away and came back
	_, err = p.a.Dispense(chk.Redemption.ID)
	wantPlain(t, err, "redeems again at the counter")
}
