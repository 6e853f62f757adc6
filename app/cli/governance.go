package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

func (c *cli) proposeCmd() *cobra.Command {
	var p core.Propose
	var options, changes, cands []string
	var budget, first string
	cmd := &cobra.Command{
		Use:   "propose --kind KIND --title TITLE [--method METHOD] [--option NAME[=COST]]... [--change PATH=VALUE]...",
		Short: "Open a proposal for the members to vote on",
		Long: `Open a proposal. Its kind (amendment, budget, policy, election, emergency,
sanction) sets its quorum, threshold and voting window in the charter; the
window opens now. Methods: yesno (yes/no/abstain), approval, ranked (instant-
runoff), score (0-5 per option), budget (participatory budgeting: options with
costs, funded by most approvals within --budget).

A charter amendment names the charter fields it changes (--change path=value,
value in JSON); it is refused if it touches an entrenched clause. It needs two
readings: the second (--second-reading-of FIRST_ID, the same changes) may be
opened only the charter's gap after the first closed, and the amendment is
adopted only if both pass.`,
		Example: `  dac propose --kind policy --title "Quiet hours from 22:00"
  dac propose --kind election --title "Registrar 2027" --method ranked --option ana --option bo --option chen
  dac propose --kind budget --title "Spring works" --budget 900 --option "well pump=600" --option "benches=250"
  dac propose --kind amendment --title "Higher cap" --change money.cap=70000000000
  dac propose --kind election --title "Registrar, term 3" --method ranked --office registrar --term 3 \
      --candidate 3f2a…e9=Ana --candidate 8c1d…04=Bo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := fillProposal(&p, options, changes, budget, first); err != nil {
				return err
			}
			if err := fillCandidates(&p, cands); err != nil {
				return err
			}
			return c.withApp(cmd, func(a *app.App) error {
				if first != "" {
					id, err := findProposal(a, first)
					if err != nil {
						return err
					}
					p.First = &id
				}
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.Propose(p)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"id": e.ID, "kind": p.Kind, "method": p.Method})
				}
				c.printf("Proposed %s (%s, %s). Vote with 'dac vote %s …'.\n", e.ID, p.Kind, p.Method, e.ID.Short())
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.Kind, "kind", "", "amendment, budget, policy, election, emergency or sanction")
	f.StringVar(&p.Title, "title", "", "what is decided, in a line")
	f.StringVar(&p.Text, "text", "", "the full text")
	f.StringVar(&p.Method, "method", "", "yesno, approval, ranked, score or budget (default: yesno; budget for budget proposals)")
	f.StringArrayVar(&options, "option", nil, "an option (repeat); NAME=COST in units for budget options")
	f.StringVar(&budget, "budget", "", "the budget to share, in units (budget proposals)")
	f.StringArrayVar(&changes, "change", nil, "a charter field an amendment sets, PATH=JSON (repeat)")
	f.StringVar(&first, "second-reading-of", "", "the first reading this amendment's second reading follows")
	f.StringVar(&p.Office, "office", "", "an election to an elected office: the office")
	f.Uint32Var(&p.Term, "term", 0, "an election to an elected office: the term")
	f.StringArrayVar(&cands, "candidate", nil, "an office election's candidate, KEY or KEY=NAME (repeat)")
	_ = cmd.MarkFlagRequired("kind")
	_ = cmd.MarkFlagRequired("title")
	c.addJSON(cmd)
	return cmd
}

// fillCandidates adds an office election's candidates as options.
func fillCandidates(p *core.Propose, cands []string) error {
	for _, c := range cands {
		key, name, _ := strings.Cut(c, "=")
		k, err := ids.ParsePubKey(key)
		if err != nil {
			return app.Userf(err, "candidate %q: %v", key, err)
		}
		if name == "" {
			name = k.Short()
		}
		p.Options = append(p.Options, core.Option{Name: name, Member: &k})
	}
	return nil
}

// fillProposal reads the flags that need parsing into p.
func fillProposal(p *core.Propose, options, changes []string, budget, first string) error {
	if p.Method == "" {
		p.Method = core.MethodYesNo
		if p.Kind == "budget" {
			p.Method = core.MethodBudget
		}
	}
	for _, o := range options {
		name, cost, hasCost := strings.Cut(o, "=")
		opt := core.Option{Name: strings.TrimSpace(name)}
		if hasCost {
			µ, err := parseUnits(cost)
			if err != nil {
				return app.Userf(err, "option %q: %v", name, err)
			}
			opt.Cost = µ
		}
		p.Options = append(p.Options, opt)
	}
	for _, ch := range changes {
		path, val, ok := strings.Cut(ch, "=")
		if !ok {
			return &app.UserError{Msg: fmt.Sprintf("a change is PATH=VALUE, like money.cap=70000000000, not %q", ch)}
		}
		p.Changes = append(p.Changes, core.Change{Path: path, Value: val})
	}
	if budget != "" {
		µ, err := parseUnits(budget)
		if err != nil {
			return app.Userf(err, "budget: %v", err)
		}
		p.Budget = µ
	}
	if p.Kind == charter.ProposalEmergency && p.Emergency == nil {
		return &app.UserError{Msg: "an emergency vote carries the emergency's terms: open it with 'dac emergency declare --vote …'"}
	}
	return nil
}

func (c *cli) voteCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vote PROPOSAL_ID CHOICE...",
		Short: "Vote on a proposal (a later vote replaces yours), list proposals, audit a result",
		Long: `Vote on an open proposal. Your ballot is an entry in your own chain; a later
ballot replaces your earlier one until the window closes. Voting yourself
always overrides your delegate.

CHOICE is: abstain; yes or no (yesno); the options you approve (approval,
budget); the options in your order of preference (ranked); one score from 0
to 5 per option, in the options' order (score). Options are named or numbered
from 1 ('dac vote list' shows them). A proposal id may be shortened to its
first characters.`,
		Example: `  dac vote 3fa2c1 yes
  dac vote 3fa2c1 chen ana          # ranked: chen first, then ana
  dac vote 3fa2c1 5 0 3             # score
  dac vote list
  dac vote audit 3fa2c1`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				id, err := findProposal(a, args[0])
				if err != nil {
					return err
				}
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.Vote(id, args[1:])
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"ballot": e.ID, "proposal": id})
				}
				c.printf("Voted on %s (ballot %s).\n", id.Short(), e.ID.Short())
				return nil
			})
		},
	}
	c.addJSON(cmd)
	cmd.AddCommand(c.voteListCmd(), c.voteAuditCmd())
	return cmd
}

// findMember resolves a member's full or shortened key (at least 4 hex
// digits, as the commands print them).
func findMember(a *app.App, s string) (ids.PubKey, error) {
	if k, err := ids.ParsePubKey(s); err == nil {
		return k, nil
	}
	ms, err := a.Members()
	if err != nil {
		return ids.PubKey{}, err
	}
	var found []ids.PubKey
	for _, m := range ms {
		if len(s) >= 4 && strings.HasPrefix(m.Key.String(), strings.ToLower(s)) {
			found = append(found, m.Key)
		}
	}
	switch {
	case len(found) == 0:
		return ids.PubKey{}, &app.UserError{Msg: fmt.Sprintf("no member's key starts with %q ('dac members' lists them)", s)}
	case len(found) > 1:
		return ids.PubKey{}, &app.UserError{Msg: fmt.Sprintf("%d members' keys start with %q: give more of the key", len(found), s)}
	}
	return found[0], nil
}

// findProposal resolves a full or shortened proposal id.
func findProposal(a *app.App, s string) (ids.Hash, error) {
	if id, err := ids.ParseHash(s); err == nil {
		return id, nil
	}
	ps, err := a.Proposals()
	if err != nil {
		return ids.Hash{}, err
	}
	var found []ids.Hash
	for _, p := range ps {
		if strings.HasPrefix(p.ID.String(), strings.ToLower(s)) {
			found = append(found, p.ID)
		}
	}
	switch {
	case len(s) < 4 || len(found) == 0:
		return ids.Hash{}, &app.UserError{Msg: fmt.Sprintf("no proposal starts with %q ('dac vote list' shows them)", s)}
	case len(found) > 1:
		return ids.Hash{}, &app.UserError{Msg: fmt.Sprintf("%d proposals start with %q: give more of the id", len(found), s)}
	}
	return found[0], nil
}

func (c *cli) voteListCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List proposals: open ones with your ballot, closed ones with their result",
		Example: "  dac vote list\n  dac vote list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				ps, err := a.Proposals()
				if err != nil {
					return err
				}
				if c.json {
					if ps == nil {
						ps = []app.ProposalView{}
					}
					return c.printJSON(ps)
				}
				if len(ps) == 0 {
					c.printf("No proposals yet ('dac propose' opens one).\n")
				}
				for _, p := range ps {
					c.printProposalLine(p)
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) printProposalLine(p app.ProposalView) {
	status := p.Tally.Outcome
	if status == core.OutcomeOpen {
		status = "open until " + when(p.Proposal.Closes)
	}
	if p.Adopted {
		status += ", adopted"
	}
	title := p.Proposal.Title
	if p.Proposal.Kind == charter.ProposalAmendment {
		title += map[bool]string{true: " (first reading)", false: " (second reading)"}[p.Proposal.First.IsZero()]
	}
	c.printf("%s  %-9s %-8s %s — %s\n", p.ID.Short(), p.Proposal.Kind, p.Proposal.Method, title, status)
	if len(p.Proposal.Options) > 0 {
		var o []string
		for i, opt := range p.Proposal.Options {
			s := fmt.Sprintf("%d %s", i+1, opt.Name)
			if opt.Cost > 0 {
				s += " (" + units(opt.Cost) + ")"
			}
			o = append(o, s)
		}
		c.printf("          options: %s\n", strings.Join(o, ", "))
	}
	if p.Mine != nil {
		c.printf("          your ballot: %s\n", choiceText(&p.Proposal, *p.Mine))
	}
}

func choiceText(p *core.ProposalRow, b core.BallotRow) string {
	switch {
	case b.Abstain:
		return "abstain"
	case p.Method == core.MethodYesNo:
		return []string{"yes", "no"}[b.Pick[0]]
	case p.Method == core.MethodScore:
		var n []string
		for i, sc := range b.Scores {
			if i < len(p.Options) {
				n = append(n, fmt.Sprintf("%s %d", p.Options[i].Name, sc))
			}
		}
		return strings.Join(n, ", ")
	}
	var n []string
	for _, i := range b.Pick {
		n = append(n, p.Options[i].Name)
	}
	return strings.Join(n, ", ")
}

func (c *cli) voteAuditCmd() *cobra.Command {
	return c.resultCmd("audit", "Show how a result was counted: every ballot, delegation path and sum",
		`Recount a proposal from the entries on this device and show the audit: each
ballot counted with the weight it carries, each ballot ignored and why, each
delegation path and where it ended, and the quorum and threshold arithmetic.
Every replica with the same entries prints the same audit.`, "dac vote audit", true)
}

func (c *cli) tallyCmd() *cobra.Command {
	return c.resultCmd("tally", "Show a proposal's result (provisional while it is open)",
		`Count a proposal as of now: the quorum, the threshold, each option's count and
the outcome (open, passed, failed, no quorum). 'dac vote audit' shows every
ballot and delegation behind it.`, "dac tally", false)
}

// resultCmd is `dac tally` or, with audit, `dac vote audit`.
func (c *cli) resultCmd(name, short, long, full string, audit bool) *cobra.Command {
	cmd := &cobra.Command{
		Use:     name + " PROPOSAL_ID",
		Short:   short,
		Long:    long,
		Example: "  " + full + " 3fa2c1\n  " + full + " 3fa2c1 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				v, err := c.tallyView(a, args[0])
				if err != nil || c.json {
					return err
				}
				c.printTally(v)
				if audit {
					c.printAudit(v)
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

// tallyView finds and tallies a proposal; with --json it prints it.
func (c *cli) tallyView(a *app.App, arg string) (app.ProposalView, error) {
	id, err := findProposal(a, arg)
	if err != nil {
		return app.ProposalView{}, err
	}
	v, err := a.TallyOf(id)
	if err == nil && c.json {
		err = c.printJSON(v)
	}
	return v, err
}

func (c *cli) printTally(v app.ProposalView) {
	t := v.Tally
	c.printf("%s\n%s (%s, %s), closes %s\n", v.ID, v.Proposal.Title, t.Kind, t.Method, when(t.Closes))
	c.printf("Outcome     %s", t.Outcome)
	if v.Adopted {
		c.printf(" (adopted)")
	}
	if !t.Final {
		c.printf(" (provisional count)")
	}
	c.printf("\nTook part   %d of %d members (quorum %d%%: %s)\n", t.Participants, t.Eligible, t.QuorumPct, metWord(t.QuorumMet))
	c.printf("Threshold   more than %d%% of the %d who did not abstain\n", t.ThresholdPct, t.Decisive)
	if len(t.Rounds) > 0 {
		c.printf("Counts      of the last round of the instant runoff (rounds below)\n")
	}
	for i, o := range t.Options {
		c.printf("  %-20s %d%s\n", o.Name, o.Count, optionMark(t, i))
	}
	c.printRounds(t)
}

// optionMark says what became of option i: funded, the winner, or
// leading while the vote is open; nothing when no one took part or the
// proposal did not pass.
func optionMark(t core.Tally, i int) string {
	o := t.Options[i]
	switch {
	case o.Funded:
		return "  funded (" + units(o.Cost) + ")"
	case i != t.Winner || t.Participants == 0:
		return ""
	case !t.Final:
		return "  ← leading"
	case t.Outcome == core.OutcomePassed:
		return "  ← winner"
	}
	return ""
}

// printRounds shows an instant runoff round by round, by name; an
// eliminated option shows as a dash.
func (c *cli) printRounds(t core.Tally) {
	for r, counts := range t.Rounds {
		var parts []string
		for i, n := range counts {
			if i >= len(t.Options) {
				break
			}
			v := "—"
			if n >= 0 {
				v = strconv.Itoa(n)
			}
			parts = append(parts, t.Options[i].Name+" "+v)
		}
		c.printf("Round %d     %s\n", r+1, strings.Join(parts, ", "))
	}
}

func (c *cli) printAudit(v app.ProposalView) {
	t := v.Tally
	c.printf("\nBallots counted (voter: weight, choice)\n")
	for _, b := range t.Ballots {
		c.printf("  %s  %d  %s  (ballot %s)\n", b.Voter.Short(), b.Weight, choiceText(&v.Proposal, b.Row), b.Ballot.Short())
	}
	if len(t.Ignored) > 0 {
		c.printf("Ballots not counted\n")
		for _, b := range t.Ignored {
			c.printf("  %s  ballot %s: %s\n", b.Voter.Short(), b.Ballot.Short(), b.Why)
		}
	}
	if len(t.Paths) > 0 {
		c.printf("Delegation paths\n")
		for _, p := range t.Paths {
			hops := []string{p.From.Short()}
			for _, h := range p.Path {
				hops = append(hops, h.Short())
			}
			c.printf("  %s: %s\n", strings.Join(hops, " → "), p.Why)
		}
	}
	c.printf("Arithmetic\n")
	for _, line := range t.Arithmetic {
		c.printf("  %s\n", line)
	}
}

func metWord(ok bool) string {
	if ok {
		return "met"
	}
	return "not met"
}

func (c *cli) delegateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "delegate",
		Short: "Liquid delegation: hand your vote on a topic to another member",
		Long: `Hand your vote on a topic — a proposal kind (amendment, budget, policy,
election, emergency, sanction) or "all" — to another member, who may hand it
on. A delegation on a topic takes precedence over "all". Voting yourself always
overrides your delegate; you can revoke at any time. Cycles are ignored: a vote
that goes round in a circle is not counted for anyone.`,
	}
	cmd.AddCommand(c.delegateSetCmd(), c.delegateRevokeCmd(), c.delegateShowCmd())
	return cmd
}

func (c *cli) delegateSetCmd() *cobra.Command {
	var topic string
	cmd := &cobra.Command{
		Use:     "set MEMBER_KEY [--topic TOPIC]",
		Short:   "Delegate your vote on a topic (default: all) to a member",
		Example: "  dac delegate set 3f2a…e9\n  dac delegate set 3f2a…e9 --topic budget",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				to, err := findMember(a, args[0])
				if err != nil {
					return err
				}
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.Delegate(topic, to)
				if err == nil {
					c.printf("Your vote on %s now goes to %s (%s), unless you vote yourself.\n", topic, to.Short(), e.ID.Short())
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&topic, "topic", core.TopicAll, "a proposal kind, or all")
	return cmd
}

func (c *cli) delegateRevokeCmd() *cobra.Command {
	var topic string
	cmd := &cobra.Command{
		Use:     "revoke [--topic TOPIC]",
		Short:   "Take your vote on a topic (default: all) back",
		Example: "  dac delegate revoke\n  dac delegate revoke --topic budget",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.Undelegate(topic)
				if err == nil {
					c.printf("Revoked your delegation on %s (%s).\n", topic, e.ID.Short())
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&topic, "topic", core.TopicAll, "a proposal kind, or all")
	return cmd
}

func (c *cli) delegateShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show [MEMBER_KEY]",
		Short: "Show your delegates, who delegates to you and the weight you carry",
		Long: `Show, per topic, whom a member (default: you) delegates to, who delegates to
them directly, and the weight they carry if they vote: themselves plus every
member whose delegation path reaches them.`,
		Example: "  dac delegate show\n  dac delegate show 3f2a…e9 --json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				var who ids.PubKey
				if len(args) == 1 {
					k, err := findMember(a, args[0])
					if err != nil {
						return err
					}
					who = k
				}
				v, err := a.Delegations(who)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(v)
				}
				c.printDelegations(v)
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) printDelegations(v app.DelegationView) {
	if !v.Votes {
		c.printf("%s is not a member with a vote here now: no delegation counts for or through them.\n", v.Member)
		return
	}
	c.printf("Member %s\n", v.Member)
	for i, topic := range v.Topics {
		to := "votes themselves"
		if d, ok := v.Mine[topic]; ok {
			to = "delegates to " + d.Short()
		}
		if slices.Contains(v.Cycles, topic) {
			to += " (a cycle: the vote comes back round and counts for no one unless someone on it votes)"
		}
		cr := v.Carried[i]
		var from []string
		for _, k := range cr.Direct {
			from = append(from, k.Short())
		}
		line := fmt.Sprintf("  %-10s %s; carries %d", topic, to, cr.Weight)
		if len(from) > 0 {
			line += "; delegated by " + strings.Join(from, ", ")
		}
		c.printf("%s\n", line)
	}
}
