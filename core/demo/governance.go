package demo

import (
	"crypto/ed25519"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
	"dac/core/money"
)

// DemoGovernance is the sample charter's governance: amendments need half
// the members to take part and more than two thirds of the decisive votes,
// in two readings a week apart; ordinary policy needs a fifth and a simple
// majority. The entrenched clauses are the non-inflation rule of the
// currency (dividend and demurrage tiers fix the steady state D/d), the
// rights floors of housing and of rations (water and food), and the
// amendment procedure and the entrenched list themselves. Three offices are
// for 10-day terms, at most two in a row: audit (oversight, two seats, by
// sortition), trade (executive, one seat, elected) and registrar
// (executive, one seat, by sortition, with the power to admit members from
// its first term on); oversight and executive are separated.
func DemoGovernance() *charter.Governance {
	return &charter.Governance{
		Rules: []charter.ProposalRule{
			{Kind: charter.ProposalAmendment, QuorumPct: 50, ThresholdPct: 66, WindowHours: 7 * 24},
			{Kind: charter.ProposalBudget, QuorumPct: 20, ThresholdPct: 0, WindowHours: 7 * 24},
			{Kind: charter.ProposalPolicy, QuorumPct: 20, ThresholdPct: 50, WindowHours: 3 * 24},
			{Kind: charter.ProposalElection, QuorumPct: 30, ThresholdPct: 50, WindowHours: 7 * 24},
			{Kind: charter.ProposalEmergency, QuorumPct: 30, ThresholdPct: 60, WindowHours: 24},
			{Kind: charter.ProposalSanction, QuorumPct: 20, ThresholdPct: 60, WindowHours: 3 * 24},
		},
		Amendment: charter.Amendment{ReadingGapDays: 7},
		Entrenched: []string{"governance.entrenched", "governance.amendment", "money.dividend", "money.tiers",
			"rations.basket.*.floor"},
		Offices: []charter.Office{
			{Name: "audit", Branch: "oversight", Seats: 2, TermDays: 10, MaxTerms: 2, CooldownTerms: 1},
			{Name: "trade", Branch: "executive", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1, Elected: true},
			{Name: "registrar", Branch: "executive", Seats: 1, TermDays: 10, MaxTerms: 2, CooldownTerms: 1,
				Powers: []string{charter.PowerAdmit}},
		},
	}
}

// govern runs the node's decisions, one step a day from the first day the
// node has 13 members (in demos of 10 days or more): delegations, including
// a chain of three, a topic delegation and a cycle, with an amendment's
// first reading; a policy that passes, one that fails, an emergency vote below quorum; a
// ranked-choice election; a participatory budget; the amendment's second
// reading once the charter's gap has passed; and, on the last day, a
// proposal still open at the demo's end.
func (w *World) govern(cfg Config, d int) error {
	active := w.activeKeys()
	if w.Charter.Governance == nil || cfg.Days < 10 || len(active) < 13 {
		return nil
	}
	if err := w.sortition(d, active); err != nil {
		return err
	}
	if err := w.catchUp(active); err != nil {
		return err
	}
	w.gov.step++
	switch w.gov.step {
	case 1:
		return w.firstGovDay(active)
	case 2:
		return w.decide(active, policyDemo("Quiet hours from 22:00 in the courtyards"), 75, 60)
	case 3:
		return w.decide(active, policyDemo("Paint the water tower pink"), 20, 60)
	case 4:
		return w.decide(active, core.Propose{Kind: charter.ProposalEmergency, Title: "Declare a water emergency",
			Method: core.MethodYesNo, Emergency: &core.EmergencyTerms{Hours: 48}}, 50, 3)
	case 5:
		return w.decide(active, w.tradeElection(active), 0, 60)
	case 6:
		if ok, err := w.springWorks(active); ok || err != nil {
			return err
		}
	}
	if first, ok := w.State.Proposal(w.gov.amend); ok && !w.gov.second && w.clock >= first.Closes+w.Charter.Governance.ReadingGapMillis() {
		w.gov.second = true
		second := amendDemo()
		second.First = &w.gov.amend
		return w.decide(active, second, 90, 70, w.gov.amend)
	}
	if d == cfg.Days-1 {
		return w.decide(active, policyDemo("Open the tool library on Sundays"), 70, 30)
	}
	return nil
}

