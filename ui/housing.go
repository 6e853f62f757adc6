package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// HousingBackend is what the housing view and its home card need of the app.
type HousingBackend interface {
	MyHousing() (app.MyHousing, error)
	Apply(attrs core.Attrs, note string) (*entry.Signed, error)
	Relinquish() (*entry.Signed, error)
	// the housing office (kiosk_housing.go)
	HousingRules() (*charter.Housing, error)
	Applications() ([]app.ApplicationView, error)
	CloseRound() (app.RoundClosed, error)
	Rounds() ([]app.RoundInfo, error)
	AuditRound(id ids.Hash) (app.RoundAudit, error)
}

// HousingScreen is the Community tab's housing view: my dwelling and my
// right of use, or my application, its rank and what would house me; and
// the application form.
type HousingScreen struct {
	s      *Shell
	status *widget.Label
	hint   *widget.Label
	size   *widget.Entry
	note   *widget.Entry
	apply  *widget.Button
	leave  *widget.Button
	form   *fyne.Container
	msg    message
}

// NewHousingScreen builds the screen.
func NewHousingScreen(s *Shell) *HousingScreen {
	h := &HousingScreen{s: s, status: para(""), hint: para(""), size: widget.NewEntry(), note: widget.NewMultiLineEntry(), msg: newMessage()}
	h.size.SetPlaceHolder(lang.L("Persons in your household"))
	h.note.SetPlaceHolder(lang.L("Anything the housing office should know (private)"))
	h.apply = primary(lang.L("Apply for a dwelling"), h.doApply)
	h.leave = widget.NewButton(lang.L("Give my dwelling back"), h.confirmRelinquish)
	h.form = container.NewVBox(
		para(lang.L("Your needs are sealed: only the housing office and you can read them. The allocation is computed by every device: need first, then waiting time.")),
		formField(lang.L("Household size"), h.size), formField(lang.L("Note"), h.note), h.apply)
	return h
}

// Content is the screen's widget tree.
func (h *HousingScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Your home")), h.status, h.hint, h.leave, h.msg.Label,
		widget.NewCard(lang.L("Apply"), "", h.form))
}

// Refresh re-reads the member's housing.
func (h *HousingScreen) Refresh() {
	m, err := h.s.b.MyHousing()
	if err != nil {
		h.status.SetText(lang.L(app.Message(err)))
		h.hint.SetText("")
		h.leave.Hide()
		h.form.Hide()
		return
	}
	h.status.SetText(housingWords(m))
	h.hint.SetText(m.Hint)
	h.hint.Hidden = m.Hint == ""
	h.leave.Hidden = m.Home == nil
	h.form.Hidden = m.Home != nil || m.Waiting || m.Unopened
	h.hint.Refresh()
	h.leave.Refresh()
	h.form.Refresh()
}

// housingWords is the member's housing in one sentence.
func housingWords(m app.MyHousing) string {
	switch {
	case m.Home != nil:
		return lang.L("You hold the right of use of {{.Dwelling}}. No one can take it from you, sell it or rent it.",
			args{"Dwelling": m.Describe})
	case m.Waiting:
		return lang.L("Your application is number {{.Rank}} of {{.Of}} waiting.", args{"Rank": m.Rank, "Of": m.Of})
	case m.Unopened:
		return lang.L("You have applied; the next allocation round opens your application.")
	}
	return lang.L("You have no dwelling and no application.")
}

func (h *HousingScreen) doApply() {
	n, err := strconv.Atoi(strings.TrimSpace(h.size.Text))
	if err != nil || n < 1 || n > 20 {
		h.msg.fail(&app.UserError{Msg: "the household size must be a whole number from 1 to 20"})
		return
	}
	note := h.note.Text
	h.s.o.Async(func() {
		_, err = h.s.b.Apply(core.Attrs{Size: uint8(n)}, note)
	}, func() {
		if err != nil {
			h.msg.fail(err)
			return
		}
		h.msg.ok(lang.L("Applied. The next allocation round opens your application."))
		h.size.SetText("")
		h.note.SetText("")
		h.Refresh()
	})
}

func (h *HousingScreen) confirmRelinquish() {
	dialog.ShowConfirm(lang.L("Give your dwelling back?"),
		lang.L("The dwelling returns to the node for the next allocation round. You cannot take it back."),
		func(ok bool) {
			if !ok {
				return
			}
			var err error
			h.s.o.Async(func() { _, err = h.s.b.Relinquish() }, func() {
				if err != nil {
					h.msg.fail(err)
					return
				}
				h.msg.ok(lang.L("Given back: it takes effect at the next round."))
				h.Refresh()
			})
		}, h.s.w)
}

// housingCard is the home screen's line on the member's home.
type housingCard struct {
	s    *Shell
	text *widget.Label
	card *widget.Card
}

// newHousingCard is the home screen's housing card.
func newHousingCard(s *Shell) part {
	c := &housingCard{s: s, text: para("")}
	c.card = widget.NewCard(lang.L("Your home"), "", c.text)
	c.card.Hide()
	return c
}

func (c *housingCard) Content() fyne.CanvasObject { return c.card }

func (c *housingCard) Refresh() {
	m, err := c.s.b.MyHousing()
	if err != nil {
		c.card.Hide()
		return
	}
	c.text.SetText(housingWords(m))
	c.card.Show()
}
