package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Governance decisions: a member opens a proposal (`propose`); members vote
// with ballots in their own chains (`ballot`), each referencing the
// proposal; members may hand their vote on a topic to another member
// (`delegate`, `undelegate`, see gov_delegate.go). Nothing is decided by an
// entry: the result is the tally (gov_tally.go), a pure function of the
// proposal and the ballots and delegations dated no later than its close,
// which every replica computes the same way.
//
// Validation reads only the causal past: a ballot's validity needs the
// proposal it references (the window, the method, the options) and the
// voter's own admission; a second reading needs the first reading it
// references. Whether the first reading PASSED depends on ballots that are
// not in the second reading's past, so it is checked by the tally of the
// second reading (an amendment is adopted only if both readings pass).

// Voting methods.
const (
	MethodYesNo    = "yesno"    // yes / no / abstain
	MethodApproval = "approval" // approve any number of options; most approvals wins
	MethodRanked   = "ranked"   // instant-runoff voting over a ranking
	MethodScore    = "score"    // 0..MaxScore per option; highest total wins
	MethodBudget   = "budget"   // participatory budgeting: approvals, funded greedily within the budget
)

// Kind names and limits.
const (
	KindPropose    = "propose"
	KindBallot     = "ballot"
	MaxTitleLen    = 120
	MaxTextLen     = 4096
	MaxOptions     = 32
	MaxOptionLen   = 80
	MaxChanges     = 16
	MaxChangeValue = 1024
	MaxScore       = 5
)

// Propose opens a proposal; its window opens at the entry's time and lasts
// the charter's window for its kind.
type Propose struct {
	Kind    string    `cbor:"1,keyasint"` // a charter proposal kind (charter.ProposalKinds)
	Title   string    `cbor:"2,keyasint"`
	Text    string    `cbor:"3,keyasint,omitempty"`
	Method  string    `cbor:"4,keyasint"`
	Options []Option  `cbor:"5,keyasint,omitempty"`  // none for yes/no
	Budget  int64     `cbor:"6,keyasint,omitempty"`  // µ, for participatory budgeting
	Changes []Change  `cbor:"7,keyasint,omitempty"`  // an amendment: the charter fields it changes
	First   *ids.Hash `cbor:"8,keyasint,omitempty"`  // a second reading: the first reading (also in refs)
	Office  string    `cbor:"9,keyasint,omitempty"`  // an election to an elected office: the office
	Term    uint32    `cbor:"10,keyasint,omitempty"` // and its term
	// Emergency: an emergency proposal's terms (emergency_gov.go).
	Emergency *EmergencyTerms `cbor:"16,keyasint,omitempty"`
}

// Option is one choice; Cost (µ) only in participatory budgeting.
type Option struct {
	Name   string      `cbor:"1,keyasint" json:"name"`
	Cost   int64       `cbor:"2,keyasint,omitempty" json:"cost,omitempty"`
	Member *ids.PubKey `cbor:"3,keyasint,omitempty" json:"member,omitempty"` // an office election's candidate
}

// Change is one charter field an amendment sets: a charter path and the new
// value as JSON text.
type Change struct {
	Path  string `cbor:"1,keyasint" json:"path"`
	Value string `cbor:"2,keyasint" json:"value"`
}

// Ballot is a vote on the proposal it references. Yes/no: Pick = [0] (yes)
// or [1] (no); approval and budget: the approved options, ascending;
// ranked: options from most to least preferred; score: Scores, one per
// option. Abstain counts towards the quorum and nothing else.
type Ballot struct {
	Proposal ids.Hash `cbor:"1,keyasint"`
	Abstain  bool     `cbor:"2,keyasint,omitempty"`
	Pick     []uint32 `cbor:"3,keyasint,omitempty"`
	Scores   []uint32 `cbor:"4,keyasint,omitempty"`
}

// ProposalRow (key: proposal id) is an open or closed proposal.
type ProposalRow struct {
	Author  ids.PubKey `cbor:"1,keyasint" json:"author"`
	Kind    string     `cbor:"2,keyasint" json:"kind"`
	Title   string     `cbor:"3,keyasint" json:"title"`
	Text    string     `cbor:"4,keyasint,omitempty" json:"text,omitempty"`
	Method  string     `cbor:"5,keyasint" json:"method"`
	Options []Option   `cbor:"6,keyasint,omitempty" json:"options,omitempty"`
	Budget  int64      `cbor:"7,keyasint,omitempty" json:"budget,omitempty"`
	Changes []Change   `cbor:"8,keyasint,omitempty" json:"changes,omitempty"`
	First   ids.Hash   `cbor:"9,keyasint" json:"first"` // zero unless a second reading
	Opens   int64      `cbor:"10,keyasint" json:"opens"`
	Closes  int64      `cbor:"11,keyasint" json:"closes"` // ballots dated after this are invalid
	Office  string     `cbor:"12,keyasint,omitempty" json:"office,omitempty"`
	Term    uint32     `cbor:"13,keyasint,omitempty" json:"term,omitempty"`
	// Emergency: an emergency proposal's terms (emergency_gov.go).
	Emergency *EmergencyTerms `cbor:"16,keyasint,omitempty" json:"emergency,omitempty"`
}

