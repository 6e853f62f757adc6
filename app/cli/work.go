package cli

import (
	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/ids"
)

func (c *cli) workCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "work",
		Short: "Contribution income: log work, attest it (coordinators)",
		Long: `Log the work you did today in one of the charter's roles; a coordinator of that
role attests it; the treasury pays it at the role's hourly rate, up to the
charter's monthly ceiling ('dac treasury propose --pay-work MEMBER').`,
	}
	cmd.AddCommand(c.workLogCmd(), c.workAttestCmd())
	return cmd
}

func (c *cli) workLogCmd() *cobra.Command {
	var role, note string
	var minutes uint32
	cmd := &cobra.Command{
		Use:     "log --role ROLE --minutes N [--note TEXT]",
		Short:   "Log work done today",
		Example: "  dac work log --role care --minutes 90 --note \"night shift\"",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.LogWork(role, minutes, note)
				if err == nil {
					c.printf("Logged %d minutes of %s (%s). A coordinator attests it.\n", minutes, role, e.ID)
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "a role of the charter")
	cmd.Flags().Uint32Var(&minutes, "minutes", 0, "minutes worked (up to 960)")
	cmd.Flags().StringVar(&note, "note", "", "what was done")
	_ = cmd.MarkFlagRequired("role")
	_ = cmd.MarkFlagRequired("minutes")
	return cmd
}

func (c *cli) workAttestCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "attest LOG_ID",
		Short: "Attest a member's work log (a coordinator of its role)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := ids.ParseHash(args[0])
			if err != nil {
				return app.Userf(err, "log id: %v", err)
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.AttestWork(id)
				if err == nil {
					c.printf("Attested %s (%s).\n", id.Short(), e.ID.Short())
				}
				return err
			})
		},
	}
}
