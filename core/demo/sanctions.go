package demo

import (
	"crypto/ed25519"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

// DemoSanctions is the demo's (and the sample's) sanctions section: short
// steps, so that a demo of a few weeks shows steps in force and expired.
func DemoSanctions() *charter.Sanctions {
	return &charter.Sanctions{StepDays: [4]int{3, 10, 10, 30}, DividendCutPct: 50, MemoryDays: 30,
		Jury: 3, JuryOffice: "audit", HearingDays: 3, FreezeDays: 7}
}

// sanction runs the demo's cases (demos of 25 days or more): on day 1 and
// day 11 a founder files a complaint against another founder; each is
// judged by the jury drawn from the audit office's next term (10-day
// terms: the juries sit from day 10 and day 20), two jurors of three find
// guilty, so the first complaint gives a warning (days 13–16, expired by
// the end) and the second, within the memory, a reduced dividend (from day
// 23, in force when a 30-day demo's calendar ends).
func (w *World) sanction(cfg Config, d int) error {
	if w.Charter.Sanctions == nil || w.Charter.Governance == nil || cfg.Days < 25 {
		return nil
	}
	if d == 1 || d == 11 {
		c := core.Complaint{Against: Pub(w.Keys[2]), Reason: "kept the shared tools for weeks"}
		if _, err := w.tryPost(w.Keys[3], core.KindComplaint, c, w.State.MembershipRefs(Pub(w.Keys[3]))); err != nil {
			return err
		}
	}
	for _, id := range w.State.Complaints() {
		if err := w.judge(id); err != nil {
			return err
		}
	}
	return w.acceptSanctions(w.Keys[2])
}

// acceptSanctions has a sanctioned member accept, a day after it starts,
// each step that waits for their acceptance: what it takes is then
// withheld from their dividend.
func (w *World) acceptSanctions(k ed25519.PrivateKey) error {
	m := Pub(k)
	for _, o := range w.State.ToAccept(m) {
		if w.clock < o.Step.Start+core.DayMillis {
			continue
		}
		body := core.SanctionAccept{Case: o.Step.Case, Level: o.Step.Level}
		if _, err := w.tryPost(k, core.KindSanctionAccept, body, append(w.State.MembershipRefs(m), o.Step.Case)); err != nil {
			return err
		}
	}
	return nil
}

// judge has a sitting jury give its verdicts once: the first two jurors
// find guilty, the third not.
func (w *World) judge(id ids.Hash) error {
	h, ok := w.State.Hearing(id, w.clock)
	if !ok || h.Outcome != core.HearingPending || w.clock < h.Start || len(h.Verdicts) > 0 {
		return nil
	}
	for i, j := range h.Jurors {
		k := w.keyOf(j)
		v := core.Verdict{Complaint: id, Guilty: i < 2}
		if _, err := w.tryPost(k, core.KindVerdict, v, append(w.State.MembershipRefs(j), id)); err != nil {
			return err
		}
	}
	return nil
}