// BallotRow (key: ballot id) is one ballot; the latest of a voter's ballots
// on a proposal (chain order: the highest seq, ties to the smaller id)
// is the one that counts.
type BallotRow struct {
	Proposal ids.Hash   `cbor:"1,keyasint" json:"proposal"`
	Voter    ids.PubKey `cbor:"2,keyasint" json:"voter"`
	Seq      uint64     `cbor:"3,keyasint" json:"seq"`
	Time     int64      `cbor:"4,keyasint" json:"time"`
	Abstain  bool       `cbor:"5,keyasint,omitempty" json:"abstain,omitempty"`
	Pick     []uint32   `cbor:"6,keyasint,omitempty" json:"pick,omitempty"`
	Scores   []uint32   `cbor:"7,keyasint,omitempty" json:"scores,omitempty"`
}

// govState holds the governance tables.
type govState struct {
	proposals   *table[ProposalRow]
	ballots     *table[BallotRow]
	delegations *table[DelegationRow]
	offices     *table[OfficeRow] // volunteer, reveal and take entries (gov_office.go)
}

func (s *State) initGov() {
	s.gov = govState{
		proposals:   newTable[ProposalRow](s, "proposal"),
		ballots:     newTable[BallotRow](s, "ballot"),
		delegations: newTable[DelegationRow](s, "delegation"),
		offices:     newTable[OfficeRow](s, "office"),
	}
}

// ProposeKind and BallotKind define the decision kinds.
func ProposeKind() Kind { return Define(KindPropose, validateProposal, applyProposal) }

// BallotKind: see ProposeKind.
func BallotKind() Kind { return Define(KindBallot, validateBallot, applyBallot) }

func (s *State) governance() *charter.Governance {
	if s.charter == nil {
		return nil
	}
	return s.charter.Governance
}

var errNoGovernance = errors.New("this node's charter has no governance section")

func validateProposal(s *State, c *Context, p *Propose) error {
	g := s.governance()
	if g == nil {
		return errNoGovernance
	}
	if !s.memberAt(c) {
		return errNotMember(c.E.Author)
	}
	if _, ok := g.RuleFor(p.Kind); !ok {
		return fmt.Errorf("the charter has no rule for %q proposals", p.Kind)
	}
	if len(p.Title) == 0 || len(p.Title) > MaxTitleLen || len(p.Text) > MaxTextLen {
		return fmt.Errorf("a title is 1 to %d bytes and a text at most %d", MaxTitleLen, MaxTextLen)
	}
	if err := checkMethod(p); err != nil {
		return err
	}
	if err := s.checkElection(c, p); err != nil {
		return err
	}
	if err := s.checkEmergencyTerms(c, p); err != nil {
		return err
	}
	return s.checkAmendment(g, c, p)
}

// checkMethod checks the method against the kind and the options.
func checkMethod(p *Propose) error {
	switch {
	case (p.Kind == charter.ProposalBudget) != (p.Method == MethodBudget):
		return errors.New("budget proposals, and only they, use the budget method")
	case p.Kind == charter.ProposalAmendment && p.Method != MethodYesNo:
		return errors.New("an amendment is voted yes or no")
	case p.Method == MethodBudget && (p.Budget <= 0 || p.Budget > 1<<60):
		return errors.New("a budget proposal names a positive budget")
	case p.Method != MethodBudget && p.Budget != 0:
		return errors.New("only budget proposals have a budget")
	}
	switch p.Method {
	case MethodYesNo:
		if len(p.Options) != 0 {
			return errors.New("a yes/no proposal has no options")
		}
		return nil
	case MethodApproval, MethodRanked, MethodScore:
		return checkOptions(p.Options, 2-btoi(p.Office != ""), false) // an office may have one candidate
	case MethodBudget:
		return checkOptions(p.Options, 1, true)
	}
	return fmt.Errorf("unknown method %q (yesno, approval, ranked, score, budget)", p.Method)
}

func checkOptions(os []Option, least int, costs bool) error {
	if len(os) < least || len(os) > MaxOptions {
		return fmt.Errorf("%d to %d options, got %d", least, MaxOptions, len(os))
	}
	seen := map[string]bool{}
	for _, o := range os {
		switch {
		case o.Name == "" || len(o.Name) > MaxOptionLen || seen[o.Name]:
			return fmt.Errorf("option names are 1 to %d bytes and distinct (%q)", MaxOptionLen, o.Name)
		case costs && (o.Cost <= 0 || o.Cost > 1<<60):
			return fmt.Errorf("option %q needs a positive cost", o.Name)
		case !costs && o.Cost != 0:
			return fmt.Errorf("option %q: only budget options have a cost", o.Name)
		case o.Member != nil && costs:
			return fmt.Errorf("option %q: budget options are not candidates", o.Name)
		}
		seen[o.Name] = true
	}
	return nil
}

