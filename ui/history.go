package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

// HistoryView lists this member's payments, newest first.
type HistoryView struct {
	s     *Shell
	me    ids.PubKey
	pays  []core.Payment
	list  *widget.List
	empty *widget.Label
}

// NewHistoryView builds the view.
func NewHistoryView(s *Shell) *HistoryView {
	v := &HistoryView{s: s, empty: para("")}
	v.list = widget.NewList(func() int { return len(v.pays) }, newHistoryRow, v.fillRow)
	return v
}

// Content is the view's widget tree.
func (v *HistoryView) Content() fyne.CanvasObject {
	return container.NewBorder(container.NewPadded(container.NewVBox(heading(lang.L("History")), v.empty)), nil, nil, nil, v.list)
}

// Refresh re-reads the payments.
func (v *HistoryView) Refresh() {
	v.me, _ = v.s.b.Whoami()
	pays, err := v.s.b.History()
	v.pays = pays
	switch {
	case err != nil:
		v.empty.SetText(app.Message(err))
	case len(pays) == 0:
		v.empty.SetText(lang.L("No payments yet."))
	default:
		v.empty.SetText(lang.L("{{.N}} payment(s).", args{"N": len(pays)}))
	}
	v.list.Refresh()
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
	when = time.UnixMilli(p.Time).UTC().Format("2 Jan 2006 15:04")
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
