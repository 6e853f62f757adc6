package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
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
	cmd.AddCommand(c.treasuryShowCmd(), c.treasuryBudgetCmd(), c.treasuryProposeCmd(), c.treasuryCosignCmd())
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
	var to, amount, memo, work, item string
	var claim bool
	cmd := &cobra.Command{
		Use:   "propose (--claim | --pay-to KEY --amount UNITS [--memo M] | --pay-to KEY --item PROPOSAL:N [--amount UNITS] | --pay-work KEY)",
		Short: "Propose a treasury act (stewards only)",
		Long: `Propose a treasury act; it takes effect once k stewards have signed it.

--item pays towards option N (from 1) of a participatory budget the members
voted ('dac treasury budget' lists them, with what is left to pay): without
--amount, all that is left. An option is paid once its vote has closed,
never beyond its cost; paying an option the vote did not fund is refused
here, and shown to every member if k stewards do it anyway.`,
		Example: `  dac treasury propose --claim
  dac treasury propose --pay-to 3f2a…e9 --amount 250 --memo "well pump"
  dac treasury propose --pay-to 3f2a…e9 --item 97c8df13:1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n := btoi(claim) + btoi(to != "") + btoi(work != ""); n != 1 || (item != "" && to == "") {
				return &app.UserError{Msg: "give one of --claim, --pay-to with --amount or --item, or --pay-work"}
			}
			if _, _, err := parseItem(item); item != "" && err != nil {
				return err
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				if item != "" {
					return c.payItem(a, to, item, amount)
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
	cmd.Flags().StringVar(&item, "item", "", "pay towards option N of a funded budget (PROPOSAL:N)")
	return cmd
}

// payItem proposes a payment towards a funded budget option.
func (c *cli) payItem(a *app.App, to, item, amount string) error {
	k, err := ids.ParsePubKey(to)
	if err != nil {
		return app.Userf(err, "--pay-to: %v", err)
	}
	prop, opt, err := parseItem(item)
	if err != nil {
		return err
	}
	id, err := findProposal(a, prop)
	if err != nil {
		return err
	}
	var µ int64
	if amount != "" {
		if µ, err = parseUnits(amount); err != nil {
			return app.Userf(err, "--amount: %v", err)
		}
	}
	e, err := a.TreasuryPayItem(id, uint32(opt-1), k, µ)
	if err == nil {
		c.printf("Proposed act %s: pay %s towards option %d of %s. It takes effect once enough stewards cosign.\n",
			e.ID, k.Short(), opt, id.Short())
	}
	return err
}

// parseItem reads PROPOSAL:N (N from 1).
func parseItem(item string) (string, uint64, error) {
	prop, n, ok := strings.Cut(item, ":")
	opt, err := strconv.ParseUint(n, 10, 32)
	if !ok || err != nil || opt < 1 || prop == "" {
		return "", 0, &app.UserError{Msg: fmt.Sprintf("--item %q: give the budget proposal and the option's number from 1, as in 97c8df13:1", item)}
	}
	return prop, opt, nil
}

func (c *cli) treasuryBudgetCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "budget",
		Short: "What the treasury owes to participatory budgets, and what it paid",
		Long: `List every option a closed budget vote funded, with its cost and what the
treasury paid towards it, and any option paid that the vote did not fund.
Also shows the room for a new budget: the balance less what is owed.`,
		Example: "  dac treasury budget\n  dac treasury budget --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				v, err := a.Budgets()
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"lines": v.Lines, "balance": v.Balance, "owed": v.Owed, "room": v.Room()})
				}
				c.printf("Balance %s, owed to budgets %s: a new budget may promise up to %s.\n", units(v.Balance), units(v.Owed), units(v.Room()))
				if len(v.Lines) == 0 {
					c.printf("No budget vote has funded anything yet.\n")
				}
				for _, l := range v.Lines {
					c.printf("%s:%d  %s · %s: %s\n", l.Item.Proposal.Short(), l.Item.Option+1, l.Title, l.Name, budgetState(l))
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func budgetState(l core.BudgetLine) string {
	switch {
	case l.Unfunded():
		return fmt.Sprintf("NOT FUNDED by the vote, yet %s paid", units(l.Paid))
	case l.Left() == 0:
		return fmt.Sprintf("funded %s, paid in full", units(l.Cost))
	}
	return fmt.Sprintf("funded %s, paid %s, %s left to pay", units(l.Cost), units(l.Paid), units(l.Left()))
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