// checkAmendment: an amendment names the charter fields it changes and
// touches no entrenched clause; a second reading repeats its first reading
// exactly and is dated at least the charter's gap after the first closed.
func (s *State) checkAmendment(g *charter.Governance, c *Context, p *Propose) error {
	if p.Kind != charter.ProposalAmendment {
		if len(p.Changes) > 0 || p.First != nil {
			return errors.New("only amendments change the charter")
		}
		return nil
	}
	if err := checkChanges(g, p.Changes); err != nil {
		return err
	}
	if _, err := applyChanges(s.charter, p.Changes); err != nil {
		return fmt.Errorf("the amendment does not fit the charter: %v", err)
	}
	if p.First == nil {
		return nil
	}
	first, ok := s.gov.proposals.get(string(p.First[:]))
	switch {
	case !ok || !slices.Contains(c.E.Refs, *p.First):
		return errors.New("a second reading must reference its first reading")
	case first.Kind != charter.ProposalAmendment || !first.First.IsZero():
		return errors.New("the first reading must be an amendment's first reading")
	case !slices.Equal(first.Changes, p.Changes):
		return errors.New("a second reading must make exactly the first reading's changes")
	case c.E.Time < first.Closes+g.ReadingGapMillis():
		return fmt.Errorf("a second reading comes at least %d days after the first closed", g.Amendment.ReadingGapDays)
	}
	return nil
}

func checkChanges(g *charter.Governance, cs []Change) error {
	if len(cs) == 0 || len(cs) > MaxChanges {
		return fmt.Errorf("an amendment changes 1 to %d charter fields", MaxChanges)
	}
	seen := map[string]bool{}
	for _, ch := range cs {
		if err := charter.CheckPath(ch.Path); err != nil {
			return err
		}
		if e, bad := g.EntrenchedBy(ch.Path); bad {
			return fmt.Errorf("%s is entrenched (%s): no vote can amend it", ch.Path, e)
		}
		if seen[ch.Path] || len(ch.Value) > MaxChangeValue {
			return fmt.Errorf("each path once, each value at most %d bytes", MaxChangeValue)
		}
		seen[ch.Path] = true
	}
	return nil
}

func applyProposal(s *State, c *Context, p *Propose) {
	rule, _ := s.governance().RuleFor(p.Kind)
	row := ProposalRow{Author: c.E.Author, Kind: p.Kind, Title: p.Title, Text: p.Text, Method: p.Method,
		Options: p.Options, Budget: p.Budget, Changes: p.Changes, Opens: c.E.Time,
		Closes: c.E.Time + int64(rule.WindowHours)*3600*1000, Office: p.Office, Term: p.Term, Emergency: p.Emergency}
	if p.First != nil {
		row.First = *p.First
	}
	s.gov.proposals.put(string(c.E.ID[:]), row)
	s.applyEmergencyProposal(c, p)
}

func validateBallot(s *State, c *Context, b *Ballot) error {
	p, ok := s.gov.proposals.get(string(b.Proposal[:]))
	switch {
	case !ok || !slices.Contains(c.E.Refs, b.Proposal):
		return errors.New("a ballot must reference the valid proposal it votes on")
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	case c.E.Time > p.Closes:
		return errors.New("the vote on this proposal has closed")
	case c.E.Time < p.Opens:
		return errors.New("a ballot cannot be dated before its proposal opened")
	}
	return checkChoice(&p, b)
}

// checkChoice checks a ballot's choice against the proposal's method.
func checkChoice(p *ProposalRow, b *Ballot) error {
	if b.Abstain {
		if len(b.Pick) > 0 || len(b.Scores) > 0 {
			return errors.New("an abstention chooses nothing")
		}
		return nil
	}
	n := uint32(len(p.Options))
	if p.Method == MethodYesNo {
		n = 2
	}
	if p.Method == MethodScore {
		if len(b.Pick) > 0 || len(b.Scores) != int(n) || slices.Max(b.Scores) > MaxScore {
			return fmt.Errorf("a score ballot gives each of the %d options 0 to %d", n, MaxScore)
		}
		return nil
	}
	if len(b.Scores) > 0 || len(b.Pick) == 0 || slices.Max(b.Pick) >= n || hasDupPick(b.Pick) {
		return fmt.Errorf("a ballot picks distinct options among the %d", n)
	}
	switch {
	case p.Method == MethodYesNo && len(b.Pick) != 1:
		return errors.New("a yes/no ballot picks yes (0) or no (1)")
	case (p.Method == MethodApproval || p.Method == MethodBudget) && !slices.IsSorted(b.Pick):
		return errors.New("approvals are listed in ascending order")
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func hasDupPick(p []uint32) bool {
	seen := map[uint32]bool{}
	for _, v := range p {
		if seen[v] {
			return true
		}
		seen[v] = true
	}
	return false
}

func applyBallot(s *State, c *Context, b *Ballot) {
	s.gov.ballots.put(string(c.E.ID[:]), BallotRow{Proposal: b.Proposal, Voter: c.E.Author, Seq: c.E.Seq,
		Time: c.E.Time, Abstain: b.Abstain, Pick: b.Pick, Scores: b.Scores})
}
