package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/ids"
)

// AttestView lists the work logged in the roles this member coordinates,
// each with its Attest button.
type AttestView struct {
	s    *Shell
	note *widget.Label
	rows *fyne.Container
	msg  message
}

// NewAttestView builds the view.
func NewAttestView(s *Shell) *AttestView {
	return &AttestView{s: s, note: para(""), rows: container.NewVBox(), msg: newMessage()}
}

// Content is the view's widget tree.
func (v *AttestView) Content() fyne.CanvasObject {
	return page(heading(lang.L("Attest work")), v.note, v.msg.Label, v.rows)
}

// Refresh re-reads the logs waiting for this coordinator.
func (v *AttestView) Refresh() {
	todo, err := v.s.b.ToAttest()
	var objs []fyne.CanvasObject
	switch {
	case err != nil:
		v.note.SetText(errWords(err))
	case len(todo) == 0:
		v.note.SetText(lang.L("Nothing waits for your attest. Coordinators of a kind of work attest the hours members log in it."))
	default:
		v.note.SetText(lang.L("Members logged this work in the roles you coordinate. Attest only what you saw done: the treasury pays for it."))
		for _, w := range todo {
			objs = append(objs, v.row(w))
		}
	}
	v.rows.Objects = objs
	v.rows.Refresh()
}

func (v *AttestView) row(w app.WorkItem) fyne.CanvasObject {
	id := w.ID
	b := widget.NewButton(lang.L("Attest"), func() { v.doAttest(id, w.Member) })
	return widget.NewCard("", "", container.NewVBox(
		para(lang.L("Member {{.Key}}", args{"Key": w.Member.Short()})+" · "+workWords(w)), b))
}

func (v *AttestView) doAttest(log ids.Hash, member ids.PubKey) {
	if _, err := v.s.b.AttestWork(log); err != nil {
		v.msg.fail(err)
		return
	}
	v.msg.ok(lang.L("Attested the work of member {{.Key}}.", args{"Key": member.Short()}))
	v.Refresh()
}
