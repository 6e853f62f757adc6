package app_test

import (
	"strings"
	"testing"
	"time"

	"dac/core/money"
)

// A pays B face to face with no network: B's device gets the payment from a
// bundle, verifies it, and claims it.
func TestOfflinePaymentBundle(t *testing.T) {
	clk := newClock()
	p2 := newPair(t, clk) // the last time they synced
	a, aID, b, bID := p2.a, p2.aID, p2.b, p2.bID
	// Offline from here: A makes two payments, B gets only a bundle.
	clk.Advance(time.Hour)
	if _, err := a.Pay(bID.Public, 100*money.Unit, "first"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	p, err := a.Pay(bID.Public, 40*money.Unit, "second")
	if err != nil {
		t.Fatal(err)
	}
	// Too little history: the payment waits.
	short, err := a.ExportPayment(p.ID, 1)
	if err != nil || !strings.HasPrefix(short, "dacpay1:") {
		t.Fatalf("bundle %q, %v", short, err)
	}
	imp, err := b.ImportPayment(short)
	if err != nil || !imp.Waiting {
		t.Fatalf("a bundle missing the first payment: %+v, %v", imp, err)
	}
	full, err := a.ExportPayment(p.ID, 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(full) > 2900 {
		t.Errorf("the bundle is %d characters: too long for a QR code", len(full))
	}
	imp, err = b.ImportPayment(full)
	if err != nil || imp.Waiting || len(imp.Payments) != 2 || imp.OverCap != 0 {
		t.Fatalf("full bundle: %+v, %v", imp, err)
	}
	got, err := b.ReceiveAll()
	if err != nil || len(got) != 2 {
		t.Fatalf("claimed %d, %v", len(got), err)
	}
	hist, _ := b.History()
	if len(hist) != 2 || hist[0].From != aID.Public {
		t.Fatalf("history %+v", hist)
	}
	// Bad bundles are refused plainly.
	_, err = b.ImportPayment("hello")
	wantPlain(t, err, "not a DAC payment bundle")
	_, err = b.ImportPayment("dacpay1:AAAA")
	wantPlain(t, err, "damaged")
}

func TestOfflineCapBoundsADaysPayments(t *testing.T) {
	clk := newClock()
	a, _, _, _ := founded(t, opts{clock: clk})
	// The founder is the only member: pay into the void is refused anyway, so
	// admit someone to pay.
	other := open(t, t.TempDir(), opts{clock: clk})
	oID := mustIdentity(t, other)
	if _, err := a.Vouch(oID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Admit(oID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Pay(oID.Public, 1_500*money.Unit, ""); err != nil {
		t.Fatal(err)
	}
	_, err := a.Pay(oID.Public, 600*money.Unit, "")
	wantPlain(t, err, "offline spending cap")
	clk.Advance(24 * time.Hour) // a new day
	if _, err := a.Pay(oID.Public, 600*money.Unit, ""); err != nil {
		t.Fatalf("the next day: %v", err)
	}
}

// A bundle carrying a payment that is not valid (from someone with no
// account, a negative amount) must not be reported as a verified payment.
func TestOfflineBundleReportsOnlyValidPayments(t *testing.T) {
	clk := newClock()
	p2 := newPair(t, clk)
	b, bID, node := p2.b, p2.bID, p2.node
	// A stranger with a key but no account "pays" B a fortune.
	stranger := open(t, t.TempDir(), opts{clock: clk})
	mustIdentity(t, stranger)
	if err := stranger.JoinNode(node); err != nil {
		t.Fatal(err)
	}
	if _, err := stranger.Ingest(rawsSoFar(t, b)); err != nil {
		t.Fatal(err)
	}
	if _, err := stranger.Pay(bID.Public, money.Unit, ""); err == nil {
		t.Fatal("a stranger could pay")
	}
	imp, err := b.ImportPayment(forgedBundle(t, node, bID.Public))
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Payments) != 0 || imp.Invalid == 0 {
		t.Fatalf("a payment without an account was reported: %+v", imp)
	}
}
