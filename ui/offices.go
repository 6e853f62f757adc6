package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// OfficesBackend is what the offices view needs of the app.
type OfficesBackend interface {
	Offices() ([]app.OfficeView, error)
}

// OfficesScreen is the Community tab's offices view: each office, how it is
// filled, its holders now and its term limits.
type OfficesScreen struct {
	s    *Shell
	list *fyne.Container
}

// NewOfficesScreen builds the screen.
func NewOfficesScreen(s *Shell) *OfficesScreen {
	return &OfficesScreen{s: s, list: container.NewVBox()}
}

// Content is the screen's widget tree.
func (o *OfficesScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Offices")),
		para(lang.L("Offices are filled by election or by lot among volunteers, for limited terms; no one holds offices of two separated branches.")),
		o.list)
}

// Refresh re-reads the offices.
func (o *OfficesScreen) Refresh() {
	os, err := o.s.b.Offices()
	if err != nil {
		o.list.Objects = []fyne.CanvasObject{para(lang.L(app.Message(err)))}
		o.list.Refresh()
		return
	}
	var cards []fyne.CanvasObject
	for _, v := range os {
		how := lang.L("Filled by lot among volunteers.")
		if v.Office.Elected {
			how = lang.L("Filled by election.")
		}
		var holders []string
		for _, h := range v.Current.Holders {
			holders = append(holders, h.Short())
		}
		now := lang.L("No holder now.")
		if len(holders) > 0 {
			now = lang.L("Held now by {{.Who}}.", args{"Who": strings.Join(holders, ", ")})
		}
		limits := lang.L("{{.Seats}} seat(s), terms of {{.Days}} days, at most {{.Max}} in a row, branch: {{.Branch}}.",
			args{"Seats": v.Office.Seats, "Days": v.Office.TermDays, "Max": v.Office.MaxTerms, "Branch": v.Office.Branch})
		cards = append(cards, widget.NewCard(v.Office.Name, how, container.NewVBox(para(now), para(limits))))
	}
	if len(cards) == 0 {
		cards = append(cards, para(lang.L("This node's charter names no offices.")))
	}
	o.list.Objects = cards
	o.list.Refresh()
}
