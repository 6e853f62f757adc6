package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
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
			"issued": r.Issued, "demurred": r.Demurred, "conserved": r.Conserved,
			"treasury": 0, "in_flight": 0, "cap_overflow": 0})
	}
	c.printf("Day %d of the node\nMembers            %d (%d accounts)\nSupply             %s\nPer member         %s (target D/d %s, %+.3f %%)\nHeld by former     %s\nEndowed            %s\nDividends issued   %s\nDemurrage removed  %s\nConserved          %v\n",
		r.Period, r.Members, r.Accounts, units(r.Supply), units(r.PerMember), units(r.Target), float64(r.DeviationPPM)/1e4,
		units(r.HeldByFormer), units(r.Endowed), units(r.Issued), units(r.Demurred), r.Conserved)
	return nil
}
