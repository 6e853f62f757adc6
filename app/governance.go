package app

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Governance use cases: propose, vote, delegate, and read results with
// their audit. Every entry is validated against the state before it is
// signed (post), so the rules of core speak here in plain words.

// ErrNoGovernance means the charter has no governance section.
var ErrNoGovernance = &UserError{Msg: "this node's charter has no governance section: it cannot vote"}

// ErrNoProposal means no proposal has that id here.
var ErrNoProposal = &UserError{Msg: "there is no such proposal on this node (yet: it may not have synced)"}

// Propose opens a proposal. A second reading (p.First set) references its
// first reading.
func (a *App) Propose(p core.Propose) (*entry.Signed, error) {
	if err := a.needGovernance(); err != nil {
		return nil, err
	}
	if err := a.checkBudget(p); err != nil {
		return nil, err
	}
	return a.post(core.KindPropose, p, func(s *core.State, me ids.PubKey) []ids.Hash {
		r := s.MembershipRefs(me)
		if p.First != nil {
			r = append(r, *p.First)
		}
		return r
	})
}

// Vote casts (or replaces) this member's ballot on proposal id. choice is
// what a person types: "abstain"; "yes" or "no"; option names or numbers
// (from 1) for approval, budget and ranked choice (in order of
// preference); one score 0–5 per option, in the options' order, for score.
func (a *App) Vote(id ids.Hash, choice []string) (*entry.Signed, error) {
	p, err := a.proposal(id)
	if err != nil {
		return nil, err
	}
	b, err := ParseBallot(&p, choice)
	if err != nil {
		return nil, err
	}
	b.Proposal = id
	return a.post(core.KindBallot, b, func(s *core.State, me ids.PubKey) []ids.Hash {
		return append(s.MembershipRefs(me), id)
	})
}

// ParseBallot reads a person's choice for proposal p.
func ParseBallot(p *core.ProposalRow, choice []string) (core.Ballot, error) {
	if len(choice) == 1 && strings.EqualFold(choice[0], "abstain") {
		return core.Ballot{Abstain: true}, nil
	}
	switch p.Method {
	case core.MethodYesNo:
		if len(choice) == 1 && (strings.EqualFold(choice[0], "yes") || strings.EqualFold(choice[0], "no")) {
			return core.Ballot{Pick: []uint32{uint32(btou(strings.EqualFold(choice[0], "no")))}}, nil
		}
		return core.Ballot{}, &UserError{Msg: "vote yes, no or abstain"}
	case core.MethodScore:
		return parseScores(p, choice)
	}
	var pick []uint32
	for _, c := range choice {
		i, err := optionIndex(p, c)
		if err != nil {
			return core.Ballot{}, err
		}
		pick = append(pick, i)
	}
	if p.Method != core.MethodRanked {
		slices.Sort(pick)
	}
	if len(pick) == 0 {
		return core.Ballot{}, &UserError{Msg: "name at least one option (or abstain)"}
	}
	return core.Ballot{Pick: pick}, nil
}

func btou(b bool) int {
	if b {
		return 1
	}
	return 0
}

func optionIndex(p *core.ProposalRow, c string) (uint32, error) {
	for i, o := range p.Options {
		if strings.EqualFold(o.Name, c) {
			return uint32(i), nil
		}
	}
	if n, err := strconv.Atoi(c); err == nil && n >= 1 && n <= len(p.Options) {
		return uint32(n - 1), nil
	}
	return 0, &UserError{Msg: fmt.Sprintf("%q is not one of the options (%s)", c, optionNames(p))}
}

func optionNames(p *core.ProposalRow) string {
	var n []string
	for i, o := range p.Options {
		n = append(n, fmt.Sprintf("%d %s", i+1, o.Name))
	}
	return strings.Join(n, ", ")
}

func parseScores(p *core.ProposalRow, choice []string) (core.Ballot, error) {
	if len(choice) != len(p.Options) {
		return core.Ballot{}, &UserError{Msg: fmt.Sprintf("give one score from 0 to %d for each of the %d options, in order (%s)",
			core.MaxScore, len(p.Options), optionNames(p))}
	}
	var sc []uint32
	for _, c := range choice {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 || n > core.MaxScore {
			return core.Ballot{}, &UserError{Msg: fmt.Sprintf("a score is a whole number from 0 to %d, not %q", core.MaxScore, c)}
		}
		sc = append(sc, uint32(n))
	}
	return core.Ballot{Scores: sc}, nil
}

// Delegate hands this member's vote on topic (a proposal kind or "all") to to.
func (a *App) Delegate(topic string, to ids.PubKey) (*entry.Signed, error) {
	if err := a.needGovernance(); err != nil {
		return nil, err
	}
	return a.post(core.KindDelegate, core.Delegate{Topic: topic, To: to}, membershipRefs)
}

