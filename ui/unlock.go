package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// UnlockScreen asks for the passphrase that opens this device's key.
type UnlockScreen struct {
	s      *Shell
	pass   *widget.Entry
	unlock *widget.Button
	msg    message
}

// NewUnlockScreen builds the screen.
func NewUnlockScreen(s *Shell) *UnlockScreen {
	u := &UnlockScreen{s: s, pass: widget.NewPasswordEntry(), msg: newMessage()}
	u.unlock = primary(lang.L("Unlock"), u.doUnlock)
	u.pass.OnSubmitted = func(string) { u.doUnlock() }
	return u
}

// Content is the screen's widget tree.
func (u *UnlockScreen) Content() fyne.CanvasObject {
	who := lang.L("Your key is locked.")
	if k, err := u.s.b.Whoami(); err == nil {
		who = lang.L("Your key {{.Key}} is locked.", args{"Key": k.Short()})
	}
	return page(heading(lang.L("Unlock DAC")), para(who+" "+lang.L("Type your passphrase to open it.")),
		formField(lang.L("Passphrase"), u.pass), u.unlock, u.msg.Label)
}

func (u *UnlockScreen) doUnlock() {
	pass := []byte(u.pass.Text)
	u.unlock.Disable()
	var err error
	u.s.o.Async(func() { err = u.s.b.Unlock(pass) }, func() {
		u.unlock.Enable()
		if err != nil {
			u.msg.fail(err)
			u.pass.SetText("")
			return
		}
		u.s.Unlocked()
	})
}
