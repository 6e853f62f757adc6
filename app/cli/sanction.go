package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

func (c *cli) sanctionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sanction",
		Short: "Graduated sanctions: complaints, juries, verdicts and the ladder",
		Long: `Cases are opened by a proven fork (automatically: its warning starts at the
fork report's date) or by a member's complaint, judged by a jury of members
drawn by sortition: the draw's randomness is the jury office's commit–reveal
draw for a term whose secrets are revealed only after the complaint is
written. More than half of the jury must find guilty within the hearing.
Each decided case gives the next step of the ladder — warning, reduced
dividend, suspension of vote and office, exclusion from cooperative
benefits — from the member's last step still in force or recently expired.
Every step expires by itself; the rights floor (shelter, water, the food
floor) is never withdrawn.`,
	}
	cmd.AddCommand(c.sanctionComplainCmd(), c.sanctionCasesCmd(), c.sanctionShowCmd(), c.sanctionVerdictCmd(), c.sanctionLadderCmd(),
		c.sanctionMineCmd(), c.sanctionAcceptCmd())
	return cmd
}

func (c *cli) sanctionComplainCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "complain MEMBER",
		Short: "File a complaint against a member, with a reason",
		Long: `Files a complaint against MEMBER (their key). A jury is drawn for it at the
start of the jury office's next term whose reveals come after the complaint.`,
		Example: "  dac sanction complain 3f2a…e9 --reason \"kept the shared tools for a month\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				who, err := findMember(a, args[0])
				if err != nil {
					return err
				}
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.Complain(who, reason)
				if err != nil {
					return err
				}
				h, _ := a.Hearing(e.ID)
				c.printf("Complaint %s filed against %s; the jury is drawn on %s and has until %s.\n",
					e.ID, who.Short(), when(h.Start), when(h.Close))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (at most 280 bytes)")
	return cmd
}

