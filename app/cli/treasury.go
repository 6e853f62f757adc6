package cli

import (
	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/ids"
)

func (c *cli) treasuryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "treasury",
		Short: "The node treasury, held by k of n stewards",
		Long: `The node treasury receives what payments would bring above the balance cap and
pays for the common good. Every act (taking in cap overflow, paying) is
proposed by a steward and takes effect once k stewards have signed it.`,
	}
	cmd.AddCommand(c.treasuryShowCmd(), c.treasuryProposeCmd(), c.treasuryCosignCmd())
	return cmd
}

func (c *cli) treasuryShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Show the treasury's balance, stewards and acts waiting for signatures",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				v, err := a.Treasury()
				if err != nil {
					return err
				}
				if c.json {
					waiting := map[string]any{}
					for id, act := range v.Waiting {
						waiting[id.String()] = map[string]any{"tseq": act.TSeq, "proposer": act.Proposer, "pay": act.Pay}
					}
					return c.printJSON(map[string]any{"tip": v.Tip, "tseq": v.TSeq, "balance": v.Balance,
						"open_deposits": v.Deposits, "stewards": v.Stewards, "threshold": v.K, "waiting": waiting})
				}
				c.printf("Balance     %s (act %d)\nStewards    %d, of whom %d must sign each act\nDeposits    %d cap overflow(s) waiting to be taken in\n",
					units(v.Balance), v.TSeq, len(v.Stewards), v.K, v.Deposits)
				for id, act := range v.Waiting {
					what := "take in deposits"
					if act.Pay != nil {
						what = "pay " + units(act.Pay.Amount) + " to " + act.Pay.To.Short()
					}
					c.printf("Waiting     %s: act %d by %s, %s\n", id, act.TSeq, act.Proposer.Short(), what)
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) treasuryProposeCmd() *cobra.Command {
	var to, amount, memo, work string
	var claim bool
	cmd := &cobra.Command{
		Use:   "propose (--claim | --pay-to KEY --amount UNITS [--memo M] | --pay-work KEY)",
		Short: "Propose a treasury act (stewards only)",
		Example: `  dac treasury propose --claim
  dac treasury propose --pay-to 3f2a…e9 --amount 250 --memo "well pump"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n := btoi(claim) + btoi(to != "") + btoi(work != ""); n != 1 {
				return &app.UserError{Msg: "give one of --claim, --pay-to with --amount, or --pay-work"}
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				if claim {
					e, err := a.TreasuryClaim()
					if err == nil {
						c.printf("Proposed act %s: take in the waiting cap overflow.\n", e.ID)
					}
					return err
				}
				if work != "" {
					k, err := ids.ParsePubKey(work)
					if err != nil {
						return app.Userf(err, "--pay-work: %v", err)
					}
					e, err := a.TreasuryPayWork(k)
					if err == nil {
						c.printf("Proposed act %s: pay %s's attested work.\n", e.ID, k.Short())
					}
					return err
				}
				k, err := ids.ParsePubKey(to)
				if err != nil {
					return app.Userf(err, "--pay-to: %v", err)
				}
				µ, err := parseUnits(amount)
				if err != nil {
					return app.Userf(err, "--amount: %v", err)
				}
				e, err := a.TreasuryPay(k, µ, memo)
				if err == nil {
					c.printf("Proposed act %s: pay %s to %s. It takes effect once enough stewards cosign.\n", e.ID, units(µ), k.Short())
				}
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&claim, "claim", false, "take in the cap overflow waiting")
	cmd.Flags().StringVar(&to, "pay-to", "", "pay this member (public key)")
	cmd.Flags().StringVar(&amount, "amount", "", "units, up to 6 decimals")
	cmd.Flags().StringVar(&memo, "memo", "", "what it is for")
	cmd.Flags().StringVar(&work, "pay-work", "", "pay this member's attested work (public key)")
	return cmd
}

func (c *cli) treasuryCosignCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "cosign ACT_ID",
		Short: "Sign a treasury act another steward proposed",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := ids.ParseHash(args[0])
			if err != nil {
				return app.Userf(err, "act id: %v", err)
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.TreasuryCosign(id)
				if err == nil {
					c.printf("Signed act %s (%s).\n", id.Short(), e.ID.Short())
				}
				return err
			})
		},
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
