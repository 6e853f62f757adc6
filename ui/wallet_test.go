package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