func (c *cli) sanctionCasesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "cases",
		Short:   "List the sanction cases: fork cases and complaints, with their steps",
		Example: "  dac sanction cases\n  dac sanction cases --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				cs, err := a.SanctionCases()
				if err != nil {
					return err
				}
				if c.json {
					if cs == nil {
						cs = []app.CaseView{}
					}
					return c.printJSON(cs)
				}
				if len(cs) == 0 {
					c.printf("No sanction cases.\n")
				}
				for _, v := range cs {
					c.printf("%s %-9s against %s opened %s: %s%s\n", v.ID.Short(), v.Kind, v.Against.Short(), when(v.Opened), v.Outcome, stepWords(v))
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func stepWords(v app.CaseView) string {
	if v.Step.Level == 0 {
		return ""
	}
	state := "expired"
	if v.InForce {
		state = "in force"
	}
	return "; " + v.Step.Name + " " + when(v.Step.Start) + " to " + when(v.Step.End) + " (" + state + acceptWords(v.Step) + ")"
}

// acceptWords says whether the member accepted a step that takes money.
func acceptWords(st core.SanctionStep) string {
	switch {
	case st.Accepted != 0:
		return ", accepted " + when(st.Accepted)
	case st.MustAccept || st.Kind == core.CaseFork:
		return ", not accepted yet"
	}
	return ""
}

// stepState says whether a step is in force at now, to come or expired.
func stepState(st core.SanctionStep, now int64) string {
	switch {
	case now < st.Start:
		return "to come"
	case now < st.End:
		return "in force"
	}
	return "expired"
}

func (c *cli) sanctionShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show CASE",
		Short: "Show a case: a complaint's hearing (seed, lots, jury, each verdict) or a fork case",
		Long: `Show a sanction case by its id (as 'dac sanction cases' prints it). For a
complaint: the jury's draw (its seed and every lot), the jurors, each juror's
verdict and the outcome. For a fork case (a proven double spend, decided
automatically): the step it brought and whether the member accepted it.`,
		Example: "  dac sanction show 9c1d\n  dac sanction show 9c1d --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if v, ok := findForkCase(a, args[0]); ok {
					if c.json {
						return c.printJSON(v)
					}
					c.printf("Fork case %s against %s, opened %s: %s%s\n", v.ID, v.Against.Short(), when(v.Opened), v.Outcome, stepWords(v))
					return nil
				}
				id, err := findComplaint(a, args[0])
				if err != nil {
					return err
				}
				h, err := a.Hearing(id)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(h)
				}
				c.printf("Complaint %s by %s against %s: %q\n", h.Complaint, h.Row.Plaintiff.Short(), h.Row.Against.Short(), h.Row.Reason)
				if len(h.Jurors) == 0 {
					c.printf("Jury: term %d of the jury office, drawn on %s; the hearing runs to %s. Outcome so far: %s\n",
						h.Term, when(h.Start), when(h.Close), h.Outcome)
					return nil
				}
				c.printf("Jury: term %d of the jury office, hearing %s to %s, seed %s\n", h.Term, when(h.Start), when(h.Close), h.Seed.Short())
				for i, l := range h.Lots {
					c.printf("  lot %s %s%s\n", ids.Hash(l.Lot).Short(), l.Member.Short(), juror(i < len(h.Jurors)))
				}
				c.printf("Verdicts: %d of %d guilty; outcome: %s\n", h.Guilty, len(h.Jurors), h.Outcome)
				for _, j := range h.Jurors {
					c.printf("  %s: %s\n", j.Short(), verdictOf(h, j))
				}
				for _, ig := range h.Ignored {
					c.printf("  ignored %s: %s\n", ig.ID.Short(), ig.Why)
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

// verdictOf is juror j's counted verdict, or that they gave none.
func verdictOf(h core.Hearing, j ids.PubKey) string {
	for _, v := range h.Verdicts {
		if v.Juror == j {
			return map[bool]string{true: "guilty", false: "not guilty"}[v.Guilty] + ", " + when(v.Time)
		}
	}
	return "no verdict"
}

// findForkCase finds a fork case by its full or shortened id.
func findForkCase(a *app.App, s string) (app.CaseView, bool) {
	cs, err := a.SanctionCases()
	if err != nil || len(s) < 4 {
		return app.CaseView{}, false
	}
	var found []app.CaseView
	for _, v := range cs {
		if v.Kind == core.CaseFork && strings.HasPrefix(v.ID.String(), strings.ToLower(s)) {
			found = append(found, v)
		}
	}
	if len(found) != 1 {
		return app.CaseView{}, false
	}
	return found[0], true
}

func juror(yes bool) string {
	if yes {
		return "  (juror)"
	}
	return ""
}

func (c *cli) sanctionVerdictCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "verdict COMPLAINT guilty|not-guilty",
		Short:   "Give your verdict as a juror (a later one replaces it until the close)",
		Example: "  dac sanction verdict 9c1d guilty\n  dac sanction verdict 9c1d not-guilty",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			guilty, ok := map[string]bool{"guilty": true, "not-guilty": false}[strings.ToLower(args[1])]
			if !ok {
				return &app.UserError{Msg: "the verdict is guilty or not-guilty"}
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				id, err := findComplaint(a, args[0])
				if err != nil {
					return err
				}
				e, err := a.GiveVerdict(id, guilty)
				if err == nil {
					c.printf("Verdict %s recorded (%s).\n", args[1], e.ID.Short())
				}
				return err
			})
		},
	}
}

func (c *cli) sanctionLadderCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "ladder MEMBER",
		Short:   "Show a member's decided steps and which are in force",
		Example: "  dac sanction ladder 3f2a…e9\n  dac sanction ladder 3f2a…e9 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				who, err := findMember(a, args[0])
				if err != nil {
					return err
				}
				steps, err := a.Ladder(who)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(steps)
				}
				if len(steps) == 0 {
					c.printf("%s has no sanction.\n", who.Short())
				}
				now := a.Now().UnixMilli()
				for _, st := range steps {
					c.printf("%s from %s to %s, %s (%s case %s)%s\n", st.Name, when(st.Start), when(st.End),
						stepState(st, now), st.Kind, st.Case.Short(), acceptWords(st))
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

// findComplaint resolves a full or shortened complaint id.
func findComplaint(a *app.App, s string) (ids.Hash, error) {
	if id, err := ids.ParseHash(s); err == nil {
		return id, nil
	}
	cs, err := a.SanctionCases()
	if err != nil {
		return ids.Hash{}, err
	}
	var found []ids.Hash
	for _, v := range cs {
		if v.Kind == "complaint" && strings.HasPrefix(v.ID.String(), strings.ToLower(s)) {
			found = append(found, v.ID)
		}
	}
	if len(found) != 1 {
		return ids.Hash{}, &app.UserError{Msg: "no single case starts with " + s + " ('dac sanction cases' lists them)"}
	}
	return found[0], nil
}
