package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// OfficeCounter is the housing office's counter at a kiosk: the
// applications waiting, closing the next allocation round, and the last
// round's audit (why each household got what it got).
type OfficeCounter struct {
	s       *Shell
	waiting *widget.Label
	audit   *widget.Label
	close   *widget.Button
	msg     message
	content fyne.CanvasObject
}

// kioskHousingTab is the housing office's counter, when the signed-in key
// holds the housing office (nil otherwise).
func kioskHousingTab(k *Kiosk, s *Shell) *kioskTab {
	rules, err := s.b.HousingRules()
	me, err2 := s.b.Whoami()
	if err != nil || err2 != nil || rules == nil || !slices.Contains(rules.Office, me) {
		return nil
	}
	c := &OfficeCounter{s: s, waiting: para(""), audit: para(""), msg: newMessage()}
	c.close = primary(lang.L("Close the allocation round"), c.doClose)
	c.content = page(heading(lang.L("Housing office")), c.waiting,
		para(lang.L("Closing a round opens the new applications with the office's key, covers every free dwelling and signs exactly that set; every device then computes the same allocation.")),
		c.close, c.msg.Label, widget.NewCard(lang.L("The last round"), "", c.audit))
	return &kioskTab{item: container.NewTabItemWithIcon(lang.L("Housing"), theme.HomeIcon(), c.content), p: c}
}

// Content is the counter's widget tree.
func (c *OfficeCounter) Content() fyne.CanvasObject { return c.content }

// Refresh re-reads the applications and the last round.
func (c *OfficeCounter) Refresh() {
	as, err := c.s.b.Applications()
	if err != nil {
		c.waiting.SetText(lang.L(app.Message(err)))
		return
	}
	c.waiting.SetText(lang.L("{{.N}} application(s) on record.", args{"N": len(as)}))
	c.audit.SetText(c.lastAudit())
}

// lastAudit is the newest round's audit, a line per household.
func (c *OfficeCounter) lastAudit() string {
	rs, err := c.s.b.Rounds()
	if err != nil || len(rs) == 0 {
		return lang.L("No round has been closed yet.")
	}
	a, err := c.s.b.AuditRound(rs[0].ID)
	if err != nil {
		return lang.L(app.Message(err))
	}
	lines := []string{lang.L("Round {{.N}}: {{.Covered}} dwelling(s) covered.", args{"N": a.N, "Covered": a.Covered})}
	for _, l := range a.Lines {
		lines = append(lines, lang.L("{{.Rank}}. {{.Who}}: {{.Why}}", args{"Rank": l.Rank, "Who": l.Applicant.Short(), "Why": l.Why}))
	}
	return strings.Join(lines, "\n")
}

func (c *OfficeCounter) doClose() {
	var rc app.RoundClosed
	var err error
	c.close.Disable()
	c.s.o.Async(func() { rc, err = c.s.b.CloseRound() }, func() {
		c.close.Enable()
		if err != nil {
			c.msg.fail(err)
			return
		}
		c.msg.ok(lang.L("Round closed: {{.Opened}} application(s) opened, {{.N}} household(s) housed.",
			args{"Opened": rc.Opened, "N": rc.Allocated}))
		c.Refresh()
	})
}
