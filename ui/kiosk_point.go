package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/ids"
)

// PointCounter is a distribution point's counter at a kiosk: the member's
// device shows a redemption code; the point pastes it, sees whether the
// member's chain verifies, and hands over (countersigns) or refuses.
type PointCounter struct {
	s       *Shell
	code    *widget.Entry
	verdict *widget.Label
	give    *widget.Button
	refuse  *widget.Button
	msg     message
	redeem  ids.Hash // the redemption checked last
	content fyne.CanvasObject
}

// kioskPointTab is the distribution point's counter, when the signed-in key
// is one of the node's points (nil otherwise).
func kioskPointTab(k *Kiosk, s *Shell) *kioskTab {
	if v, err := s.b.Rations(); err != nil || !v.IsPoint {
		return nil
	}
	p := &PointCounter{s: s, code: widget.NewMultiLineEntry(), verdict: para(""), msg: newMessage()}
	p.code.SetPlaceHolder("dacration1:…")
	p.code.Wrapping = fyne.TextWrapBreak
	p.give = primary(lang.L("Hand over and countersign"), p.doGive)
	p.refuse = widget.NewButton(lang.L("Refuse"), p.doRefuse)
	p.give.Disable()
	p.refuse.Disable()
	p.content = page(heading(lang.L("Distribution point")),
		para(lang.L("Paste the redemption code the member's device shows.")), p.code,
		widget.NewButton(lang.L("Check"), p.doCheck), p.verdict, p.give, p.refuse, p.msg.Label)
	return &kioskTab{item: container.NewTabItemWithIcon(lang.L("Point"), theme.ConfirmIcon(), p.content), p: p}
}

// Content is the counter's widget tree (the tab holds it).
func (p *PointCounter) Content() fyne.CanvasObject { return p.content }

// Refresh has nothing to re-read: the counter works on what is pasted.
func (p *PointCounter) Refresh() {}

func (p *PointCounter) doCheck() {
	text := p.code.Text
	var chk app.CounterCheck
	var err error
	p.s.o.Async(func() { chk, err = p.s.b.ImportRedemption(text) }, func() {
		p.give.Disable()
		p.refuse.Disable()
		switch {
		case err != nil:
			p.msg.fail(err)
			p.verdict.SetText("")
		case !chk.Found:
			p.msg.fail(&app.UserError{Msg: "the code holds no redemption valid on this node"})
		case chk.Problem != "":
			p.verdict.SetText(lang.L("Do not hand over: {{.Why}}", args{"Why": chk.Problem}))
			p.redeem = chk.Redemption.ID
			p.refuse.Enable()
			p.msg.clear()
		default:
			r := chk.Redemption
			p.verdict.SetText(lang.L("Verified: member {{.Who}} takes {{.Qty}} of {{.Item}}.",
				args{"Who": r.Member.Short(), "Qty": r.Qty, "Item": r.Item}))
			p.redeem = r.ID
			p.give.Enable()
			p.refuse.Enable()
			p.msg.clear()
		}
	})
}

func (p *PointCounter) doGive() {
	var err error
	id := p.redeem
	p.s.o.Async(func() { _, err = p.s.b.Dispense(id) }, func() {
		p.done(err, lang.L("Handed over and countersigned."))
	})
}

func (p *PointCounter) doRefuse() {
	var err error
	id := p.redeem
	p.s.o.Async(func() { _, err = p.s.b.Refuse(id) }, func() {
		p.done(err, lang.L("Refused: the member may take the entitlement back."))
	})
}

func (p *PointCounter) done(err error, ok string) {
	if err != nil {
		p.msg.fail(err)
		return
	}
	p.msg.ok(ok)
	p.code.SetText("")
	p.verdict.SetText("")
	p.give.Disable()
	p.refuse.Disable()
}
