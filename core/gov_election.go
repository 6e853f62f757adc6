package core

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Elected offices: an office the charter marks `elected` is filled, term by
// term, by an election proposal that names the office, the term and its
// candidates (each option a member's key), and closes before the term
// starts. A candidate takes the seat with `office-take` citing the election;
// the take is valid if they were a candidate (whether they won depends on
// ballots outside its causal past), and they hold the office only if they
// won: the election that counts for a term is the earliest opened one for
// it that passed (ties: the smaller id); its winners are the `seats` options
// with the most votes for approval (ties: listed first), the single winner
// for ranked choice and score. Term limits and separation apply as for
// sortition.

// checkElection checks an election to an office.
func (s *State) checkElection(c *Context, p *Propose) error {
	if p.Office == "" {
		if p.Term != 0 || slices.ContainsFunc(p.Options, func(o Option) bool { return o.Member != nil }) {
			return errors.New("only an election to an office names candidates and a term")
		}
		return nil
	}
	o, err := s.office(p.Office, p.Term)
	switch {
	case err != nil:
		return err
	case p.Kind != charter.ProposalElection || !o.Elected:
		return fmt.Errorf("%s is not an elected office, or this is not an election", o.Name)
	case p.Method != MethodRanked && p.Method != MethodApproval && p.Method != MethodScore:
		return errors.New("an office election is ranked, approval or score")
	}
	rule, _ := s.governance().RuleFor(p.Kind)
	if c.E.Time+int64(rule.WindowHours)*3600*1000 > s.TermStart(o, p.Term) {
		return fmt.Errorf("the election must close before term %d starts", p.Term)
	}
	seen := map[ids.PubKey]bool{}
	for _, opt := range p.Options {
		if opt.Member == nil || seen[*opt.Member] || opt.Member.CheckMemberKey() != nil {
			return errors.New("every option of an office election is a distinct candidate's key")
		}
		seen[*opt.Member] = true
	}
	return nil
}

// checkElectedTake checks a take of an elected office: it cites an election
// for this office and term in which the author is a candidate.
func (s *State) checkElectedTake(c *Context, t *OfficeTake) error {
	if t.Election == nil || len(t.Reveals) > 0 {
		return errors.New("a seat of an elected office cites its election, not reveals")
	}
	p, ok := s.Proposal(*t.Election)
	switch {
	case !ok || !slices.Contains(c.E.Refs, *t.Election):
		return errors.New("the take must reference the election")
	case p.Office != t.Office || p.Term != t.Term:
		return errors.New("that election is for another office or term")
	case !slices.ContainsFunc(p.Options, func(o Option) bool { return *o.Member == c.E.Author }):
		return fmt.Errorf("%s was not a candidate", c.E.Author.Short())
	}
	return nil
}

// electionFor finds the election that counts for a term and its winners.
func (s *State) electionFor(o charter.Office, term uint32) (ids.Hash, []ids.PubKey) {
	for _, id := range s.ProposalIDs() {
		p, _ := s.Proposal(id)
		if p.Office != o.Name || p.Term != term {
			continue
		}
		t, _ := s.Tally(id, p.Closes)
		if t.Outcome == OutcomePassed {
			return id, electedBy(&p, &t, o.Seats)
		}
	}
	return ids.Hash{}, nil
}

func electedBy(p *ProposalRow, t *Tally, seats int) []ids.PubKey {
	if p.Method != MethodApproval {
		return []ids.PubKey{*p.Options[t.Winner].Member}
	}
	order := make([]int, len(t.Options))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(t.Options[b].Count, t.Options[a].Count) })
	var out []ids.PubKey
	for _, i := range order[:min(seats, len(order))] {
		if t.Options[i].Count > 0 {
			out = append(out, *p.Options[i].Member)
		}
	}
	return out
}
