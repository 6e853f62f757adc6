package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

// HistoryView lists this member's payments, newest first, filtered by
// direction and by the other member.
type HistoryView struct {
	s     *Shell
	me    ids.PubKey
	all   []core.Payment
	pays  []core.Payment // the ones the filters let through
	kind  *widget.Select
	who   *widget.SelectEntry
	list  *widget.List
	empty *widget.Label
	err   error
}

// historyKinds are the direction filters, in order (translated when shown).
var historyKinds = []string{"All payments", "Received", "Sent", "Waiting to be received"}

// NewHistoryView builds the view.
func NewHistoryView(s *Shell) *HistoryView {
	v := &HistoryView{s: s, empty: para(""), kind: widget.NewSelect(nil, nil), who: widget.NewSelectEntry(nil)}
	for _, k := range historyKinds {
		v.kind.Options = append(v.kind.Options, lang.L(k))
	}
	v.kind.SetSelectedIndex(0)
	v.kind.OnChanged = func(string) { v.filter() }
	v.who.SetPlaceHolder(lang.L("any member"))
	v.who.OnChanged = func(string) { v.filter() }
	v.list = widget.NewList(func() int { return len(v.pays) }, newHistoryRow, v.fillRow)
	return v
}

// Content is the view's widget tree.
func (v *HistoryView) Content() fyne.CanvasObject {
	filters := container.NewGridWithColumns(2, v.kind, v.who)
	return container.NewBorder(container.NewPadded(container.NewVBox(heading(lang.L("History")), filters, v.empty)),
		nil, nil, nil, v.list)
}

// Filter sets the filters: kind indexes historyKinds; who is a member's key,
// or "" for any (for tests).
func (v *HistoryView) Filter(kind int, who string) {
	v.kind.SetSelectedIndex(kind)
	v.who.SetText(who)
}

// Refresh re-reads the payments.
func (v *HistoryView) Refresh() {
	v.me, _ = v.s.b.Whoami()
	v.all, v.err = v.s.b.History()
	v.who.SetOptions(v.counterparts())
	v.filter()
}

// counterparts are the members this one paid or was paid by.
func (v *HistoryView) counterparts() []string {
	seen := map[ids.PubKey]bool{}
	var out []string
	for _, p := range v.all {
		k := p.From
		if k == v.me {
			k = p.To
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, memberLabel(k))
		}
	}
	return out
}

// filter shows the payments the filters let through.
func (v *HistoryView) filter() {
	who, _ := parseRecipient(v.who.Text)
	v.pays = v.pays[:0]
	for _, p := range v.all {
		if v.keep(p, who) {
			v.pays = append(v.pays, p)
		}
	}
	switch {
	case v.err != nil:
		v.empty.SetText(lang.L(app.Message(v.err)))
	case len(v.all) == 0:
		v.empty.SetText(lang.L("No payments yet."))
	case len(v.pays) < len(v.all):
		v.empty.SetText(lang.L("{{.N}} of {{.All}} payment(s).", args{"N": len(v.pays), "All": len(v.all)}))
	default:
		v.empty.SetText(lang.L("{{.N}} payment(s).", args{"N": len(v.pays)}))
	}
	v.list.Refresh()
}

// keep says whether p passes the filters (who zero: any member).
func (v *HistoryView) keep(p core.Payment, who ids.PubKey) bool {
	out := p.From == v.me
	if !who.IsZero() && (out && p.To != who || !out && p.From != who) {
		return false
	}
	switch v.kind.SelectedIndex() {
	case 1:
		return !out && p.Received
	case 2:
		return out
	case 3:
		return !p.Received
	}
	return true
}

// Rows returns what each row says, for tests.
func (v *HistoryView) Rows() []string {
	out := make([]string, len(v.pays))
	for i, p := range v.pays {
		what, when := historyWords(p, v.me)
		out[i] = what + " · " + when
	}
	return out
}

func newHistoryRow() fyne.CanvasObject {
	what := widget.NewLabel("")
	what.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewVBox(what, widget.NewLabel(""))
}

func (v *HistoryView) fillRow(i widget.ListItemID, o fyne.CanvasObject) {
	what, when := historyWords(v.pays[i], v.me)
	labels := o.(*fyne.Container).Objects
	labels[0].(*widget.Label).SetText(what)
	labels[1].(*widget.Label).SetText(when)
}

// historyWords says what a payment was, seen from me, and when.
func historyWords(p core.Payment, me ids.PubKey) (what, when string) {
	when = dayTimeWords(p.Time)
	if p.From == me {
		what = lang.L("−{{.Units}} to {{.Key}}", args{"Units": formatUnits(p.Amount), "Key": p.To.Short()})
		if !p.Received {
			when += " · " + lang.L("not yet received")
		}
		return what, when
	}
	if !p.Received {
		return lang.L("+{{.Units}} from {{.Key}}", args{"Units": formatUnits(p.Amount), "Key": p.From.Short()}),
			when + " · " + lang.L("waiting for you")
	}
	return lang.L("+{{.Units}} from {{.Key}}", args{"Units": formatUnits(p.Credited), "Key": p.From.Short()}), when
}
