package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

func (c *cli) emergencyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "emergency",
		Short: "Emergency powers: declare, ratify, renew, and see what is in force",
		Long: `An emergency carries measures — ration quotas cut to a percentage of the
normal ones (never below the rights floor), extras beyond the basket refused,
travel paused — for at most the charter's maximum number of hours, and it
expires by itself.

It is declared either by a treasury steward with immediate effect, and is then
void unless a vote ratifies it within the charter's ratify hours; or by a vote
(dac emergency declare --vote), in force from the vote's close if it passes.
Renewing it takes a new vote whose threshold rises with each renewal.`,
	}
	cmd.AddCommand(c.emergencyDeclareCmd(), c.emergencyRatifyCmd(), c.emergencyRenewCmd(), c.emergencyStatusCmd())
	return cmd
}

// orderFlags binds the flags of a declaration or renewal.
func orderFlags(cmd *cobra.Command, o *app.EmergencyOrder, measures *[]string) {
	f := cmd.Flags()
	f.IntVar(&o.Hours, "hours", 0, "how long it lasts (at most the charter's maximum)")
	f.StringArrayVar(measures, "measure", nil, "ITEM=PERCENT: an item's quota in percent of the normal one")
	f.BoolVar(&o.NoExtras, "no-extras", false, "refuse extras beyond the basket while in force")
	f.BoolVar(&o.NoTravel, "no-travel", false, "pause travel while in force")
	f.StringVar(&o.Reason, "reason", "", "why (shown to everyone)")
	_ = cmd.MarkFlagRequired("hours")
}

func (c *cli) emergencyDeclareCmd() *cobra.Command {
	var o app.EmergencyOrder
	var measures []string
	var vote bool
	cmd := &cobra.Command{
		Use:   "declare --hours N [--measure ITEM=PERCENT …] [--no-extras] [--no-travel] [--reason TEXT] [--vote]",
		Short: "Declare an emergency: at once as a treasury steward, or by opening a vote",
		Long: `Declare an emergency for N hours. Each --measure sets an item's quota in
percent of the normal one; with none, the charter's standing plan applies. No
measure may go below the item's rights floor, and N may not exceed the
charter's maximum.

As a treasury steward (the default), it is in force from now, and void unless
ratified by a vote within the charter's ratify hours: open that vote with
'dac emergency ratify ID'. With --vote, any member opens a yes/no vote on it
instead; it is in force from the vote's close, if the vote passes.`,
		Example: "  dac emergency declare --hours 72 --reason \"well pump broken\"\n" +
			"  dac emergency declare --hours 24 --measure water=60 --measure energy=50 --no-extras\n" +
			"  dac emergency declare --vote --hours 96 --no-travel --reason \"storm season\"",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.Measures, err = parseMeasures(measures); err != nil {
				return err
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				declare, how := a.DeclareEmergency, "declared, in force now for %d hours: ratify it by vote in time ('dac emergency ratify %s'), or it is void.\n"
				if vote {
					declare, how = a.ProposeEmergency, "put to the vote: if it passes, it is in force from the close for %d hours ('dac vote %s yes').\n"
				}
				e, err := declare(o)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"id": e.ID, "by_vote": vote, "hours": o.Hours, "measures": o.Measures,
						"no_extras": o.NoExtras, "no_travel": o.NoTravel, "reason": o.Reason})
				}
				c.printf("Emergency %s "+how, e.ID.Short(), o.Hours, e.ID.Short())
				return nil
			})
		},
	}
	orderFlags(cmd, &o, &measures)
	cmd.Flags().BoolVar(&vote, "vote", false, "declare by vote (any member) instead of at once (a steward)")
	c.addJSON(cmd)
	return cmd
}

func parseMeasures(in []string) ([]charter.ItemPercent, error) {
	var out []charter.ItemPercent
	for _, m := range in {
		item, pct, ok := strings.Cut(m, "=")
		n, err := strconv.Atoi(strings.TrimSuffix(pct, "%"))
		if !ok || err != nil || item == "" {
			return nil, &app.UserError{Msg: "--measure " + m + ": write ITEM=PERCENT, like water=60"}
		}
		out = append(out, charter.ItemPercent{Item: item, Percent: n})
	}
	return out, nil
}

func (c *cli) emergencyRatifyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ratify ID",
		Short: "Open the vote ratifying a steward's emergency declaration",
		Long: `Open the yes/no vote that ratifies a treasury steward's emergency declaration
(ID: its id or the first digits of it, from 'dac emergency status'). The vote
must close within the charter's ratify hours from the declaration; if it does
not pass by then, the declaration is void and its measures stop binding.`,
		Example: "  dac emergency ratify 5f0043d8\n  dac emergency ratify 5f0043d8 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				id, err := c.unlockAndFind(a, args[0])
				if err != nil {
					return err
				}
				e, err := a.RatifyEmergency(id)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"proposal": e.ID, "ratifies": id})
				}
				c.printf("Ratification vote %s opened on emergency %s: vote with 'dac vote %s yes'.\n", e.ID.Short(), id.Short(), e.ID.Short())
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) unlockAndFind(a *app.App, prefix string) (ids.Hash, error) {
	if err := c.unlock(a); err != nil {
		return ids.Hash{}, err
	}
	return a.FindEmergency(prefix)
}

