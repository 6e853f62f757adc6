package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/charter"
	"dac/core/entry"
)

// OfficesBackend is what the offices view needs of the app.
type OfficesBackend interface {
	OfficeStandings() ([]app.OfficeStanding, error)
	Volunteer(office string) (*entry.Signed, uint32, error)
	Reveal(office string) (*entry.Signed, error)
	TakeSeat(office string) (*entry.Signed, error)
	ConfirmSeats() ([]*entry.Signed, error)
	OfficeNotices() (app.OfficeNotice, error)
}

// OfficesScreen is the Community tab's offices view: each office, how it is
// filled, its holders now and its term limits in plain words, and what
// this member can do there (office_actions.go): volunteer for the draw,
// reveal, take a seat won, each saying what it does or why not now.
type OfficesScreen struct {
	s    *Shell
	list *fyne.Container
	msg  message
}

// NewOfficesScreen builds the screen.
func NewOfficesScreen(s *Shell) *OfficesScreen {
	return &OfficesScreen{s: s, list: container.NewVBox(), msg: newMessage()}
}

// Content is the screen's widget tree.
func (o *OfficesScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Offices")),
		para(lang.L("Offices are filled by election or by lot among volunteers, for limited terms; no one holds offices of two separated branches.")),
		o.msg.Label, o.list)
}

// Refresh re-reads the offices.
func (o *OfficesScreen) Refresh() {
	os, err := o.s.b.OfficeStandings()
	if err != nil {
		o.list.Objects = []fyne.CanvasObject{para(errWords(err))}
		o.list.Refresh()
		return
	}
	// The offices that hold a power (the registrar's) first: they act for
	// the whole node.
	slices.SortStableFunc(os, func(a, b app.OfficeStanding) int {
		return btoi(len(b.Office.Powers) > 0) - btoi(len(a.Office.Powers) > 0)
	})
	var cards []fyne.CanvasObject
	for _, v := range os {
		cards = append(cards, o.card(v))
	}
	if len(cards) == 0 {
		cards = append(cards, para(lang.L("This node's charter names no offices.")))
	}
	o.list.Objects = cards
	o.list.Refresh()
}

// card is one office: who holds it, its limits, and my actions.
func (o *OfficesScreen) card(v app.OfficeStanding) fyne.CanvasObject {
	how := lang.L("Filled by lot among volunteers.")
	if v.Office.Elected {
		how = lang.L("Filled by election.")
	}
	body := container.NewVBox(para(holdersWords(v)), para(limitWords(v)))
	for _, w := range powerLines(v) {
		body.Add(para(w))
	}
	for _, a := range officeActions(o, v) {
		body.Add(a)
	}
	return widget.NewCard(v.Office.Name, how, body)
}

// holdersWords says who holds the running term, until when.
func holdersWords(v app.OfficeStanding) string {
	var holders []string
	for _, h := range v.Current.Holders {
		holders = append(holders, h.Short())
	}
	if v.Term == 0 || len(holders) == 0 {
		return lang.L("No holder now.")
	}
	return lang.L("Held now by {{.Who}}, until {{.End}} (term {{.Term}}).",
		args{"Who": strings.Join(holders, ", "), "End": dayTimeWords(v.Current.End), "Term": v.Term})
}

// powerLines say what an office with a power may do, and how far each
// seat of the running term is confirmed.
func powerLines(v app.OfficeStanding) []string {
	var out []string
	if len(v.Office.Powers) > 0 && v.Need == 0 {
		return []string{lang.L("Its power is not in use: a node founded by one person keeps its charter's registrar.")}
	}
	if slices.Contains(v.Office.Powers, charter.PowerAdmit) {
		out = append(out, lang.L("This office admits new members from its first term on. A seat counts once {{.Need}} members have confirmed it; members' devices confirm the winners' seats by themselves.",
			args{"Need": v.Need}))
	}
	if len(out) == 0 {
		return nil
	}
	for _, st := range v.Current.Seats {
		out = append(out, lang.L("Seat of {{.Who}}: confirmed by {{.N}} of {{.Need}}.", args{"Who": st.Member.Short(), "N": len(st.By), "Need": v.Need}))
	}
	return out
}

// limitWords says an office's seats, terms and limits plainly.
func limitWords(v app.OfficeStanding) string {
	o := v.Office
	return lang.L("{{.Seats}} seat(s), terms of {{.Days}} days, branch: {{.Branch}}. No one holds it for more than {{.Max}} terms in a row; after that, {{.Off}} term(s) off. No one holds it together with an office of another branch.",
		args{"Seats": o.Seats, "Days": o.TermDays, "Branch": o.Branch, "Max": o.MaxTerms, "Off": o.CooldownTerms})
}

// did runs an office action and says what happened.
func (o *OfficesScreen) did(act func() error, done string) {
	var err error
	o.s.o.Async(func() { err = act() }, func() {
		if err != nil {
			o.msg.fail(err)
			return
		}
		o.msg.ok(done)
		o.Refresh()
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// newOfficesCard is the home screen's offices card: a seat this member won
// and has not taken, and seats waiting for their confirmation.
func newOfficesCard(s *Shell) part {
	return newHomeCard(lang.L("Offices"), func() (string, bool) {
		n, err := s.b.OfficeNotices()
		if err != nil || len(n.ToTake)+len(n.ToConfirm) == 0 {
			return "", false
		}
		var lines []string
		if len(n.ToTake) > 0 {
			lines = append(lines, lang.L("You won a seat of {{.Offices}} for this term: take it (Community › Offices).",
				args{"Offices": strings.Join(n.ToTake, ", ")}))
		}
		if len(n.ToConfirm) > 0 {
			lines = append(lines, lang.L("A seat of {{.Offices}} waits for your confirmation (Community › Offices).",
				args{"Offices": strings.Join(n.ToConfirm, ", ")}))
		}
		return strings.Join(lines, "\n"), true
	})
}
