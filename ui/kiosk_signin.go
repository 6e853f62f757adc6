package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/ids"
)

// KioskSignIn is the kiosk's first screen: a resident signs in with their
// own key, or someone new gets a key to register with.
type KioskSignIn struct {
	k      *Kiosk
	secret *widget.Entry
	signIn *widget.Button
	newKey *widget.Button
	msg    message
	body   *fyne.Container

	pending ids.PubKey // the new key shown, until its words are written down
}

// NewKioskSignIn builds the screen; note, if any, says why the last session ended.
func NewKioskSignIn(k *Kiosk, note string) *KioskSignIn {
	v := &KioskSignIn{k: k, secret: widget.NewPasswordEntry(), msg: newMessage()}
	v.secret.SetPlaceHolder(lang.L("recovery phrase or key code"))
	v.secret.OnSubmitted = func(string) { v.doSignIn() }
	v.signIn = primary(lang.L("Sign in"), v.doSignIn)
	v.newKey = widget.NewButton(lang.L("Get my key"), v.doNewKey)
	if note != "" {
		v.msg.info(note)
	}
	v.body = container.NewVBox(heading(lang.L("Welcome to the node office")),
		para(lang.L("Sign in with your own key: scan your key's QR code with the reader, type your 24-word recovery phrase, or paste your key code. "+
			"Nothing of yours stays on this terminal when you leave.")),
		formField(lang.L("Your key"), v.secret), v.signIn, v.msg.Label,
		widget.NewSeparator(), subheading(lang.L("New here?")),
		para(lang.L("Get your own key, then ask members who know you to vouch for you here.")), v.newKey)
	return v
}

// Content is the screen's widget tree.
func (v *KioskSignIn) Content() fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(v.body))
}

func (v *KioskSignIn) doSignIn() {
	secret := v.secret.Text
	v.secret.SetText("")
	if strings.TrimSpace(secret) == "" {
		v.msg.fail(&app.UserError{Msg: lang.L("type your recovery phrase or paste your key code first")})
		return
	}
	v.signIn.Disable()
	var who ids.PubKey
	var err error
	v.k.o.Async(func() { who, err = v.k.b.SignIn(secret) }, func() {
		v.signIn.Enable()
		if err != nil {
			v.msg.fail(err)
			return
		}
		v.k.SignedIn(who)
	})
}

// doNewKey makes an applicant's key and shows it once.
func (v *KioskSignIn) doNewKey() {
	id, code, err := v.k.b.NewKey()
	if err != nil {
		v.msg.fail(err)
		return
	}
	v.pending = id.Public
	grid := container.NewGridWithColumns(3)
	for i, w := range strings.Fields(id.Phrase) {
		grid.Add(widget.NewLabel(lang.L("{{.N}}. {{.Word}}", args{"N": i + 1, "Word": w})))
	}
	codeLabel := widget.NewLabel(code)
	codeLabel.Wrapping = fyne.TextWrapBreak
	codeLabel.TextStyle = fyne.TextStyle{Monospace: true}
	done := primary(lang.L("I have written them down"), func() {
		v.k.applicant = id.Public
		v.k.showSignIn(lang.L("Registration started for applicant {{.Key}}: members who know them can now sign in and vouch under Register.",
			args{"Key": id.Public.Short()}))
	})
	v.body.Objects = []fyne.CanvasObject{heading(lang.L("Your new key")),
		para(lang.L("Write these 24 words on paper, in order, and keep them somewhere safe. They are the only way " +
			"back to your money and your home. They are shown only this once.")),
		grid, subheading(lang.L("Your key code")),
		para(lang.L("It signs you in at any kiosk, like the words; keep it as secret as they are.")),
		container.NewCenter(qrCode(code)), codeLabel,
		para(lang.L("Your public key, which members vouch for: {{.Key}}", args{"Key": id.Public.Short()})), done}
	v.body.Refresh()
}