func (c *cli) emergencyRenewCmd() *cobra.Command {
	var o app.EmergencyOrder
	var measures []string
	cmd := &cobra.Command{
		Use:   "renew ID --hours N [--measure ITEM=PERCENT …] [--no-extras] [--no-travel] [--reason TEXT]",
		Short: "Open the vote renewing an emergency in force, at a rising threshold",
		Long: `Open a yes/no vote renewing an emergency in force (ID: the emergency or any of
its renewals) for N more hours from where it ends. Without --measure, the
current measures carry on. The vote must close before the emergency ends, and
each renewal needs a larger majority than the one before: the emergency rule's
threshold plus the charter's step per renewal, capped below 100 %. Without a
passed renewal, the emergency expires at its end. A steward's declaration is
ratified first ('dac emergency ratify').`,
		Example: "  dac emergency renew 5f0043d8 --hours 72\n  dac emergency renew 5f0043d8 --hours 48 --measure water=70 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.Measures, err = parseMeasures(measures); err != nil {
				return err
			}
			return c.withApp(cmd, func(a *app.App) error {
				id, err := c.unlockAndFind(a, args[0])
				if err != nil {
					return err
				}
				e, threshold, err := a.RenewEmergency(id, o)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"proposal": e.ID, "renews": id, "hours": o.Hours, "threshold_pct": threshold})
				}
				c.printf("Renewal vote %s opened: it passes with more than %d %% yes. Vote with 'dac vote %s yes'.\n", e.ID.Short(), threshold, e.ID.Short())
				return nil
			})
		},
	}
	orderFlags(cmd, &o, &measures)
	c.addJSON(cmd)
	return cmd
}

func (c *cli) emergencyStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "List the emergencies: in force, awaiting ratification, void or expired, with time left",
		Long: `List every emergency on this node, newest first: how it was declared, its state
(voting, awaiting ratification with the time left to ratify, in force, void,
rejected, expired), its measures, renewals, the time it has left, and the
votes open on it. States are as this device knows the votes now.`,
		Example: "  dac emergency status\n  dac emergency status --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				es, err := a.EmergencyStatus()
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"emergencies": emergenciesJSON(es)})
				}
				if len(es) == 0 {
					c.printf("No emergency has been declared.\n")
				}
				c.showEmergencies(es)
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func emergenciesJSON(es []app.EmergencyCaseView) []map[string]any {
	out := []map[string]any{}
	for _, e := range es {
		var chain []ids.Hash
		for _, l := range e.Chain {
			chain = append(chain, l.ID)
		}
		out = append(out, map[string]any{"id": e.ID, "origin": e.Origin, "state": e.State, "in_force": e.InForce(),
			"declared_by": e.Steward, "start": e.Start, "ends": e.Ends, "left_ms": e.LeftMillis,
			"ratify_left_ms": e.RatifyLeftMillis, "current": e.Current.ID, "measures": e.Current.Measures,
			"no_extras": e.Current.NoExtras, "no_travel": e.Current.NoTravel, "reason": e.Reason, "chain": chain,
			"renewals": e.Renewals, "next_renewal_threshold_pct": e.NextThreshold, "pending_votes": e.Pending})
	}
	return out
}

func (c *cli) showEmergencies(es []app.EmergencyCaseView) {
	for _, e := range es {
		how := "declared by steward " + e.Steward.Short()
		if e.Origin == core.OriginVote {
			how = "declared by vote"
		}
		state := e.State
		switch {
		case e.State == core.EmergencyAwaiting:
			state = fmt.Sprintf("in force, awaiting ratification (%s left to ratify); %s left", hoursLeft(e.RatifyLeftMillis), hoursLeft(e.LeftMillis))
		case e.InForce():
			state = fmt.Sprintf("in force, %s left (until %s)", hoursLeft(e.LeftMillis), when(e.Ends))
		case e.State == core.EmergencyExpired:
			state = "expired " + when(e.Ends)
		case e.Start > 0:
			state += fmt.Sprintf(" (from %s)", when(e.Start))
		}
		c.printf("Emergency %s (%s): %s — %s\n", e.ID.Short(), how, orReason(e.Reason), state)
		c.printf("  measures: %s\n", measuresText(e.Current.EmergencyRow))
		if e.Renewals > 0 || e.InForce() {
			c.printf("  renewals: %d; the next needs more than %d %% yes\n", e.Renewals, e.NextThreshold)
		}
		for _, p := range e.Pending {
			c.printf("  vote open: %s ('dac tally %s')\n", p.Short(), p.Short())
		}
	}
}

func orReason(r string) string {
	if r == "" {
		return "no reason given"
	}
	return r
}

func measuresText(e core.EmergencyRow) string {
	var m []string
	for _, p := range e.Measures {
		m = append(m, fmt.Sprintf("%s %d%%", p.Item, p.Percent))
	}
	if e.NoExtras {
		m = append(m, "no extras beyond the basket")
	}
	if e.NoTravel {
		m = append(m, "travel paused")
	}
	if len(m) == 0 {
		return "none"
	}
	return strings.Join(m, ", ")
}

// hoursLeft says a span in days, hours and minutes, leaving out the
// zeros ("1 d 10 min", "3 d").
func hoursLeft(ms int64) string {
	d := (time.Duration(ms) * time.Millisecond).Round(time.Minute)
	var parts []string
	for _, u := range []struct {
		n    int
		unit string
	}{{int(d.Hours()) / 24, "d"}, {int(d.Hours()) % 24, "h"}, {int(d.Minutes()) % 60, "min"}} {
		if u.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", u.n, u.unit))
		}
	}
	if len(parts) == 0 {
		return "0 min"
	}
	return strings.Join(parts, " ")
}
