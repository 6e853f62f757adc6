package app

import (
	"cmp"
	"slices"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// Queries of the GUI's Work tab (contribution income and the treasury):
// read-only, from the state and the stored entries.

// WorkItem is a logged piece of work.
type WorkItem struct {
	ID       ids.Hash
	Member   ids.PubKey
	Role     string
	Minutes  uint32
	Note     string
	Time     int64
	Attested bool // a coordinator of its role has attested it
}

// workScan bounds how many recent logs and attests the lists look through.
const workScan = 2000

// WorkLogs lists the latest valid work logs, newest first: all members'
// when member is nil, else member's own.
func (a *App) WorkLogs(member *ids.PubKey) ([]WorkItem, error) {
	rows, err := a.Log(store.LogQuery{Kind: core.KindWorkLog, Author: member, Limit: workScan})
	if err != nil {
		return nil, err
	}
	attested, err := a.attestedLogs()
	if err != nil {
		return nil, err
	}
	var out []WorkItem
	for _, r := range rows {
		var w core.WorkLog
		if r.Invalid != "" || a.body(r.ID, &w) != nil {
			continue
		}
		out = append(out, WorkItem{ID: r.ID, Member: r.Author, Role: w.Role, Minutes: w.Minutes, Note: w.Note,
			Time: r.Time, Attested: attested[r.ID]})
	}
	return out, nil
}

// ToAttest lists the work logs waiting for an attest that this member, as
// a coordinator of their roles, can give.
func (a *App) ToAttest() ([]WorkItem, error) {
	me, err := a.Whoami()
	if err != nil {
		return nil, err
	}
	c, err := a.Charter()
	if err != nil || c.Contribution == nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, r := range c.Contribution.Roles {
		mine[r.Name] = slices.Contains(r.Coordinators, me)
	}
	all, err := a.WorkLogs(nil)
	var out []WorkItem
	for _, w := range all {
		if !w.Attested && mine[w.Role] && w.Member != me {
			out = append(out, w)
		}
	}
	return out, err
}

// attestedLogs is the set of logs with a valid attest among the latest.
func (a *App) attestedLogs() (map[ids.Hash]bool, error) {
	rows, err := a.Log(store.LogQuery{Kind: core.KindWorkAttest, Limit: workScan})
	if err != nil {
		return nil, err
	}
	out := map[ids.Hash]bool{}
	for _, r := range rows {
		var w core.WorkAttest
		if r.Invalid == "" && a.body(r.ID, &w) == nil {
			out[w.Log] = true
		}
	}
	return out, nil
}

// body decodes the body of stored entry id into v.
func (a *App) body(id ids.Hash, v any) error {
	e, err := a.Entry(id)
	if err != nil {
		return err
	}
	return entry.Unmarshal(e.Body, v)
}

// Due is attested work the treasury can pay a member now.
type Due struct {
	Member ids.PubKey
	Amount int64 // µ
}

// WorkDue lists the members the treasury can pay for attested work now.
func (a *App) WorkDue() ([]Due, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	var out []Due
	now := a.now()
	st.View(func(s *core.State) {
		owed := owedToBudgets(s, now) // the stewards' devices keep it for the funded budget items
		for _, m := range s.Members() {
			if _, amount, ok := s.WorkDueKeeping(m.Key, now, owed); ok {
				out = append(out, Due{Member: m.Key, Amount: amount})
			}
		}
	})
	return out, nil
}

// Act is a treasury act waiting for stewards' signatures.
type Act struct {
	ID ids.Hash
	core.ActRow
	SignedByMe bool // this member proposed or co-signed it
}

// WaitingActs lists the treasury acts not yet in effect, in chain order.
func (a *App) WaitingActs() ([]Act, error) {
	v, err := a.Treasury()
	if err != nil {
		return nil, err
	}
	me, _ := a.Whoami()
	signed, err := a.cosignedBy(me)
	if err != nil {
		return nil, err
	}
	out := make([]Act, 0, len(v.Waiting))
	for id, row := range v.Waiting {
		out = append(out, Act{ID: id, ActRow: row, SignedByMe: row.Proposer == me || signed[id]})
	}
	slices.SortFunc(out, func(x, y Act) int {
		if c := cmp.Compare(x.TSeq, y.TSeq); c != 0 {
			return c
		}
		return slices.Compare(x.ID[:], y.ID[:])
	})
	return out, nil
}

// cosignedBy is the set of acts member has co-signed.
func (a *App) cosignedBy(member ids.PubKey) (map[ids.Hash]bool, error) {
	rows, err := a.Log(store.LogQuery{Kind: core.KindTreasuryCosign, Author: &member, Limit: workScan})
	if err != nil {
		return nil, err
	}
	out := map[ids.Hash]bool{}
	for _, r := range rows {
		var c core.TreasuryCosign
		if r.Invalid == "" && a.body(r.ID, &c) == nil {
			out[c.Act] = true
		}
	}
	return out, nil
}