// tradeElection is a ranked-choice election to the trade office for the
// first term that starts after it closes, among three members of the
// second half (the first half volunteers for audit: separated powers).
func (w *World) tradeElection(active []ed25519.PrivateKey) core.Propose {
	o, _ := w.Charter.Governance.OfficeNamed("trade")
	rule, _ := w.Charter.Governance.RuleFor(charter.ProposalElection)
	term := w.State.TermAt(o, w.clock+int64(rule.WindowHours)*3600*1000+60_000) + 1
	p := core.Propose{Kind: charter.ProposalElection, Title: "Trade office for the coming term", Method: core.MethodRanked,
		Office: o.Name, Term: term}
	for i, name := range []string{"Ana", "Bo", "Chen"} {
		k := Pub(active[len(active)/2+i])
		p.Options = append(p.Options, core.Option{Name: name, Member: &k})
	}
	return p
}

func policyDemo(title string) core.Propose {
	return core.Propose{Kind: charter.ProposalPolicy, Title: title, Method: core.MethodYesNo}
}

func amendDemo() core.Propose {
	return core.Propose{Kind: charter.ProposalAmendment, Title: "Raise the offline spending cap to 2,500 units",
		Method: core.MethodYesNo, Changes: []core.Change{{Path: "money.offline_cap", Value: "2500000000"}}}
}

// firstGovDay sets up delegations (5 → 6 → 7 on everything, 8 → 7 on
// policy, 9 → 10 on budgets, 11 ⇄ 12 on elections: a cycle) and opens the
// amendment's first reading.
func (w *World) firstGovDay(active []ed25519.PrivateKey) error {
	for _, dl := range []struct {
		from, to int
		topic    string
	}{{5, 6, core.TopicAll}, {6, 7, core.TopicAll}, {8, 7, charter.ProposalPolicy}, {9, 10, charter.ProposalBudget},
		{11, 12, charter.ProposalElection}, {12, 11, charter.ProposalElection}} {
		k := active[dl.from]
		if _, err := w.Post(k, core.KindDelegate, core.Delegate{Topic: dl.topic, To: Pub(active[dl.to])}, w.State.MembershipRefs(Pub(k))); err != nil {
			return err
		}
	}
	w.gov.delegators, w.gov.override = map[ids.PubKey]bool{}, Pub(active[6])
	for _, i := range []int{5, 6, 8, 9, 11, 12} {
		w.gov.delegators[Pub(active[i])] = true
	}
	return w.decide(active, amendDemo(), 85, 70)
}

// decide opens p by the first active member and has about turnout % of
// the others who do not delegate vote (a delegator only as an override, see
// below), yes (or the approved options)
// with about yesPct % chance; for the amendment's first reading it keeps
// the proposal for the second.
func (w *World) decide(active []ed25519.PrivateKey, p core.Propose, yesPct, turnout int, refs ...ids.Hash) error {
	k := active[0]
	prop, err := w.Post(k, core.KindPropose, p, append(w.State.MembershipRefs(Pub(k)), refs...))
	if err != nil {
		return err
	}
	if p.Kind == charter.ProposalAmendment && p.First == nil {
		w.gov.amend = prop.ID
	}
	w.gov.open = append(w.gov.open, demoVote{prop.ID, p, yesPct, turnout})
	return w.vote(active, w.gov.open[len(w.gov.open)-1])
}

// demoVote is a proposal the demo votes on while it is open.
type demoVote struct {
	id              ids.Hash
	p               core.Propose
	yesPct, turnout int
}

// catchUp lets members who joined since a proposal opened vote on it.
func (w *World) catchUp(active []ed25519.PrivateKey) error {
	for _, dv := range w.gov.open {
		if row, _ := w.State.Proposal(dv.id); row.Closes > w.clock+3600_000 {
			if err := w.vote(active, dv); err != nil {
				return err
			}
		}
	}
	return nil
}

// vote has about turnout % of the active members who have not voted on dv
// yet vote.
func (w *World) vote(active []ed25519.PrivateKey, dv demoVote) error {
	p, yesPct, turnout := &dv.p, dv.yesPct, dv.turnout
	for _, v := range active {
		if _, _, voted := w.State.MyBallot(Pub(v), dv.id); voted {
			continue
		}
		// Now and then member 6 of the chain 5 → 6 → 7 votes directly,
		// overriding their delegate (and carrying 5's vote).
		delegates := w.gov.delegators[Pub(v)] && (Pub(v) != w.gov.override || w.rng.IntN(3) != 0)
		if delegates || w.rng.IntN(100) >= turnout {
			continue
		}
		b := w.demoBallot(p, yesPct)
		b.Proposal = dv.id
		if _, err := w.Post(v, core.KindBallot, b, append(w.State.MembershipRefs(Pub(v)), dv.id)); err != nil {
			return err
		}
	}
	return nil
}

