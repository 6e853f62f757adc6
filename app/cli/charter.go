package cli

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
)

func (c *cli) nodeCharterCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "charter",
		Short: "Show the charter in force and the amendments adopted by vote",
		Long: `Print the current node's charter as it is in force now (JSON, as in a charter
file), then every amendment adopted by vote: in force, waiting for the
charter's next epoch (it changes a rule validation reads: validation keeps the
founding charter until epochs are built), or not applied (the amended charter
would not be valid). Amendments of the policies devices apply themselves (the
daily offline cap, the hubs to dial) are in force from their close.`,
		Example: "  dac node charter\n  dac node charter --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				ch, err := a.Charter()
				if err != nil {
					return err
				}
				ams, err := a.Amendments()
				if err != nil {
					return err
				}
				if ams == nil {
					ams = []core.Amendment{}
				}
				if c.json {
					return c.printJSON(map[string]any{"charter": ch, "amendments": ams})
				}
				b, err := json.MarshalIndent(ch, "", "  ")
				if err != nil {
					return err
				}
				c.printf("%s\n", b)
				for _, am := range ams {
					c.printf("amendment %s %q, adopted %s: %s\n", am.Proposal.Short(), am.Title, when(am.Closed), amendmentFate(am))
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func amendmentFate(am core.Amendment) string {
	switch {
	case am.InForce:
		return "in force"
	case am.Waiting:
		return "waiting for the charter's next epoch (" + am.Why + ")"
	}
	return "not applied (" + am.Why + ")"
}
