package cli

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/charter"
)

func (c *cli) emergencyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "emergency",
		Short: "Emergency ration quotas: declare one (a steward), see those in force",
		Long: `A treasury steward may declare an emergency with immediate effect: for a number
of hours (at most the charter's maximum) ration quotas drop to a percentage of
the normal ones, never below the rights floor. It expires by itself.
Ratification by vote and renewals come with governance.`,
	}
	cmd.AddCommand(c.emergencyDeclareCmd(), c.emergencyStatusCmd())
	return cmd
}

func (c *cli) emergencyDeclareCmd() *cobra.Command {
	var hours int
	var measures []string
	var reason string
	cmd := &cobra.Command{
		Use:   "declare --hours N [--measure ITEM=PERCENT …] [--reason TEXT]",
		Short: "Declare an emergency with reduced ration quotas (a treasury steward)",
		Long: `Declare an emergency, in force from now for N hours. Each --measure sets an
item's quota in percent of the normal one; with none, the charter's standing
plan applies. No measure may go below the item's rights floor, and N may not
exceed the charter's maximum.`,
		Example: "  dac emergency declare --hours 72 --reason \"well pump broken\"\n  dac emergency declare --hours 24 --measure water=60 --measure energy=50",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ms, err := parseMeasures(measures)
			if err != nil {
				return err
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.DeclareEmergency(hours, ms, reason)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"id": e.ID, "hours": hours, "measures": ms, "reason": reason})
				}
				c.printf("Emergency %s declared for %d hours. It expires by itself.\n", e.ID.Short(), hours)
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&hours, "hours", 0, "how long it lasts (at most the charter's maximum)")
	cmd.Flags().StringArrayVar(&measures, "measure", nil, "ITEM=PERCENT: an item's quota in percent of the normal one")
	cmd.Flags().StringVar(&reason, "reason", "", "why (shown to everyone)")
	_ = cmd.MarkFlagRequired("hours")
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

func (c *cli) emergencyStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "List the emergencies declared, and the time left of those in force",
		Long:    "List every emergency declared on this node, newest first: its measures, who declared it, and the time it has left (or that it expired).",
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
				c.showEmergencies(es, "Emergency")
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}
