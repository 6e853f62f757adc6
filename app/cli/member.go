package cli

import (
	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/entry"
	"dac/core/ids"
)

func (c *cli) vouchCmd() *cobra.Command {
	return c.memberAct("vouch PUBLIC_KEY", "Vouch, in person, for someone who asks to join",
		`Vouch for an applicant you have met in person. The registrar admits an
applicant once enough members have vouched (the charter's vouches_required)
within the charter's vouch_ttl_days.`, (*app.App).Vouch)
}

func (c *cli) admitCmd() *cobra.Command {
	return c.memberAct("admit PUBLIC_KEY", "Admit an applicant (registrar only)",
		`Admit an applicant on the strength of the vouches collected for them. Only the
registrar named in the charter can admit, and only with enough fresh vouches.`, (*app.App).Admit)
}

func (c *cli) memberAct(use, short, long string, act func(*app.App, ids.PubKey) (*entry.Signed, error)) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Long:  long,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := ids.ParsePubKey(args[0])
			if err != nil {
				return app.Userf(err, "public key: %v", err)
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := act(a, k)
				if err != nil {
					return err
				}
				c.printf("Done: %s #%d (%s)\n", e.Kind, e.Seq, e.ID.Short())
				return nil
			})
		},
	}
}

func (c *cli) leaveCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "leave",
		Short: "Leave the current node",
		Long: `Leave the node. Your membership ends and your dwelling returns to the node
(the next housing round frees it). You can be admitted again later with fresh
vouches.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.Leave(reason)
				if err != nil {
					return err
				}
				c.printf("You have left the node (%s).\n", e.ID.Short())
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the record (optional)")
	return cmd
}
