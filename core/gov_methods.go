package core

import (
	"cmp"
	"fmt"
	"slices"
)

// Counting methods. Each counts the weighted ballots of a tally (abstentions
// count for the quorum only), fills the options and the winner, writes its
// arithmetic and says whether the threshold T (percent) is passed. Every
// threshold test is strict: more than T %.
//
//   - yes/no: passes iff yes×100 > T×(yes+no).
//   - approval: the option with the most approval weight wins (ties: the
//     one listed first); passes iff its approvals×100 > T×decisive.
//   - ranked: instant-runoff. Each round counts every ballot for its
//     highest-ranked option still in the race; a ballot ranking none of them
//     is exhausted. An option with more than half of the round's
//     non-exhausted votes wins (or the last one left). Otherwise the option
//     with the fewest votes is eliminated; a tie for last is broken by fewer
//     first-round votes, then by the option listed LATER going first. Passes
//     iff the winner's final-round votes×100 > T×that round's non-exhausted votes.
//   - score: the highest weighted total wins (ties: listed first); passes
//     iff total×100 > T×MaxScore×decisive (its mean score is above T % of
//     the maximum).
//   - budget (participatory budgeting, "greedy by approvals"): an option is
//     eligible iff its approvals×100 > T×decisive; eligible options are
//     taken by most approvals (ties: cheaper first, then listed first) and
//     funded if their cost fits what is left of the budget, else skipped.
//     Passes iff at least one option is funded.
func count(t *Tally, p *ProposalRow) bool {
	switch p.Method {
	case MethodYesNo:
		return countYesNo(t)
	case MethodApproval:
		return countApproval(t, p)
	case MethodRanked:
		return countRanked(t, p)
	case MethodScore:
		return countScore(t, p)
	case MethodBudget:
		return countBudget(t, p)
	}
	return false
}

func (t *Tally) note(format string, args ...any) {
	t.Arithmetic = append(t.Arithmetic, fmt.Sprintf(format, args...))
}

func countYesNo(t *Tally) bool {
	t.Options = []OptionResult{{Name: "yes"}, {Name: "no"}}
	for _, b := range t.Ballots {
		if !b.Row.Abstain {
			t.Options[b.Row.Pick[0]].Count += b.Weight
		}
	}
	yes, no := t.Options[0].Count, t.Options[1].Count
	ok := yes*100 > t.ThresholdPct*(yes+no)
	t.Winner = 1
	if ok {
		t.Winner = 0
	}
	t.note("threshold: %d yes, %d no; %d×100 %s %d×%d: %s", yes, no, yes, gt(ok), t.ThresholdPct, yes+no, passedWord(ok))
	return ok
}

// approvals fills each option's approval weight.
func approvals(t *Tally, p *ProposalRow) {
	t.Options = make([]OptionResult, len(p.Options))
	for i, o := range p.Options {
		t.Options[i] = OptionResult{Name: o.Name, Cost: o.Cost}
	}
	for _, b := range t.Ballots {
		for _, i := range b.Row.Pick {
			t.Options[i].Count += b.Weight
		}
	}
}

// best is the option with the highest count, ties to the one listed first.
func best(os []OptionResult) int {
	w := 0
	for i, o := range os {
		if o.Count > os[w].Count {
			w = i
		}
	}
	return w
}

func countApproval(t *Tally, p *ProposalRow) bool {
	approvals(t, p)
	t.Winner = best(t.Options)
	n := t.Options[t.Winner].Count
	ok := n*100 > t.ThresholdPct*t.Decisive
	t.note("threshold: %q has the most approvals, %d of %d; %d×100 %s %d×%d: %s",
		t.Options[t.Winner].Name, n, t.Decisive, n, gt(ok), t.ThresholdPct, t.Decisive, passedWord(ok))
	return ok
}