// demoBallot: yes/no by yesPct; a ranking that favours Bo then Chen; a
// random non-empty set of approvals favouring the first options.
func (w *World) demoBallot(p *core.Propose, yesPct int) core.Ballot {
	switch p.Method {
	case core.MethodYesNo:
		if w.rng.IntN(100) < yesPct {
			return core.Ballot{Pick: []uint32{0}}
		}
		return core.Ballot{Pick: []uint32{1}}
	case core.MethodRanked:
		ranks := [][]uint32{{1, 2, 0}, {0, 2, 1}, {2, 1}, {1}, {0, 1}}
		return core.Ballot{Pick: ranks[w.rng.IntN(len(ranks))]}
	}
	var pick []uint32
	for i := range p.Options {
		if w.rng.IntN(100) < 70-12*i {
			pick = append(pick, uint32(i))
		}
	}
	if len(pick) == 0 {
		pick = []uint32{uint32(len(p.Options) - 1)}
	}
	return core.Ballot{Pick: pick}
}

// govDemo is what the governance calendar remembers between days.
type govDemo struct {
	step       int      // governance days so far
	amend      ids.Hash // the amendment's first reading
	second     bool     // its second reading is open
	budget     ids.Hash // the participatory budget, once proposed
	delegators map[ids.PubKey]bool
	override   ids.PubKey // a delegator who sometimes votes directly
	open       []demoVote // proposals voted on while open
}

// The participatory budget: the treasury keeps budgetReserve from paid
// work until it is proposed (payWork), and it promises no more than the
// treasury holds less what earlier budgets are owed, as a member's device
// would allow; the costs are shares of it. If the treasury holds less
// than the reserve, the budget waits for a day when it does.
const budgetReserve = 200 * money.Unit

func (w *World) springWorks(active []ed25519.PrivateKey) (bool, error) {
	room := w.treasuryRoom()
	if room < budgetReserve {
		w.gov.step-- // again tomorrow
		return false, nil
	}
	b := min(room, 1_000*money.Unit) / money.Unit * money.Unit
	share := func(pct int64) int64 { return b * pct / 100 / money.Unit * money.Unit }
	p := core.Propose{Kind: charter.ProposalBudget, Title: "Spring works", Method: core.MethodBudget, Budget: b,
		Options: []core.Option{{Name: "Well pump", Cost: share(60)}, {Name: "Benches", Cost: share(25)},
			{Name: "Kiln", Cost: share(40)}, {Name: "Library shelves", Cost: share(15)}}}
	if err := w.decide(active, p, 0, 50); err != nil {
		return false, err
	}
	w.gov.budget = w.gov.open[len(w.gov.open)-1].id
	return true, nil
}

// treasuryRoom is the treasury's balance today less what funded budget
// items are owed.
func (w *World) treasuryRoom() int64 {
	_, row, ok := w.State.TreasuryTip()
	if !ok {
		return 0
	}
	return w.State.TreasuryBalanceAt(row, w.State.Period(w.clock)) - w.owed()
}

func (w *World) owed() int64 {
	var owed int64
	for _, l := range w.State.BudgetItems(w.clock) {
		owed += l.Left()
	}
	return owed
}

// payBudget pays the funded budget items, each to the member who
// proposed the budget (who carries the works out), as far as the
// treasury holds.
func (w *World) payBudget() error {
	for _, l := range w.State.BudgetItems(w.clock) {
		_, row, ok := w.State.TreasuryTip()
		if l.Left() == 0 || !ok {
			continue
		}
		amount := min(l.Left(), w.State.TreasuryBalanceAt(row, w.State.Period(w.clock)))
		prop, _ := w.State.Proposal(l.Item.Proposal)
		if amount <= 0 {
			return nil
		}
		item := l.Item
		p := core.TreasuryPropose{Pay: &core.TreasuryPay{To: prop.Author, Amount: amount, Memo: "budget: " + l.Name}, Item: &item}
		if err := w.treasuryAct(p, []ids.Hash{item.Proposal}); err != nil {
			return err
		}
	}
	return nil
}
