package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// SanctionsBackend is what the sanction case view needs of the app.
type SanctionsBackend interface {
	SanctionCases() ([]app.CaseView, error)
	Hearing(complaint ids.Hash) (core.Hearing, error)
	Ladder(member ids.PubKey) ([]core.SanctionStep, error)
	GiveVerdict(complaint ids.Hash, guilty bool) (*entry.Signed, error)
}

// subSanctions is the Community tab's sanctions sub-tab, after Work.
const subSanctions = subWork + 1

// SanctionsScreen is the sanction case view: my own record on the ladder,
// the cases that concern me (against me, filed by me, or that I am drawn
// to judge, with the verdict buttons while the hearing runs), then the
// node's other cases: every case is public, like the tally.
type SanctionsScreen struct {
	s      *Shell
	ladder *widget.Label
	mine   *fyne.Container
	others *fyne.Container
	msg    message
}

// NewSanctionsScreen builds the screen.
func NewSanctionsScreen(s *Shell) *SanctionsScreen {
	return &SanctionsScreen{s: s, ladder: para(""), mine: container.NewVBox(), others: container.NewVBox(), msg: newMessage()}
}

// Content is the screen's widget tree.
func (v *SanctionsScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Sanctions")),
		para(lang.L("A complaint is judged by a jury drawn by lot; a proven double spending needs no jury. Each decision is one step up the ladder: a warning, a reduced dividend, suspension of vote and office, exclusion from cooperative benefits. Every step expires by itself; your home, water and food are never withdrawn.")),
		subheading(lang.L("Your record")), v.ladder, v.msg.Label,
		subheading(lang.L("Cases concerning you")), v.mine,
		subheading(lang.L("Other cases on this node")), v.others)
}

// Refresh re-reads my ladder and the cases.
func (v *SanctionsScreen) Refresh() {
	me, err := v.s.b.Whoami()
	if err == nil {
		var steps []core.SanctionStep
		if steps, err = v.s.b.Ladder(me); err == nil {
			v.ladder.SetText(ladderWords(steps, v.now()))
		}
	}
	cases, err2 := v.s.b.SanctionCases()
	if err = firstErr(err, err2); err != nil {
		v.ladder.SetText(errWords(err))
		v.mine.Objects, v.others.Objects = nil, nil
		v.mine.Refresh()
		v.others.Refresh()
		return
	}
	var mine, others []fyne.CanvasObject
	for i := len(cases) - 1; i >= 0; i-- { // newest first
		card, concerns := v.caseCard(cases[i], me)
		if concerns {
			mine = append(mine, card)
		} else {
			others = append(others, card)
		}
	}
	if len(mine) == 0 {
		mine = append(mine, para(lang.L("No case concerns you.")))
	}
	if len(others) == 0 {
		others = append(others, para(lang.L("No other case.")))
	}
	v.mine.Objects, v.others.Objects = mine, others
	v.mine.Refresh()
	v.others.Refresh()
}

func (v *SanctionsScreen) now() int64 { return v.s.o.Now().UnixMilli() }

// firstErr is the first error of two.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// caseCard is one case, and whether it concerns me.
func (v *SanctionsScreen) caseCard(c app.CaseView, me ids.PubKey) (fyne.CanvasObject, bool) {
	body := container.NewVBox()
	title := lang.L("Double spending by member {{.Who}}", args{"Who": c.Against.Short()})
	role, concerns := "", c.Against == me
	if c.Kind == core.CaseComplaint {
		title = lang.L("Complaint against member {{.Who}}", args{"Who": c.Against.Short()})
		h, err := v.s.b.Hearing(c.ID)
		if err != nil {
			body.Add(para(errWords(err)))
		} else {
			concerns = concerns || h.Row.Plaintiff == me || slices.Contains(h.Jurors, me)
			role = roleWords(h, me)
			v.hearing(body, h, me)
		}
	} else {
		body.Add(para(lang.L("Two entries with the same number in one account prove a double spending: the proof is the judgment, decided at once.")))
		if c.Against == me {
			role = lang.L("You are the one sanctioned.")
		}
	}
	if c.Step.Level > 0 {
		body.Add(para(stepWords(c.Step, v.now())))
	}
	if c.Against == me && c.Step.Level > 0 {
		if a := acceptAction(v, c); a != nil {
			body.Add(a)
		}
	}
	if role != "" {
		r := para(role)
		r.TextStyle.Bold = true
		body.Objects = append([]fyne.CanvasObject{r}, body.Objects...)
	}
	return widget.NewCard(title, lang.L("Opened {{.Date}}", args{"Date": dateWords(c.Opened)}), body), concerns
}

// acceptAction is "accept this sanction" on a step decided against me that
// waits for my acceptance (app.AcceptSanction): what it withholds, what
// refusing costs, and the button behind a confirmation.
func acceptAction(v *SanctionsScreen, c app.CaseView) fyne.CanvasObject {
	owed, err := v.s.b.SanctionsToAccept()
	if err != nil {
		return nil
	}
	for _, o := range owed {
		if o.Step.Case == c.ID {
			return container.NewVBox(para(owedWords(o)), acceptControl(v.s, c.ID, v.msg, v.Refresh))
		}
	}
	return nil
}

// roleWords says how I stand in a complaint.
func roleWords(h core.Hearing, me ids.PubKey) string {
	switch {
	case h.Row.Against == me:
		return lang.L("You are the accused.")
	case h.Row.Plaintiff == me:
		return lang.L("You filed it.")
	case slices.Contains(h.Jurors, me):
		return lang.L("You are on its jury.")
	}
	return ""
}

// dateWords is a day as "2 Jan 2006".
func dateWords(ms int64) string { return dayWords(ms) }
