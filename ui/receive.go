package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// ReceiveView shows this member's key (as text and QR) for a payer, and
// claims payments that arrived.
type ReceiveView struct {
	s       *Shell
	key     *widget.Label
	qr      *fyne.Container
	copy    *widget.Button
	waiting *widget.Label
	receive *widget.Button
	msg     message
	shown   string // the key the QR shows
}

// NewReceiveView builds the view.
func NewReceiveView(s *Shell) *ReceiveView {
	v := &ReceiveView{s: s, key: widget.NewLabel(""), qr: container.NewCenter(), waiting: para(""), msg: newMessage()}
	v.key.Wrapping = fyne.TextWrapBreak
	v.key.Selectable = true
	v.key.TextStyle = fyne.TextStyle{Monospace: true}
	v.copy = widget.NewButton(lang.L("Copy my key"), func() { fyne.CurrentApp().Clipboard().SetContent(v.shown) })
	v.receive = primary(lang.L("Receive waiting payments"), v.doReceive)
	return v
}

// Content is the view's widget tree.
func (v *ReceiveView) Content() fyne.CanvasObject {
	return page(heading(lang.L("Receive money")),
		para(lang.L("Show this code to the person paying you, or send them your key.")),
		v.qr, v.key, v.copy, widget.NewSeparator(), v.waiting, v.receive, v.msg.Label)
}

// Refresh re-reads the key and what is waiting.
func (v *ReceiveView) Refresh() {
	k, err := v.s.b.Whoami()
	if err == nil && k.String() != v.shown {
		v.shown = k.String()
		v.key.SetText(v.shown)
		v.qr.Objects = []fyne.CanvasObject{qrCode(v.shown)}
		v.qr.Refresh()
	}
	n, err := v.s.b.Waiting()
	switch {
	case err != nil:
		v.waiting.SetText(app.Message(err))
	case n == 0:
		v.waiting.SetText(lang.L("No payments are waiting for you."))
	default:
		v.waiting.SetText(waitingWords(n))
	}
}

// waitingWords says how many payments wait to be received.
func waitingWords(n int) string {
	return lang.L("{{.N}} payment(s) to you are waiting to be received.", args{"N": n})
}

func (v *ReceiveView) doReceive() { receiveAll(v.s, v.receive, v.msg) }

// receiveAll claims every waiting payment off the UI goroutine, tells msg
// how it went and refreshes the screens; btn is disabled meanwhile.
func receiveAll(s *Shell, btn *widget.Button, msg message) {
	btn.Disable()
	var n int
	var err error
	s.o.Async(func() {
		r, e := s.b.ReceiveAll()
		n, err = len(r), e
	}, func() {
		btn.Enable()
		if err != nil {
			msg.fail(err)
		} else {
			msg.ok(lang.L("Received {{.N}} payment(s).", args{"N": n}))
		}
		s.Refresh()
	})
}
