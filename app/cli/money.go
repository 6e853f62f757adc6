package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

// units formats micro-units as units with two decimals (rounded down).
func units(µ int64) string {
	sign := ""
	if µ < 0 {
		sign, µ = "-", -µ
	}
	return fmt.Sprintf("%s%d.%02d", sign, µ/1_000_000, µ%1_000_000/10_000)
}

func (c *cli) balanceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "balance",
		Short: "Show your balance, today's dividend and demurrage, and where it is heading",
		Long: `Show your balance today, with the dividend every member receives each day and
the demurrage (the small daily decay that keeps money circulating) applied up to
today. Every balance drifts toward the same steady state, D/d: the dividend
divided by the demurrage rate. Below it your balance grows, above it it shrinks.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				b, err := a.Balance()
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"key": b.Key, "member": b.Member, "balance": b.Balance,
						"today_dividend": b.TodayDividend, "today_demurrage": b.TodayDemurrage,
						"target": b.Target, "in_30_days": b.In30Days, "in_365_days": b.In365Days})
				}
				c.printf("Balance            %s\nEach day           +%s dividend, -%s demurrage\nSteady state (D/d) %s\nIn 30 days         %s\nIn a year          %s\n",
					units(b.Balance), units(b.TodayDividend), units(b.TodayDemurrage), units(b.Target), units(b.In30Days), units(b.In365Days))
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) auditCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Audit the node's record (money)"}
	cmd.AddCommand(c.auditMoneyCmd())
	return cmd
}

func (c *cli) auditMoneyCmd() *cobra.Command {
	var date string
	cmd := &cobra.Command{
		Use:   "money",
		Short: "Add up every account and check that money is conserved",
		Long: `Compute every account as of a date (today by default), with pending dividends