func countScore(t *Tally, p *ProposalRow) bool {
	t.Options = make([]OptionResult, len(p.Options))
	for i, o := range p.Options {
		t.Options[i].Name = o.Name
	}
	for _, b := range t.Ballots {
		for i, sc := range b.Row.Scores {
			t.Options[i].Count += int(sc) * b.Weight
		}
	}
	t.Winner = best(t.Options)
	n := t.Options[t.Winner].Count
	ok := n*100 > t.ThresholdPct*MaxScore*t.Decisive
	t.note("threshold: %q has the highest score, %d of at most %d×%d; %d×100 %s %d×%d×%d: %s",
		t.Options[t.Winner].Name, n, MaxScore, t.Decisive, n, gt(ok), t.ThresholdPct, MaxScore, t.Decisive, passedWord(ok))
	return ok
}

func countRanked(t *Tally, p *ProposalRow) bool {
	in := make([]bool, len(p.Options))
	for i := range in {
		in[i] = true
	}
	var first []int
	for left := len(in); ; left-- {
		counts, active := irvRound(t.Ballots, in)
		t.Rounds = append(t.Rounds, counts)
		if first == nil {
			first = counts
		}
		lead := slices.Index(counts, slices.Max(counts))
		if counts[lead]*2 > active || left == 1 {
			t.Options = make([]OptionResult, len(p.Options))
			for i, o := range p.Options {
				t.Options[i] = OptionResult{Name: o.Name, Count: max(counts[i], 0)}
			}
			t.Winner = lead
			ok := active > 0 && counts[lead]*100 > t.ThresholdPct*active
			t.note("instant-runoff: %d rounds; %q has %d of %d continuing votes; %d×100 %s %d×%d: %s",
				len(t.Rounds), p.Options[lead].Name, counts[lead], active, counts[lead], gt(ok), t.ThresholdPct, active, passedWord(ok))
			return ok
		}
		out := irvLoser(counts, first, in)
		in[out] = false
		t.note("round %d: no majority of %d; %q is eliminated with %d", len(t.Rounds), active, p.Options[out].Name, counts[out])
	}
}

// irvRound counts each ballot for its top option still in; eliminated
// options count -1 (so they never lead); active is the non-exhausted weight.
func irvRound(bs []CountedBallot, in []bool) (counts []int, active int) {
	counts = make([]int, len(in))
	for i := range in {
		if !in[i] {
			counts[i] = -1
		}
	}
	for _, b := range bs {
		for _, o := range b.Row.Pick {
			if in[o] {
				counts[o] += b.Weight
				active += b.Weight
				break
			}
		}
	}
	return counts, active
}

// irvLoser is the option still in with the fewest votes; ties: fewer
// first-round votes, then the one listed later.
func irvLoser(counts, first []int, in []bool) int {
	loser := -1
	for i := range in {
		if !in[i] {
			continue
		}
		if loser < 0 || cmp.Or(cmp.Compare(counts[i], counts[loser]), cmp.Compare(first[i], first[loser])) <= 0 {
			loser = i
		}
	}
	return loser
}

func countBudget(t *Tally, p *ProposalRow) bool {
	approvals(t, p)
	order := make([]int, 0, len(p.Options))
	for i, o := range t.Options {
		if o.Count*100 > t.ThresholdPct*t.Decisive {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(t.Options[b].Count, t.Options[a].Count), cmp.Compare(t.Options[a].Cost, t.Options[b].Cost))
	})
	left := p.Budget
	for _, i := range order {
		o := &t.Options[i]
		if o.Cost <= left {
			o.Funded, left = true, left-o.Cost
			t.Spent += o.Cost
			t.note("budget: %q (%d approvals) funded for %d µ; %d µ left", o.Name, o.Count, o.Cost, left)
		} else {
			t.note("budget: %q (%d approvals) costs %d µ, more than the %d µ left: skipped", o.Name, o.Count, o.Cost, left)
		}
	}
	if len(order) > 0 {
		t.Winner = order[0]
	}
	t.note("budget: %d of %d options had more than %d%% of the %d decisive votes; %d µ of %d µ spent",
		len(order), len(p.Options), t.ThresholdPct, t.Decisive, t.Spent, p.Budget)
	return t.Spent > 0
}

func passedWord(ok bool) string {
	if ok {
		return "passed"
	}
	return "not passed"
}
