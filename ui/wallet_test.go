package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"dac/app"
	"dac/core/demo"
)

func TestSendShowsInHistory(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(1)
	send := r.s.wallet.send
	if len(send.directory()) < 3 {
		t.Fatalf("the directory offers %d members", len(send.directory()))
	}
	to := demo.Pub(demo.Key(smallDemo.Seed, 0))
	before, _ := r.a.Balance()

	test.Type(send.to, memberLabel(to))
	test.Type(send.amount, "12.5")
	test.Type(send.memo, "bread")
	test.Tap(send.send)
	if want := "Sent 12.50 units to member " + to.Short() + "."; send.msg.Text != want {
		t.Fatalf("after Send: %q, want %q", send.msg.Text, want)
	}
	after, _ := r.a.Balance()
	if before.Balance-after.Balance != 12_500_000 {
		t.Errorf("balance %d -> %d", before.Balance, after.Balance)
	}
	if send.amount.Text != "" {
		t.Error("the amount is not cleared after sending")
	}
	r.s.wallet.Show(2)
	rows := r.s.wallet.history.Rows()
	if len(rows) == 0 || !strings.HasPrefix(rows[0], "−12.50 to "+to.Short()) {
		t.Fatalf("history rows %q", rows)
	}
	r.shows("−12.50 to " + to.Short())
}

func TestSendRefusalsAreWords(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(1)
	send := r.s.wallet.send
	to := memberLabel(demo.Pub(demo.Key(smallDemo.Seed, 1)))
	for _, c := range []struct{ to, amount, want string }{
		{"", "1", "pick a member from the list"},
		{to, "twelve", "write the amount in units"},
		{to, "0", "more than zero"},
		{to, "2500", "offline spending cap"},
		{strings.Repeat("ab", 32), "1", "is not a member of this node"},
	} {
		send.to.SetText(c.to)
		send.amount.SetText(c.amount)
		test.Tap(send.send)
		if !strings.Contains(send.msg.Text, c.want) {
			t.Errorf("to %q amount %q: message %q, want it to say %q", c.to, c.amount, send.msg.Text, c.want)
		}
		plain(t, send.msg.Text)
	}
}

func TestReceiveShowsKeyAndQR(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(1)
	r.s.wallet.Show(1)
	me, _ := r.a.Whoami()
	v := r.s.wallet.receive
	if v.key.Text != me.String() || len(v.qr.Objects) != 1 {
		t.Fatalf("receive shows %q and %d QR", v.key.Text, len(v.qr.Objects))
	}
	test.Tap(v.copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != me.String() {
		t.Errorf("clipboard %q", got)
	}
	test.Tap(v.receive)
	if !strings.HasPrefix(v.msg.Text, "Received ") {
		t.Errorf("receive: %q", v.msg.Text)
	}
}

func TestExplainer(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(1)
	r.s.wallet.Show(3)
	v := r.s.wallet.explainer
	for _, want := range []string{"dividend", "demurrage", "10.00 units every day", "drifts towards"} {
		if !strings.Contains(v.rules.Text, want) {
			t.Errorf("the explainer does not say %q:\n%s", want, v.rules.Text)
		}
	}
	if len(v.chart.points) != projectionDays/projectionStep+1 || v.chart.target <= 0 {
		t.Errorf("chart: %d points, target %d", len(v.chart.points), v.chart.target)
	}
	if img := v.chart.draw(300, 150); img.Bounds().Dx() != 300 {
		t.Errorf("chart image %v", img.Bounds())
	}
	if !strings.Contains(v.caption.Text, "in 364 days") {
		t.Errorf("caption %q", v.caption.Text)
	}
}

// TestHistoryFilters: the history shows only what the filters let through:
// received, sent, waiting, or with one member.
func TestHistoryFilters(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabWallet)
	send := r.s.wallet.send
	a, b := demo.Pub(demo.Key(smallDemo.Seed, 0)), demo.Pub(demo.Key(smallDemo.Seed, 1))
	for _, to := range []string{memberLabel(a), memberLabel(b), memberLabel(b)} {
		test.Type(send.to, to)
		test.Type(send.amount, "1")
		test.Tap(send.send)
		send.to.SetText("")
	}
	// a pays this resident twice; one payment is received.
	for _, who := range []int{0, 0, app.DemoResident} {
		phrase, _ := app.DemoPhrase(smallDemo.Seed, who)
		if _, err := r.a.SignIn(phrase); err != nil {
			t.Fatal(err)
		}
		if who == 0 {
			if _, err := r.a.Pay(demo.Pub(demo.Key(smallDemo.Seed, app.DemoResident)), 2_000_000, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := r.a.ReceiveAll(); err != nil {
		t.Fatal(err)
	}
	phrase, _ := app.DemoPhrase(smallDemo.Seed, 0)
	r.a.SignIn(phrase)
	if _, err := r.a.Pay(demo.Pub(demo.Key(smallDemo.Seed, app.DemoResident)), 3_000_000, ""); err != nil {
		t.Fatal(err)
	}
	phrase, _ = app.DemoPhrase(smallDemo.Seed, app.DemoResident)
	r.a.SignIn(phrase)
	h := r.s.wallet.history
	r.s.wallet.Show(2)
	r.s.Refresh()
	all := h.Rows()
	count := func(rows []string, prefix string) (n int) {
		for _, row := range rows {
			if strings.HasPrefix(row, prefix) {
				n++
			}
		}
		return n
	}
	if count(all, "−") < 3 || count(all, "+") == 0 {
		t.Fatalf("the demo resident's history: %q", all)
	}
	h.Filter(1, "")
	if rows := h.Rows(); len(rows) != 2 || count(rows, "+2.00 from "+a.Short()) != 2 {
		t.Errorf("received: %q", rows)
	}
	h.Filter(2, "")
	if rows := h.Rows(); len(rows) != 3 || count(rows, "−") != 3 {
		t.Errorf("sent: %q", rows)
	}
	h.Filter(2, b.String())
	if rows := h.Rows(); len(rows) != 2 || !strings.Contains(rows[0], b.Short()) {
		t.Errorf("sent to %s: %q", b.Short(), rows)
	}
	r.shows("2 of " + strings.Fields(h.empty.Text)[2])
	h.Filter(3, "")
	if rows := h.Rows(); len(rows) != 4 || count(rows, "+3.00 from "+a.Short()) != 1 {
		t.Errorf("waiting: %q", rows)
	}
	h.Filter(0, "")
	if len(h.Rows()) != len(all) {
		t.Errorf("no filter shows %d of %d", len(h.Rows()), len(all))
	}
}
