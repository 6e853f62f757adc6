package cli

import (
	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/ids"
)

// Allocation rounds: closing one (the housing office), showing one, and
// auditing one (anyone).

func (c *cli) housingRoundCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "round",
		Short: "Allocation rounds: close one (housing office), show one",
	}
	cmd.AddCommand(c.housingRoundCloseCmd(), c.housingRoundShowCmd())
	return cmd
}

func (c *cli) housingRoundCloseCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "close",
		Short: "Close the next allocation round (housing office)",
		Long: `Opens the applications not opened yet (their size, required features and
accepted districts only), folds the holders' acts (relinquishes, swaps, leaves),
covers every free dwelling, and signs exactly that set. The allocation follows
from it on every device.`,
		Example: "  dac housing round close",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				rc, err := a.CloseRound()
				if err != nil {
					return err
				}
				c.printf("Closed round %s: opened %d application(s), allocated %d dwelling(s).\n", rc.Entry.ID, rc.Opened, rc.Allocated)
				for _, u := range rc.Unread {
					c.printf("Not opened: %s\n", u)
				}
				return nil
			})
		},
	}
}

func (c *cli) housingRoundShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "show [ROUND]",
		Short:   "Show a round (default: the latest) and what it allocated",
		Example: "  dac housing round show\n  dac housing round show 3f2a…e9 --json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				r, err := pickRound(a, args)
				if err != nil || c.json {
					return orThen(err, func() error { return c.printJSON(r) })
				}
				c.printf("Round %d  %s  closed %s by %s\n", r.N, r.ID, when(r.Time), r.Closer.Short())
				c.printf("Covered %d free dwelling(s); %d household(s) considered; %d allocated; %d still waiting\n",
					len(r.Covered), len(r.Pool), len(r.Allocs), len(r.Waiting))
				c.printf("Folded %d act(s); skipped %d no longer current\n", len(r.Folded), len(r.Skipped))
				for _, x := range r.Allocs {
					c.printf("  %s → dwelling %s\n", x.Applicant.Short(), x.Dwelling.Short())
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

// pickRound finds the round named by args[0] (a prefix will not do), or the latest.
func pickRound(a *app.App, args []string) (app.RoundInfo, error) {
	rs, err := a.Rounds()
	if err != nil {
		return app.RoundInfo{}, err
	}
	if len(rs) == 0 {
		return app.RoundInfo{}, &app.UserError{Msg: "no allocation round has been closed yet"}
	}
	if len(args) == 0 || args[0] == "latest" {
		return rs[0], nil
	}
	id, err := ids.ParseHash(args[0])
	if err != nil {
		return app.RoundInfo{}, app.Userf(err, "round id: %v", err)
	}
	for _, r := range rs {
		if r.ID == id {
			return r, nil
		}
	}
	return app.RoundInfo{}, &app.UserError{Msg: "no round " + id.Short() + " in the chain of rounds in effect"}
}

func (c *cli) housingAuditCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit [ROUND]",
		Short: "Recompute a round and say why each household got what it got",
		Long: `Recomputes a round's allocation from the inputs the office signed (the opened
needs, the waiting times, the covered dwellings) with the same algorithm every
device runs, checks it against the recorded one, and explains each household's
outcome. ROUND defaults to the latest.`,
		Example: "  dac housing audit\n  dac housing audit 3f2a…e9 --json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				r, err := pickRound(a, args)
				if err != nil {
					return err
				}
				au, err := a.AuditRound(r.ID)
				if err != nil || c.json {
					return orThen(err, func() error { return c.printJSON(au) })
				}
				verdict := "agrees with the recorded allocation"
				if !au.Agrees {
					verdict = "DISAGREES with the recorded allocation"
				}
				c.printf("Round %d (%s): recomputed, %s.\n", au.N, au.ID.Short(), verdict)
				for _, l := range au.Lines {
					c.printf("%3d. %s (waiting since %s): %s\n", l.Rank, l.Applicant.Short(), when(l.Applied), l.Why)
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}
