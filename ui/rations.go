package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// RationsBackend is what the rations view, its home card and the emergency
// banner need of the app.
type RationsBackend interface {
	Rations() (app.RationsView, error)
	Redeem(item string, qty int64, point ids.PubKey, payExtra bool) (*entry.Signed, core.RationRedeem, error)
	ExportRedemption(redeem ids.Hash, depth int) (string, error)
	EmergencyBanner() ([]app.EmergencyCaseView, error)
	MyRedemptions(n int) ([]core.Redemption, error)
	// at a distribution point (kiosk_point.go)
	ImportRedemption(text string) (app.CounterCheck, error)
	Dispense(redeem ids.Hash) (*entry.Signed, error)
	Refuse(redeem ids.Hash) (*entry.Signed, error)
}

// RationsScreen is the Community tab's rations view: what is left of the
// basket this period, the emergencies that cut it, and a redemption to show
// at a distribution point.
type RationsScreen struct {
	s      *Shell
	left   *fyne.Container
	emerg  *widget.Label
	item   *widget.Select
	qty    *widget.Entry
	code   *widget.Label
	qr     *fyne.Container
	msg    message
	pay    *widget.Check // consent to pay for what goes beyond the entitlement (rations_mine.go)
	recent *widget.Label
}

// NewRationsScreen builds the screen.
func NewRationsScreen(s *Shell) *RationsScreen {
	r := &RationsScreen{s: s, left: container.NewVBox(), emerg: para(""), item: widget.NewSelect(nil, nil),
		qty: widget.NewEntry(), code: widget.NewLabel(""), qr: container.NewCenter(), msg: newMessage(),
		pay: widget.NewCheck("", nil), recent: para("")}
	r.pay.Hide()
	r.qty.SetPlaceHolder(lang.L("How much"))
	r.code.Wrapping = fyne.TextWrapBreak
	r.code.Selectable = true
	r.code.TextStyle = fyne.TextStyle{Monospace: true}
	r.code.Hide()
	return r
}

// Content is the screen's widget tree.
func (r *RationsScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Left this period")), r.left, r.emerg,
		widget.NewCard(lang.L("Redeem"), "", container.NewVBox(
			para(lang.L("Redeem at a distribution point: your device signs the redemption; the point checks it and countersigns the hand-over, with or without a network.")),
			formField(lang.L("Item"), r.item), formField(lang.L("Quantity"), r.qty), r.pay,
			primary(lang.L("Make the redemption"), r.doRedeem), r.msg.Label, r.qr, r.code)),
		widget.NewCard(lang.L("Your redemptions"), "", r.recent))
}

// Refresh re-reads what is left.
func (r *RationsScreen) Refresh() {
	v, err := r.s.b.Rations()
	if err != nil {
		r.left.Objects = []fyne.CanvasObject{para(errWords(err))}
		r.left.Refresh()
		return
	}
	var rows []fyne.CanvasObject
	var names []string
	for _, it := range v.Items {
		rows = append(rows, para(leftWords(it, r.s.o.Now())))
		names = append(names, it.Item)
	}
	if !v.Member {
		rows = append(rows, para(lang.L("You are not a member of this node now: members receive the basket.")))
	}
	r.left.Objects = rows
	r.left.Refresh()
	r.item.Options = names
	if r.item.Selected == "" && len(names) > 0 {
		r.item.SetSelected(names[0])
	}
	r.item.Refresh()
	r.emerg.SetText(emergencyWords(v.Emergencies))
	r.recent.SetText(r.recentWords())
}

// leftWords is one item's line: "60 of 100 l of water left; renews in 5 h."
func leftWords(it core.RationLeft, now time.Time) string {
	s := lang.L("{{.Left}} of {{.Quota}} {{.Unit}} of {{.Item}} left; it renews in {{.When}}.",
		args{"Left": it.Left, "Quota": it.Quota, "Unit": it.Unit, "Item": it.Item, "When": untilWords(it.PeriodEnd, now)})
	if it.Quota < it.Normal {
		s += " " + lang.L("(Normally {{.Normal}}: an emergency is in force.)", args{"Normal": it.Normal})
	}
	return s
}

// untilWords says how long until ms (a time in milliseconds).
func untilWords(ms int64, now time.Time) string { return durWords(time.UnixMilli(ms).Sub(now)) }

// durWords says a duration in the largest unit that fits.
func durWords(d time.Duration) string {
	switch {
	case d <= 0:
		return lang.L("a moment")
	case d < time.Hour:
		return lang.L("{{.N}} min", args{"N": int(d.Minutes()) + 1})
	case d < 48*time.Hour:
		return lang.L("{{.N}} h", args{"N": int(d.Hours())})
	}
	return lang.L("{{.N}} days", args{"N": int(d.Hours() / 24)})
}

// emergencyWords describes the emergencies in force ("" when none).
func emergencyWords(es []app.EmergencyCaseView) string {
	var lines []string
	for _, e := range es {
		lines = append(lines, emergencyLine(e))
	}
	return strings.Join(lines, "\n")
}

func emergencyLine(e app.EmergencyCaseView) string {
	reason := e.Current.Reason
	if reason == "" {
		reason = e.Reason
	}
	var cuts []string
	for _, m := range e.Current.Measures {
		cuts = append(cuts, fmt.Sprintf("%s %d%%", m.Item, m.Percent))
	}
	s := lang.L("Emergency: {{.Reason}}. It ends by itself in {{.Left}}.",
		args{"Reason": reason, "Left": durWords(time.Duration(e.LeftMillis) * time.Millisecond)})
	if len(cuts) > 0 {
		s += " " + lang.L("Quotas: {{.Cuts}}.", args{"Cuts": strings.Join(cuts, ", ")})
	}
	if e.Current.NoExtras {
		s += " " + lang.L("No extras beyond the basket.")
	}
	if e.Current.NoTravel {
		s += " " + lang.L("Travel is paused.")
	}
	if e.RatifyLeftMillis > 0 {
		s += " " + lang.L("A vote must ratify it within {{.Left}}, or it is void.",
			args{"Left": durWords(time.Duration(e.RatifyLeftMillis) * time.Millisecond)})
	}
	return s
}

// newRationsCard is the home screen's rations card: what is left of the
// basket this period.
func newRationsCard(s *Shell) part {
	return newHomeCard(lang.L("Your basket"), func() (string, bool) {
		v, err := s.b.Rations()
		if err != nil || len(v.Items) == 0 {
			return "", false
		}
		var parts []string
		for _, it := range v.Items {
			parts = append(parts, lang.L("{{.Left}} {{.Unit}} of {{.Item}}", args{"Left": it.Left, "Unit": it.Unit, "Item": it.Item}))
		}
		return lang.L("Left this period: {{.Items}}.", args{"Items": strings.Join(parts, ", ")}), true
	})
}

// emergencyBanner is the home screen's banner while an emergency is in force.
type emergencyBanner struct {
	s    *Shell
	text *widget.Label
	box  *fyne.Container
}

// newEmergencyBanner is the home screen's banner of emergencies in force.
func newEmergencyBanner(s *Shell) part {
	b := &emergencyBanner{s: s, text: para("")}
	b.text.Importance = widget.DangerImportance
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	b.box = container.NewVBox(b.text)
	b.box.Hide()
	return b
}

func (b *emergencyBanner) Content() fyne.CanvasObject { return b.box }

func (b *emergencyBanner) Refresh() {
	es, err := b.s.b.EmergencyBanner()
	if err != nil || len(es) == 0 {
		b.box.Hide()
		return
	}
	b.text.SetText(emergencyWords(es))
	b.box.Show()
}