// Undelegate takes this member's vote on topic back.
func (a *App) Undelegate(topic string) (*entry.Signed, error) {
	if err := a.needGovernance(); err != nil {
		return nil, err
	}
	if v, err := a.Delegations(ids.PubKey{}); err == nil && v.Mine[topic].IsZero() {
		return nil, UserT("you do not delegate your vote on {{.Topic}}: there is nothing to take back", map[string]any{"Topic": topic})
	}
	return a.post(core.KindUndelegate, core.Undelegate{Topic: topic}, membershipRefs)
}

// ProposalView is a proposal with its tally as of now and this member's
// ballot, if any.
type ProposalView struct {
	ID       ids.Hash         `json:"id"`
	Proposal core.ProposalRow `json:"proposal"`
	Tally    core.Tally       `json:"tally"`
	Adopted  bool             `json:"adopted"`
	Mine     *core.BallotRow  `json:"my_ballot,omitempty"`
}

// Proposals lists every proposal with its tally as of now, oldest first.
func (a *App) Proposals() ([]ProposalView, error) {
	me, _ := a.Whoami()
	var out []ProposalView
	err := a.govView(func(s *core.State) error {
		for _, id := range s.ProposalIDs() {
			out = append(out, a.viewOf(s, id, me))
		}
		return nil
	})
	return out, err
}

// TallyOf is one proposal's tally as of now, with its full audit.
func (a *App) TallyOf(id ids.Hash) (ProposalView, error) {
	me, _ := a.Whoami()
	var v ProposalView
	err := a.govView(func(s *core.State) error {
		if _, ok := s.Proposal(id); !ok {
			return ErrNoProposal
		}
		v = a.viewOf(s, id, me)
		return nil
	})
	return v, err
}

func (a *App) viewOf(s *core.State, id ids.Hash, me ids.PubKey) ProposalView {
	p, _ := s.Proposal(id)
	t, _ := s.Tally(id, a.now())
	v := ProposalView{ID: id, Proposal: p, Tally: t, Adopted: t.Adopted(&p)}
	if _, b, ok := s.MyBallot(me, id); ok && !me.IsZero() {
		v.Mine = &b
	}
	return v
}

// DelegationView is a member's delegations and the weight they carry.
type DelegationView struct {
	Member  ids.PubKey            `json:"member"`
	Mine    map[string]ids.PubKey `json:"delegates"` // topic → the delegate now
	Carried []core.Carried        `json:"carried"`   // per topic ("all" and each proposal kind)
	History []core.DelegationRow  `json:"history"`   // delegate (to set) and revoke (to zero) entries
	Topics  []string              `json:"topics"`
	Votes   bool                  `json:"votes"`            // a member in good standing now: has a vote
	Cycles  []string              `json:"cycles,omitempty"` // topics where the member's delegation goes round in a circle
}

// Delegations shows member's delegates per topic, who delegates to them and
// the weight they would carry on each topic now. A zero member means this
// device's identity.
func (a *App) Delegations(member ids.PubKey) (DelegationView, error) {
	if member.IsZero() {
		me, err := a.Whoami()
		if err != nil {
			return DelegationView{}, err
		}
		member = me
	}
	v := DelegationView{Member: member, Mine: map[string]ids.PubKey{}, Topics: DelegationTopics()}
	err := a.govView(func(s *core.State) error {
		now := a.now()
		v.Votes = s.MembersAt(now)[member]
		for _, topic := range v.Topics {
			if to, ok := s.Delegations(topic, now)[member]; ok {
				v.Mine[topic] = to
				if s.DelegationPathOf(member, topic, now).Why == "cycle" {
					v.Cycles = append(v.Cycles, topic)
				}
			}
			v.Carried = append(v.Carried, s.DelegatedWeight(member, topic, now))
		}
		v.History = s.DelegationsOf(member)
		return nil
	})
	return v, err
}

// DelegationTopics lists the topics one can delegate: "all", then each proposal kind.
func DelegationTopics() []string { return append([]string{core.TopicAll}, charter.ProposalKinds...) }

func (a *App) proposal(id ids.Hash) (core.ProposalRow, error) {
	var p core.ProposalRow
	err := a.govView(func(s *core.State) error {
		var ok bool
		if p, ok = s.Proposal(id); !ok {
			return ErrNoProposal
		}
		return nil
	})
	return p, err
}

func (a *App) needGovernance() error { return a.govView(func(*core.State) error { return nil }) }

// govView runs fn on the state of a node whose charter has a governance section.
func (a *App) govView(fn func(s *core.State) error) error {
	st, err := a.node()
	if err != nil {
		return err
	}
	err = ErrNoGovernance
	st.View(func(s *core.State) {
		if s.Charter() != nil && s.Charter().Governance != nil {
			err = fn(s)
		}
	})
	var u *UserError
	if err != nil && !errors.As(err, &u) {
		return Userf(err, "%v", err)
	}
	return err
}
