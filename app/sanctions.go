package app

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"time"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// Sanction use cases: file a complaint, give a juror's verdict, and read
// the cases, hearings and ladders. Every entry is validated before it is
// signed (post).

// ErrNoSanctions means the charter has no sanctions section.
var ErrNoSanctions = &UserError{Msg: "this node's charter has no sanctions section"}

// ErrNoComplaint means no complaint has that id here.
var ErrNoComplaint = &UserError{Msg: "there is no such complaint on this node (yet: it may not have synced)"}

// CaseView is one case: a fork case or a complaint, with the ladder step
// it decided (Step.Level 0: none yet).
type CaseView struct {
	ID      ids.Hash          `json:"id"` // the fork report or the complaint
	Kind    string            `json:"kind"`
	Against ids.PubKey        `json:"against"`
	Opened  int64             `json:"opened"`
	Reason  string            `json:"reason,omitempty"`
	Outcome string            `json:"outcome"` // decided (fork), or the hearing's outcome
	Step    core.SanctionStep `json:"step"`
	InForce bool              `json:"in_force"`
}

// Complain files a complaint against a member.
func (a *App) Complain(against ids.PubKey, reason string) (*entry.Signed, error) {
	if err := a.needSanctions(); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, &UserError{Msg: "say why: a complaint needs a reason"}
	}
	return a.post(core.KindComplaint, core.Complaint{Against: against, Reason: reason}, func(s *core.State, me ids.PubKey) []ids.Hash {
		return s.MembershipRefs(me)
	})
}

// GiveVerdict records this juror's finding on a complaint; a later verdict
// replaces an earlier one until the hearing closes.
func (a *App) GiveVerdict(complaint ids.Hash, guilty bool) (*entry.Signed, error) {
	h, err := a.Hearing(complaint)
	if err != nil {
		return nil, err
	}
	me, err := a.Whoami()
	if err != nil {
		return nil, err
	}
	now := a.now()
	switch {
	case now >= h.Close:
		return nil, UserT("this hearing closed on {{.Close}}: its outcome is {{.Outcome}}",
			map[string]any{"Close": time.UnixMilli(h.Close).UTC().Format("2006-01-02 15:04"), "Outcome": h.Outcome})
	case len(h.Jurors) == 0:
		return nil, UserT("the jury is drawn on {{.Start}}: no one can give a verdict before",
			map[string]any{"Start": time.UnixMilli(h.Start).UTC().Format("2006-01-02 15:04")})
	case !slices.Contains(h.Jurors, me):
		return nil, &UserError{Msg: "you were not drawn for this jury: your verdict would not count"}
	}
	return a.post(core.KindVerdict, core.Verdict{Complaint: complaint, Guilty: guilty}, func(s *core.State, me ids.PubKey) []ids.Hash {
		return append(s.MembershipRefs(me), complaint)
	})
}

// Hearing is a complaint's jury, verdicts and outcome now.
func (a *App) Hearing(id ids.Hash) (core.Hearing, error) {
	var h core.Hearing
	err := a.sanctionView(func(s *core.State) error {
		var ok bool
		if h, ok = s.Hearing(id, a.now()); !ok {
			return ErrNoComplaint
		}
		return nil
	})
	return h, err
}

// Ladder lists a member's decided steps.
func (a *App) Ladder(member ids.PubKey) ([]core.SanctionStep, error) {
	var out []core.SanctionStep
	err := a.sanctionView(func(s *core.State) error { out = s.Ladder(member); return nil })
	return out, err
}

// SanctionCases lists every case (fork cases and complaints) by date.
func (a *App) SanctionCases() ([]CaseView, error) {
	var out []CaseView
	err := a.sanctionView(func(s *core.State) error {
		now := a.now()
		steps := map[ids.Hash]core.SanctionStep{}
		for _, c := range s.Cases() {
			for _, st := range s.Ladder(c.Author) {
				steps[st.Case] = st
			}
			out = append(out, CaseView{ID: c.Report, Kind: core.CaseFork, Against: c.Author, Opened: c.Time, Outcome: "decided"})
		}
		for _, id := range s.Complaints() {
			h, _ := s.Hearing(id, now)
			for _, st := range s.Ladder(h.Row.Against) {
				steps[st.Case] = st
			}
			out = append(out, CaseView{ID: id, Kind: core.CaseComplaint, Against: h.Row.Against, Opened: h.Row.Time,
				Reason: h.Row.Reason, Outcome: h.Outcome})
		}
		for i := range out {
			out[i].Step = steps[out[i].ID]
			out[i].InForce = out[i].Step.Level > 0 && out[i].Step.InForce(now)
		}
		slices.SortFunc(out, func(x, y CaseView) int {
			return cmp.Or(cmp.Compare(x.Opened, y.Opened), bytes.Compare(x.ID[:], y.ID[:]))
		})
		return nil
	})
	return out, err
}

func (a *App) needSanctions() error { return a.sanctionView(func(*core.State) error { return nil }) }

// sanctionView runs fn on the state of a node whose charter has a sanctions section.
func (a *App) sanctionView(fn func(s *core.State) error) error {
	st, err := a.node()
	if err != nil {
		return err
	}
	err = ErrNoSanctions
	st.View(func(s *core.State) {
		if s.Charter() != nil && s.Charter().Sanctions != nil {
			err = fn(s)
		}
	})
	return err
}