and demurrage applied even to accounts that wrote nothing, and print the supply,
the supply per member against the target D/d, the money endowed, issued as
dividends and removed by demurrage, and whether supply equals endowed + issued
- demurred exactly, to the micro-unit. Exit status 1 if it does not.`,
		Example: "  dac audit money --json\n  dac audit money --date 2024-12-31",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			at := time.Now()
			if date != "" {
				t, err := time.Parse("2006-01-02", date)
				if err != nil {
					return app.Userf(err, "--date: use YYYY-MM-DD, got %q", date)
				}
				at = t.Add(24*time.Hour - time.Millisecond) // the end of that day
			}
			return c.withApp(cmd, func(a *app.App) error {
				rep, err := a.AuditMoney(at)
				if err != nil {
					return err
				}
				if err := c.showAudit(rep); err != nil {
					return err
				}
				if !rep.Conserved {
					fmt.Fprintln(c.env.Stderr, "dac: money is NOT conserved")
					return exitCode(1)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "audit as of the end of this day (YYYY-MM-DD, UTC)")
	c.addJSON(cmd)
	return cmd
}

func (c *cli) showAudit(r core.MoneyReport) error {
	if c.json {
		return c.printJSON(map[string]any{"period": r.Period, "members": r.Members, "accounts": r.Accounts,
			"supply": r.Supply, "held_by_former_members": r.HeldByFormer, "per_member": r.PerMember,
			"target_per_member": r.Target, "deviation_ppm": r.DeviationPPM, "endowed": r.Endowed,
			"issued": r.Issued, "demurred": r.Demurred, "conserved": r.Conserved, "accounts_add_up": r.AccountsAddUp,
			"held_by_members": r.HeldByMembers, "treasury": r.Treasury, "in_flight": r.InFlight,
			"cap_overflow": r.CapOverflow, "fork_created": r.ForkCreated, "fork_spent": r.ForkSpent,
			"withheld_by_sanctions": r.Withheld})
	}
	c.printf("Day %d of the node\nMembers            %d (%d accounts)\nSupply             %s (members %s, treasury %s, in flight %s)\nPer member         %s (target D/d %s, %+.3f %%)\nHeld by former     %s\nEndowed            %s\nDividends issued   %s (withheld by sanctions %s)\nDemurrage removed  %s\nCap overflow       %s\nConserved          %v\n",
		r.Period, r.Members, r.Accounts, units(r.Supply), units(r.HeldByMembers), units(r.Treasury), units(r.InFlight),
		units(r.PerMember), units(r.Target), float64(r.DeviationPPM)/1e4,
		units(r.HeldByFormer), units(r.Endowed), units(r.Issued), units(r.Withheld), units(r.Demurred), units(r.CapOverflow), r.Conserved)
	return nil
}

// parseUnits reads an amount in units with up to six decimals ("12.5") as µ.
func parseUnits(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" && frac == "" || len(frac) > 6 || strings.HasPrefix(whole, "-") {
		return 0, fmt.Errorf("an amount is a positive number of units with up to 6 decimals, like 12.50, not %q", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if whole == "" {
		w, err = 0, nil
	}
	if err != nil || w > 1<<40 {
		return 0, fmt.Errorf("an amount is a positive number of units with up to 6 decimals, like 12.50, not %q", s)
	}
	f := int64(0)
	if frac != "" {
		f, err = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("an amount is a positive number of units with up to 6 decimals, like 12.50, not %q", s)
		}
	}
	return w*1_000_000 + f, nil
}

func (c *cli) payCmd() *cobra.Command {
	var to, amount, memo string
	cmd := &cobra.Command{
		Use:     "pay --to KEY --amount UNITS [--memo TEXT]",
		Short:   "Pay a member",
		Long:    "Pay a member of this node. The payee sees it once they run `dac receive`.",
		Example: "  dac pay --to 3f2a…e9 --amount 12.50 --memo \"bread\"",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, err := ids.ParsePubKey(to)
			if err != nil {
				return app.Userf(err, "--to: %v", err)
			}
			µ, err := parseUnits(amount)
			if err != nil {
				return app.Userf(err, "--amount: %v", err)
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, err := a.Pay(k, µ, memo)
				if err != nil {
					return err
				}
				c.printf("Paid %s to %s (%s).\n", units(µ), k.Short(), e.ID.Short())
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the payee's public key (hex)")
	cmd.Flags().StringVar(&amount, "amount", "", "units, up to 6 decimals")
	cmd.Flags().StringVar(&memo, "memo", "", "what it is for (up to 140 bytes)")
	_ = cmd.MarkFlagRequired("to")
	_ = cmd.MarkFlagRequired("amount")
	return cmd
}

func (c *cli) receiveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "receive",
		Short: "Claim the payments made to you",
		Long: `Claim every payment made to you that you have not received yet. Money waiting
to be claimed decays like any balance, so claim it when you see it.

A payment from an account whose chain was proven forked (a double spend)
is not taken while the fork case is open: the account is frozen.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				got, err := a.ReceiveAll()
				c.printf("Received %d payment(s).\n", len(got))
				if frozen, _ := a.FrozenIncoming(); len(frozen) > 0 {
					c.printf("%d payment(s) wait: their payer's account is frozen while a fork case against it is open.\n", len(frozen))
				}
				return err
			})
		},
	}
}

func (c *cli) historyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List your payments, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				me, err := a.Whoami()
				if err != nil {
					return err
				}
				ps, err := a.History()
				if err != nil {
					return err
				}
				return c.showHistory(me, ps)
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) showHistory(me ids.PubKey, ps []core.Payment) error {
	if c.json {
		out := make([]map[string]any, len(ps))
		for i, p := range ps {
			out[i] = map[string]any{"id": p.ID, "from": p.From, "to": p.To, "amount": p.Amount,
				"time": p.Time, "received": p.Received, "credited": p.Credited}
		}
		return c.printJSON(map[string]any{"payments": out})
	}
	for _, p := range ps {
		dir, who := "to  ", p.To
		if p.To == me {
			dir, who = "from", p.From
		}
		state := "waiting to be claimed"
		if p.Received {
			state = "received"
		}
		c.printf("%s  %s %s  %12s  %s\n", when(p.Time), dir, who.Short(), units(p.Amount), state)
	}
	return nil
}
