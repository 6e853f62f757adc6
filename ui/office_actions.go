package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

// officeActions are what this member can do in an office now, each a
// sentence saying what the button does (or why it is not possible now)
// and the button, disabled when it cannot be done.
func officeActions(o *OfficesScreen, v app.OfficeStanding) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if v.Holding {
		out = append(out, para(lang.L("You hold a seat of this term.")))
	}
	if v.Won && !v.Holding {
		out = append(out, takeAction(o, v)...)
	}
	out = append(out, confirmAction(o, v)...)
	if v.Office.Elected {
		return append(out, para(lang.L("To serve, stand as a candidate in the election for a term (a proposal of kind election).")))
	}
	out = append(out, revealAction(o, v)...)
	return append(out, volunteerAction(o, v)...)
}

// confirmAction confirms the seats of the running term that this member's
// device counts among the winners (devices also do it after each sync).
func confirmAction(o *OfficesScreen, v app.OfficeStanding) []fyne.CanvasObject {
	if len(v.ToConfirm) == 0 {
		return nil
	}
	a := args{"Who": ids.ShortKeys(v.ToConfirm), "Need": v.Need}
	b := widget.NewButton(lang.L("Confirm the seat of {{.Who}}", a), func() {
		o.did(func() error { _, err := o.s.b.ConfirmSeats(); return err },
			lang.L("You confirmed the seat of {{.Who}}.", a))
	})
	return []fyne.CanvasObject{para(lang.L("This device counts {{.Who}} among the winners of this term. A seat counts once {{.Need}} members confirm it.", a)), b}
}

// volunteerAction puts me in the draw for the next term whose call is open.
func volunteerAction(o *OfficesScreen, v app.OfficeStanding) []fyne.CanvasObject {
	a := args{"Term": v.CallTerm, "Closes": dayTimeWords(v.CallCloses), "Reveal": dayTimeWords(v.CallCloses + core.DayMillis)}
	if v.Volunteered {
		return []fyne.CanvasObject{para(lang.L("You volunteered for term {{.Term}}. Reveal between {{.Closes}} and {{.Reveal}}, or you are out of the draw.", a))}
	}
	b := widget.NewButton(lang.L("Volunteer for term {{.Term}}", a), func() {
		o.did(func() error { _, _, err := o.s.b.Volunteer(v.Office.Name); return err },
			lang.L("You volunteered for {{.Office}}. Come back to reveal between {{.Closes}} and {{.Reveal}}.",
				args{"Office": v.Office.Name, "Closes": dayTimeWords(v.CallCloses), "Reveal": dayTimeWords(v.CallCloses + core.DayMillis)}))
	})
	what := para(lang.L("Volunteering puts you in the draw for term {{.Term}}; the call closes {{.Closes}}. Your device commits to a secret now and reveals it in the day before the term: the draw uses every secret revealed, so no one can choose it.", a))
	return withWhyNot(what, b, v.VolunteerWhyNot)
}

// revealAction opens my commitment for the next term's draw.
func revealAction(o *OfficesScreen, v app.OfficeStanding) []fyne.CanvasObject {
	a := args{"Term": v.RevealTerm, "Opens": dayTimeWords(v.RevealOpens), "Closes": dayTimeWords(v.RevealCloses)}
	switch {
	case !v.VolunteeredNext || v.CallTerm == v.RevealTerm: // the volunteer's line says when to reveal
		return nil
	case v.Revealed:
		return []fyne.CanvasObject{para(lang.L("You revealed: you are in the draw for term {{.Term}}, held at {{.Closes}}.", a))}
	}
	b := primary(lang.L("Reveal for term {{.Term}}", a), func() {
		o.did(func() error { _, err := o.s.b.Reveal(v.Office.Name); return err },
			lang.L("Revealed: you are in the draw for term {{.Term}} of {{.Office}}.", args{"Term": v.RevealTerm, "Office": v.Office.Name}))
	})
	what := para(lang.L("Revealing your secret puts you in the draw for term {{.Term}}. Reveals are made between {{.Opens}} and {{.Closes}}.", a))
	return withWhyNot(what, b, v.RevealWhyNot)
}

// takeAction takes the seat I won for the running term.
func takeAction(o *OfficesScreen, v app.OfficeStanding) []fyne.CanvasObject {
	a := args{"Term": v.Term, "End": dayTimeWords(v.Current.End)}
	b := primary(lang.L("Take my seat"), func() {
		o.did(func() error { _, err := o.s.b.TakeSeat(v.Office.Name); return err },
			lang.L("You took your seat of {{.Office}} for term {{.Term}}.", args{"Office": v.Office.Name, "Term": v.Term}))
	})
	what := para(lang.L("You won a seat for term {{.Term}}, which runs until {{.End}}. Taking it makes you a holder; it counts towards your term limit.", a))
	return withWhyNot(what, b, v.TakeWhyNot)
}

// withWhyNot is an action's sentence and button, the button disabled
// with the reason under it when the rules refuse it now.
func withWhyNot(what *widget.Label, b *widget.Button, why string) []fyne.CanvasObject {
	if why == "" {
		return []fyne.CanvasObject{what, b}
	}
	b.Disable()
	no := para(lang.L("Not possible now: {{.Why}}", args{"Why": lang.L(why)}))
	no.Importance = widget.WarningImportance
	return []fyne.CanvasObject{what, b, no}
}
