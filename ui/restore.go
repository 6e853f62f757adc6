package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// RestoreScreen brings an identity back from its 24-word recovery phrase.
type RestoreScreen struct {
	s       *Shell
	phrase  *widget.Entry
	pass    *passphrasePair
	restore *widget.Button
	msg     message
}

// NewRestoreScreen builds the screen.
func NewRestoreScreen(s *Shell) *RestoreScreen {
	r := &RestoreScreen{s: s, phrase: widget.NewMultiLineEntry(), pass: newPassphrasePair(), msg: newMessage()}
	r.phrase.Wrapping = fyne.TextWrapWord
	r.phrase.SetPlaceHolder(lang.L("the 24 words, separated by spaces"))
	r.restore = primary(lang.L("Restore my identity"), r.doRestore)
	return r
}

// Content is the screen's widget tree.
func (r *RestoreScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Restore your identity")),
		para(lang.L("Type your recovery phrase, then choose a passphrase for this device.")),
		formField(lang.L("Recovery phrase"), r.phrase), r.pass.content(), r.restore, r.msg.Label,
		widget.NewButton(lang.L("Back"), r.s.Route))
}

func (r *RestoreScreen) doRestore() {
	pass, err := r.pass.value()
	if err != nil {
		r.msg.fail(err)
		return
	}
	phrase := strings.Join(strings.Fields(strings.ToLower(r.phrase.Text)), " ")
	r.restore.Disable()
	r.msg.info(lang.L("Restoring your key…"))
	r.s.o.Async(func() { _, err = r.s.b.RestoreIdentity(phrase, pass) }, func() {
		r.restore.Enable()
		if err != nil {
			r.msg.fail(err)
			return
		}
		r.phrase.SetText("")
		r.pass.clear()
		r.s.Unlocked()
	})
}
