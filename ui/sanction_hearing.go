package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/core"
	"dac/core/ids"
)

// hearing adds a complaint's reason, jury, verdicts and outcome to body,
// and a drawn juror's verdict buttons while the hearing runs.
func (v *SanctionsScreen) hearing(body *fyne.Container, h core.Hearing, me ids.PubKey) {
	now := v.now()
	body.Add(para(lang.L("Filed by member {{.Who}}: “{{.Reason}}”", args{"Who": h.Row.Plaintiff.Short(), "Reason": h.Row.Reason})))
	switch {
	case now < h.Start:
		body.Add(para(lang.L("A jury drawn by lot hears it from {{.Start}} to {{.Close}}.",
			args{"Start": dateWords(h.Start), "Close": dateWords(h.Close)})))
		return
	case h.Outcome == core.HearingNoJury:
		body.Add(para(lang.L("No jury could be drawn (no one revealed in the draw it depends on): the complaint lapsed and may be filed again.")))
		return
	}
	var jury []string
	for _, j := range h.Jurors {
		jury = append(jury, j.Short())
	}
	body.Add(para(lang.L("Heard from {{.Start}} to {{.Close}} by a jury drawn by lot: {{.Jury}}.",
		args{"Start": dateWords(h.Start), "Close": dateWords(h.Close), "Jury": strings.Join(jury, ", ")})))
	body.Add(para(verdictWords(h)))
	body.Add(para(outcomeWords(h)))
	if slices.Contains(h.Jurors, me) && now < h.Close {
		body.Add(v.verdictButtons(h))
	}
}

// verdictWords lists each juror's verdict (silence counts as not guilty).
func verdictWords(h core.Hearing) string {
	said := map[ids.PubKey]bool{}
	var parts []string
	for _, vr := range h.Verdicts {
		said[vr.Juror] = true
		w := lang.L("{{.Who}} not guilty", args{"Who": vr.Juror.Short()})
		if vr.Guilty {
			w = lang.L("{{.Who}} guilty", args{"Who": vr.Juror.Short()})
		}
		parts = append(parts, w)
	}
	for _, j := range h.Jurors {
		if !said[j] {
			parts = append(parts, lang.L("{{.Who}} silent (counts as not guilty)", args{"Who": j.Short()}))
		}
	}
	return lang.L("Verdicts: {{.List}}.", args{"List": strings.Join(parts, ", ")})
}

// outcomeWords says where the hearing stands.
func outcomeWords(h core.Hearing) string {
	a := args{"G": h.Guilty, "N": len(h.Jurors)}
	switch h.Outcome {
	case core.HearingUpheld:
		return lang.L("Upheld: {{.G}} of {{.N}} jurors found guilty.", a)
	case core.HearingDismissed:
		return lang.L("Dismissed: {{.G}} of {{.N}} jurors found guilty; more than half are needed.", a)
	}
	return lang.L("The hearing is open: {{.G}} of {{.N}} jurors find guilty so far; more than half are needed to uphold it.", a)
}

// verdictButtons are a drawn juror's two buttons, with their verdict now.
func (v *SanctionsScreen) verdictButtons(h core.Hearing) fyne.CanvasObject {
	note := para(lang.L("You were drawn for this jury. Your verdict counts if given by {{.Close}}; you may change it until then.",
		args{"Close": dateWords(h.Close)}))
	guilty := widget.NewButton(lang.L("Guilty"), func() { v.verdict(h.Complaint, true) })
	notGuilty := widget.NewButton(lang.L("Not guilty"), func() { v.verdict(h.Complaint, false) })
	return container.NewVBox(note, container.NewGridWithColumns(2, guilty, notGuilty))
}

// verdict signs my finding on a complaint.
func (v *SanctionsScreen) verdict(complaint ids.Hash, guilty bool) {
	var err error
	v.s.o.Async(func() { _, err = v.s.b.GiveVerdict(complaint, guilty) }, func() {
		if err != nil {
			v.msg.fail(err)
			return
		}
		done := lang.L("Your verdict is recorded: not guilty.")
		if guilty {
			done = lang.L("Your verdict is recorded: guilty.")
		}
		v.msg.ok(done)
		v.Refresh()
	})
}

// stepWords says a decided step with its dates and whether it binds now.
func stepWords(st core.SanctionStep, now int64) string {
	a := args{"Step": stepNameWords(st.Level), "Start": dateWords(st.Start), "End": dateWords(st.End)}
	var s string
	switch {
	case now < st.Start:
		s = lang.L("Decided: {{.Step}}, from {{.Start}} to {{.End}} (not yet in force).", a)
	case st.InForce(now):
		s = lang.L("Decided: {{.Step}}, from {{.Start}} to {{.End}} (in force now).", a)
	default:
		s = lang.L("Decided: {{.Step}}, from {{.Start}} to {{.End}} (expired).", a)
	}
	return s + acceptedWords(st)
}

// acceptedWords says whether a step that takes money (or a fork case) was
// accepted by its member ("" for steps that need no acceptance).
func acceptedWords(st core.SanctionStep) string {
	switch {
	case st.Accepted != 0:
		return " " + lang.L("Accepted on {{.Date}}.", args{"Date": dateWords(st.Accepted)})
	case st.MustAccept || st.Kind == core.CaseFork:
		return " " + lang.L("Not accepted yet.")
	}
	return ""
}

// ladderWords is my own record: each step, or none.
func ladderWords(steps []core.SanctionStep, now int64) string {
	if len(steps) == 0 {
		return lang.L("No sanction has been decided against you.")
	}
	var lines []string
	for _, st := range steps {
		lines = append(lines, stepWords(st, now))
	}
	return strings.Join(lines, "\n")
}

// stepNameWords names a step of the ladder.
func stepNameWords(level int) string {
	switch level {
	case core.LevelWarning:
		return lang.L("a warning")
	case core.LevelReducedDividend:
		return lang.L("a reduced dividend")
	case core.LevelSuspension:
		return lang.L("suspension of vote and office")
	case core.LevelExclusion:
		return lang.L("exclusion from cooperative benefits")
	}
	return ""
}
