package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

func (c *cli) sanctionMineCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mine",
		Short: "List the sanctions decided against you that wait for your acceptance",
		Long: `A sanction that takes money — a reduced dividend, or the recovery of what a
double spend (a fork of your chain) put into circulation — takes effect when
you accept it: your dividend is then cut until it is paid. Until you accept a
fork case your payments stay frozen; until you accept a reduced dividend
(within the charter's days to accept) your vote and office are suspended.`,
		Example: "  dac sanction mine\n  dac sanction mine --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				owed, err := a.SanctionsToAccept()
				if err != nil {
					return err
				}
				if c.json {
					if owed == nil {
						owed = []core.Owed{}
					}
					return c.printJSON(owed)
				}
				if len(owed) == 0 {
					c.printf("No sanction waits for your acceptance.\n")
				}
				for _, o := range owed {
					c.printf("%s (%s case %s, from %s to %s): %s\n  accept with: dac sanction accept %s\n",
						o.Step.Name, o.Step.Kind, o.Step.Case.Short(), when(o.Step.Start), when(o.Step.End), owedWords(o), o.Step.Case)
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func owedWords(o core.Owed) string {
	var parts []string
	if o.Cut > 0 {
		parts = append(parts, units(o.Cut)+" units cut from your dividend")
	}
	if o.Debt > 0 {
		parts = append(parts, units(o.Debt)+" units recovered from your dividend (the double spend)")
	}
	if len(parts) == 0 {
		return "accepting it withholds nothing"
	}
	return "accepting it means " + strings.Join(parts, ", then ")
}

func (c *cli) sanctionAcceptCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "accept CASE",
		Short: "Accept a sanction decided against you (its dividend cut or recovery starts)",
		Long: `Writes your acceptance of the step decided in CASE (a fork report or a
complaint, as 'dac sanction mine' lists them; a unique prefix will do) at
the level the ladder gave it. From then on your dividend is withheld until
the cut and any recovery are paid; the fork freeze ends for payments made
after it (once the freeze's days are over), and a suspension for not
accepting ends at once.`,
		Example: "  dac sanction accept 9c1d",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				id, o, err := findOwed(a, args[0])
				if err != nil {
					return err
				}
				e, err := a.AcceptSanction(id)
				if err == nil {
					c.printf("Accepted (%s): %s.\n", e.ID.Short(), owedWords(o))
				}
				return err
			})
		},
	}
}

// findOwed resolves a full or shortened case id among the steps waiting
// for this member's acceptance.
func findOwed(a *app.App, s string) (ids.Hash, core.Owed, error) {
	owed, err := a.SanctionsToAccept()
	if err != nil {
		return ids.Hash{}, core.Owed{}, err
	}
	var found []core.Owed
	for _, o := range owed {
		if strings.HasPrefix(o.Step.Case.String(), strings.ToLower(s)) {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		return ids.Hash{}, core.Owed{}, &app.UserError{Msg: "no single sanction waiting for your acceptance starts with " + s + " ('dac sanction mine' lists them)"}
	}
	return found[0].Step.Case, found[0], nil
}
