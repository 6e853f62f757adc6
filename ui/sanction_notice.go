package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// SanctionAcceptBackend is what the home screen needs to show the
// sanctions that wait for this member's acceptance and to accept one.
type SanctionAcceptBackend interface {
	SanctionsToAccept() ([]core.Owed, error)
	AcceptSanction(id ids.Hash) (*entry.Signed, error)
}

// sanctionNotes are the home notices for sanctions decided against this
// member: what accepting takes, what refusing costs, and an accept button
// behind a confirmation. Nothing when there is none (or no sanctions).
func (h *HomeScreen) sanctionNotes() []fyne.CanvasObject {
	owed, err := h.s.b.SanctionsToAccept()
	if err != nil {
		return nil
	}
	var out []fyne.CanvasObject
	for _, o := range owed {
		out = append(out, para(owedWords(o)), acceptControl(h.s, o.Step.Case, h.msg, h.Refresh))
	}
	return out
}

// owedWords says a step waiting for acceptance in plain words.
func owedWords(o core.Owed) string {
	a := args{"Step": stepNameWords(o.Step.Level), "From": dayWords(o.Step.Start), "To": dayWords(o.Step.End),
		"Cut": formatUnits(o.Cut), "Debt": formatUnits(o.Debt)}
	var s string
	if o.Step.Kind == core.CaseFork {
		s = lang.L("A double spend from your account was proven (two different payments at one place of your chain): {{.Step}}, from {{.From}}.", a) + " " +
			lang.L("Your payments stay frozen until you accept the case; accepting it recovers {{.Debt}} units from your coming dividends.", a)
	} else {
		s = lang.L("A jury decided a sanction against you: {{.Step}}, from {{.From}} to {{.To}}.", a) + " " +
			lang.L("Accepting it cuts {{.Cut}} units from your coming dividends; until you accept it, your vote and any office are suspended (after the days the charter gives).", a)
	}
	if o.Cut > 0 && o.Step.Kind == core.CaseFork {
		s += " " + lang.L("It also cuts {{.Cut}} units from your dividend.", a)
	}
	return s
}

// acceptControl asks for a confirmation, then accepts the case, says so
// in msg and refreshes the screen.
func acceptControl(s *Shell, id ids.Hash, msg message, refresh func()) fyne.CanvasObject {
	var ask *widget.Button
	confirm := container.NewHBox()
	yes := widget.NewButton(lang.L("Yes, accept it"), func() {
		if _, err := s.b.AcceptSanction(id); err != nil {
			msg.fail(err)
			return
		}
		refresh()
		msg.ok(lang.L("Accepted. What it withholds is taken from your dividend day by day."))
	})
	yes.Importance = widget.DangerImportance
	no := widget.NewButton(lang.L("Not now"), func() { confirm.Hide(); ask.Show() })
	confirm.Objects = []fyne.CanvasObject{yes, no}
	confirm.Hide()
	ask = widget.NewButton(lang.L("Accept this sanction…"), func() { ask.Hide(); confirm.Show() })
	return container.NewVBox(ask, confirm)
}

// withheldWords is the money card's line while a sanction withholds.
func withheldWords(b app.Balance) string {
	return lang.L("An accepted sanction withholds {{.Tonight}} units of tonight's dividend; {{.Left}} units are still to be withheld.",
		args{"Tonight": formatUnits(b.TodayWithheld), "Left": formatUnits(b.Owed)})
}
