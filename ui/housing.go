package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// HousingBackend is what the housing views need of the app.
type HousingBackend interface {
	MyHousing() (app.MyHousing, error)
	HousingRules() (*charter.Housing, error)
	Apply(attrs core.Attrs, note string) (*entry.Signed, error)
	ModifyDwelling(work string, amount int64, note string) (*entry.Signed, error)
	Modifications() ([]core.Modification, error)
	ProposeSwap(other ids.PubKey) (*entry.Signed, error)
	AcceptSwap(proposal ids.Hash) (*entry.Signed, error)
	Relinquish() (*entry.Signed, error)
	PayHousingFee() (*entry.Signed, error)
	Dwellings() ([]core.DwellingInfo, *charter.Housing, error)
	RegisterDwelling(d core.Dwelling) (*entry.Signed, error)
	Applications() ([]app.ApplicationView, error)
	CloseRound() (app.RoundClosed, error)
	Rounds() ([]app.RoundInfo, error)
	AuditRound(id ids.Hash) (app.RoundAudit, error)
}

// HousingScreen is the Community tab's housing view: this member's
// dwelling and right of use, or their application and rank; applying;
// modifications, swaps, giving the dwelling back and the fee.
type HousingScreen struct {
	s      *Shell
	me     ids.PubKey
	status *widget.Label
	hint   *widget.Label
	apply  *ApplyForm
	home   *HomeActions
	box    *fyne.Container
}

// NewHousingScreen builds the screen.
func NewHousingScreen(s *Shell) *HousingScreen {
	x := &HousingScreen{s: s, status: para(""), hint: para("")}
	x.apply = newApplyForm(x)
	x.home = newHomeActions(x)
	x.box = container.NewVBox(x.apply.Content(), x.home.Content())
	return x
}

// Content is the screen's widget tree.
func (x *HousingScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Your housing")), x.status, x.hint, widget.NewSeparator(), x.box)
}

// Refresh re-reads this member's housing and the charter's rules.
func (x *HousingScreen) Refresh() {
	rules, err := x.s.b.HousingRules()
	if err == nil && rules == nil {
		x.status.SetText(lang.L("This node has no housing office."))
		x.hint.Hide()
		x.box.Hide()
		return
	}
	x.box.Show()
	m, err2 := x.s.b.MyHousing()
	if err == nil {
		err = err2
	}
	if err != nil {
		x.status.SetText(errWords(err))
		x.hint.Hide()
		x.apply.Content().Hide()
		x.home.Content().Hide()
		return
	}
	x.status.SetText(housingWords(rules, m))
	hint := hintWords(rules, m)
	x.hint.SetText(hint)
	x.hint.Hidden = hint == ""
	x.hint.Refresh()
	if m.Home != nil {
		x.apply.Content().Hide()
		x.home.Content().Show()
		x.home.refresh(rules, m)
		return
	}
	x.home.Content().Hide()
	x.apply.Content().Show()
	x.apply.refresh(rules, m)
}

// homeWords describes the member's dwelling in their language when the
// rules are known (the app's English description otherwise).
func homeWords(rules *charter.Housing, m app.MyHousing) string {
	if rules == nil || m.Dwelling == nil {
		return m.Describe
	}
	return dwellingWords(rules, *m.Dwelling)
}

// housingWords says in a line or two where this member stands.
func housingWords(rules *charter.Housing, m app.MyHousing) string {
	switch {
	case m.Home != nil:
		return lang.L("You live in {{.Dwelling}}. Your right of use holds since round entry {{.Since}}; "+
			"it is yours for as long as you live there, and cannot be sold or passed on.",
			args{"Dwelling": homeWords(rules, m), "Since": m.Home.Since.Short()})
	case m.Waiting:
		return lang.L("Your application is number {{.Rank}} of {{.Of}} waiting.", args{"Rank": m.Rank, "Of": m.Of})
	case m.Unopened:
		return lang.L("You applied. The housing office opens your application at the next round, and you will then see your rank.")
	}
	return lang.L("You hold no dwelling and have no application waiting.")
}

// ApplyForm applies for housing for this member's household.
type ApplyForm struct {
	x         *HousingScreen
	size      *widget.Entry
	access    *widget.CheckGroup
	districts *widget.CheckGroup
	note      *widget.Entry
	send      *widget.Button
	msg       message
	content   *fyne.Container
	rules     *charter.Housing
}

func newApplyForm(x *HousingScreen) *ApplyForm {
	f := &ApplyForm{x: x, size: widget.NewEntry(), access: widget.NewCheckGroup(nil, nil),
		districts: widget.NewCheckGroup(nil, nil), note: widget.NewMultiLineEntry(), msg: newMessage()}
	f.size.SetPlaceHolder(lang.L("e.g. 3"))
	f.note.SetPlaceHolder(lang.L("anything the housing office should know (optional)"))
	f.send = primary(lang.L("Apply for housing"), f.doApply)
	f.content = container.NewVBox(subheading(lang.L("Apply for a dwelling")),
		para(lang.L("Your needs and your note are sealed: only you and the housing office can read them. "+
			"The allocation reads only the size of the household, the accessibility needs and the districts.")),
		formField(lang.L("Persons in the household"), f.size), formField(lang.L("Accessibility needs"), f.access),
		formField(lang.L("Districts you accept"), f.districts), para(lang.L("None ticked: any district.")),
		formField(lang.L("Private note"), f.note), f.send, f.msg.Label)
	return f
}

// Content is the form's widget tree.
func (f *ApplyForm) Content() *fyne.Container { return f.content }

func (f *ApplyForm) refresh(rules *charter.Housing, m app.MyHousing) {
	f.rules = rules
	f.access.Options, f.districts.Options = rules.Features, rules.Districts
	f.access.Refresh()
	f.districts.Refresh()
	if m.Waiting || m.Unopened {
		f.send.Disable()
		return
	}
	f.send.Enable()
}

func (f *ApplyForm) doApply() {
	n, err := strconv.Atoi(strings.TrimSpace(f.size.Text))
	if err != nil || n < 1 || n > 32 {
		f.msg.fail(&app.UserError{Msg: "a household is 1 to 32 persons"})
		return
	}
	attrs := core.Attrs{Size: uint8(n), Access: bits(f.rules.Features, f.access.Selected),
		Districts: bits(f.rules.Districts, f.districts.Selected)}
	if _, err := f.x.s.b.Apply(attrs, strings.TrimSpace(f.note.Text)); err != nil {
		f.msg.fail(err)
		return
	}
	f.msg.ok(lang.L("Applied. Your needs are sealed to the housing office; the next round opens your application."))
	f.note.SetText("")
	f.x.Refresh()
}

// bits is the bit set of the chosen words over the charter's list.
func bits(words, chosen []string) uint32 {
	var b uint32
	for i, w := range words {
		for _, c := range chosen {
			if c == w {
				b |= 1 << i
			}
		}
	}
	return b
}
