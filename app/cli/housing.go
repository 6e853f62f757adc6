package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

func (c *cli) housingCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "housing",
		Short: "Housing: dwellings, applications, allocation rounds, your right of use",
		Long: `The node owns the dwellings; members hold a right of use while they are members.
Apply for your household (your needs are sealed so that only the housing office
and you can read them); the office closes allocation rounds, and every device
recomputes the allocation (need first, then waiting time, then a draw) and can
audit it. You may swap by mutual consent, ask for modifications, or give your
dwelling back. No one can take it from you, sell it or rent it.`,
	}
	cmd.AddCommand(c.housingStatusCmd(), c.housingDwellingsCmd(), c.housingRegisterCmd(), c.housingApplyCmd(),
		c.housingApplicationsCmd(), c.housingRoundCmd(), c.housingAuditCmd(), c.housingModifyCmd(),
		c.housingApproveCmd(), c.housingSwapCmd(), c.housingRelinquishCmd(), c.housingFeeCmd())
	return cmd
}

// unlocked runs fn with the identity unlocked.
func (c *cli) housingUnlocked(cmd *cobra.Command, fn func(a *app.App) error) error {
	return c.withApp(cmd, func(a *app.App) error {
		if err := c.unlock(a); err != nil {
			return err
		}
		return fn(a)
	})
}

func (c *cli) housingStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Your dwelling, or your place in the queue and what would improve it",
		Long: `Shows the dwelling you hold, or, while you wait, your rank among the households
waiting and what kind of free dwelling would be yours, and when.`,
		Example: "  dac housing status\n  dac housing status --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				m, err := a.MyHousing()
				if err != nil || c.json {
					return orThen(err, func() error { return c.printJSON(m) })
				}
				c.printMyHousing(m)
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func orThen(err error, then func() error) error {
	if err != nil {
		return err
	}
	return then()
}

func (c *cli) printMyHousing(m app.MyHousing) {
	switch {
	case m.Home != nil:
		c.printf("Your dwelling  %s\nRight since   %s (dwelling %s)\n", m.Describe, m.Home.Since.Short(), m.Home.Dwelling.Short())
	case m.Waiting:
		c.printf("Waiting       number %d of %d households waiting\nWhat helps    %s\n", m.Rank, m.Of, m.Hint)
	case m.Unopened:
		c.printf("Applied       the next round opens your application\n")
	default:
		c.printf("You hold no dwelling and have no application waiting: 'dac housing apply'.\n")
	}
	for _, s := range m.Swaps {
		c.printf("Swap          %s: %s offers %s for %s's\n", s.ID, s.A.Short(), s.Mine.Dwelling.Short(), s.B.Short())
	}
}

func (c *cli) housingDwellingsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "dwellings",
		Short:   "List the node's dwellings and who holds each",
		Example: "  dac housing dwellings\n  dac housing dwellings --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				ds, h, err := a.Dwellings()
				if err != nil || c.json {
					return orThen(err, func() error { return c.printJSON(ds) })
				}
				for _, d := range ds {
					holder := "free"
					if !d.Home.Holder.IsZero() {
						holder = "held by " + d.Home.Holder.Short()
					}
					c.printf("%s  %-20s %-40s %s\n", d.ID.Short(), d.Label, describeDwelling(h, d.DwellingRow), holder)
				}
				c.printf("%d dwelling(s)\n", len(ds))
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func describeDwelling(h *charter.Housing, d core.DwellingRow) string {
	s := fmt.Sprintf("%d rooms, %d m², %s", d.Rooms, d.Area, []string{"poor", "fair", "good"}[min(d.Repair, 2)])
	if f := housingWords(h.Features, d.Features); f != "" {
		s += ", " + f
	}
	if int(d.District) < len(h.Districts) {
		s += ", " + h.Districts[d.District]
	}
	return s
}

func housingWords(words []string, bits uint32) string {
	var out []string
	for i, w := range words {
		if bits&(1<<i) != 0 {
			out = append(out, w)
		}
	}
	return strings.Join(out, ", ")
}

// housingBits reads comma-separated names of a charter list as a bit set.
func housingBits(field string, words []string, list string) (uint32, error) {
	var b uint32
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		i := slices.Index(words, name)
		if i < 0 {
			return 0, &app.UserError{Msg: fmt.Sprintf("%s %q is not in the charter (it has: %s)", field, name, strings.Join(words, ", "))}
		}
		b |= 1 << i
	}
	return b, nil
}

func (c *cli) housingRegisterCmd() *cobra.Command {
	var label, district, features string
	var rooms, repair uint8
	var area uint32
	cmd := &cobra.Command{
		Use:     "register --label L --rooms N --area M2 --district D [--features F,G] [--repair 0|1|2]",
		Short:   "Register a dwelling (the housing office)",
		Example: `  dac housing register --label "Mill Lane 4" --rooms 2 --area 55 --district river --features step-free`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				h, err := a.HousingRules()
				if err != nil {
					return err
				}
				d := core.Dwelling{Label: label, Rooms: rooms, Area: area, Repair: repair}
				f, err := housingBits("feature", h.Features, features)
				if err != nil {
					return err
				}
				dist, err := housingBits("district", h.Districts, district)
				if err != nil || dist == 0 || dist&(dist-1) != 0 {
					return orThen(err, func() error { return &app.UserError{Msg: "give exactly one --district"} })
				}
				d.Features, d.District = f, uint8(slices.Index(h.Districts, strings.TrimSpace(district)))
				e, err := a.RegisterDwelling(d)
				if err == nil {
					c.printf("Registered %s: %s.\n", label, e.ID)
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&label, "label", "", "address or name")
	cmd.Flags().Uint8Var(&rooms, "rooms", 0, "rooms to live and sleep in")
	cmd.Flags().Uint32Var(&area, "area", 0, "floor area in m²")
	cmd.Flags().StringVar(&district, "district", "", "one district of the charter")
	cmd.Flags().StringVar(&features, "features", "", "accessibility features, comma-separated")
	cmd.Flags().Uint8Var(&repair, "repair", 2, "state of repair: 0 poor, 1 fair, 2 good")
	for _, f := range []string{"label", "rooms", "area", "district"} {
		_ = cmd.MarkFlagRequired(f)
	}
	return cmd
}

func (c *cli) housingApplyCmd() *cobra.Command {
	var size uint8
	var needs, districts, note string
	cmd := &cobra.Command{
		Use:   "apply --size N [--needs F,G] [--districts D,E] [--note TEXT]",
		Short: "Apply for a dwelling for your household",
		Long: `Apply for your household. Everything you give is sealed so that only the housing
office and you can read it; at the next round the office opens only the size,
the accessibility features you need and the districts you accept (checked
against a commitment you signed), so every device can recompute the allocation.
Naming no district means any district (and usually a shorter wait).`,
		Example: `  dac housing apply --size 3
  dac housing apply --size 2 --needs step-free --districts river,north --note "wheelchair"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				h, err := a.HousingRules()
				if err != nil {
					return err
				}
				at := core.Attrs{Size: size}
				if at.Access, err = housingBits("feature", h.Features, needs); err != nil {
					return err
				}
				if at.Districts, err = housingBits("district", h.Districts, districts); err != nil {
					return err
				}
				e, err := a.Apply(at, note)
				if err == nil {
					c.printf("Applied (%s): %s. The next round opens it.\n", e.ID.Short(), app.DescribeNeeds(h, at))
				}
				return err
			})
		},
	}
	cmd.Flags().Uint8Var(&size, "size", 0, "persons in your household")
	cmd.Flags().StringVar(&needs, "needs", "", "accessibility features you need, comma-separated")
	cmd.Flags().StringVar(&districts, "districts", "", "districts you accept, comma-separated (none: any)")
	cmd.Flags().StringVar(&note, "note", "", "anything the housing office should know (private)")
	_ = cmd.MarkFlagRequired("size")
	return cmd
}

func (c *cli) housingApplicationsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "applications",
		Short: "Read applications: all of them (housing office), or your own",
		Long: `Opens the sealed needs of the applications this identity may read: every
application for a holder of the housing office, your own for anyone else.`,
		Example: "  dac housing applications\n  dac housing applications --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				apps, err := a.Applications()
				if err != nil || c.json {
					return orThen(err, func() error { return c.printJSON(apps) })
				}
				h, _ := a.HousingRules()
				for _, x := range apps {
					needs := x.Err
					if needs == "" {
						needs = app.DescribeNeeds(h, x.Needs.Attrs) + fmt.Sprintf(" (%d persons)", x.Needs.Attrs.Size)
						if x.Needs.Note != "" {
							needs += "; note: " + x.Needs.Note
						}
					}
					c.printf("%s  %s  by %s  %-8s  %s\n", x.ID.Short(), when(x.Time), x.Applicant.Short(), x.Status, needs)
				}
				c.printf("%d application(s)\n", len(apps))
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) housingModifyCmd() *cobra.Command {
	var work, note string
	var amount int64
	cmd := &cobra.Command{
		Use:   "modify --work KIND --amount N [--note TEXT]",
		Short: "Ask for a modification of your dwelling",
		Long: `Asks for a modification of the dwelling you hold. The charter lists the kinds
allowed and their limits; above a kind's free limit the housing office must
approve ('dac housing approve').`,
		Example: `  dac housing modify --work shelving --amount 4
  dac housing modify --work ramp --amount 3 --note "front step"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				e, err := a.ModifyDwelling(work, amount, note)
				if err == nil {
					c.printf("Asked (%s): %s, %d.\n", e.ID, work, amount)
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&work, "work", "", "a modification kind of the charter")
	cmd.Flags().Int64Var(&amount, "amount", 0, "how much, in the kind's unit")
	cmd.Flags().StringVar(&note, "note", "", "what and why")
	_ = cmd.MarkFlagRequired("work")
	_ = cmd.MarkFlagRequired("amount")
	return cmd
}

func (c *cli) housingApproveCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "approve REQUEST_ID",
		Short:   "Approve a modification that needs it (housing office)",
		Example: "  dac housing approve 3f2a…e9",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := ids.ParseHash(args[0])
			if err != nil {
				return app.Userf(err, "request id: %v", err)
			}
			return c.housingUnlocked(cmd, func(a *app.App) error {
				e, err := a.ApproveModification(id)
				if err == nil {
					c.printf("Approved %s (%s).\n", id.Short(), e.ID.Short())
				}
				return err
			})
		},
	}
}

func (c *cli) housingSwapCmd() *cobra.Command {
	var with, accept string
	cmd := &cobra.Command{
		Use:   "swap (--with MEMBER | --accept PROPOSAL)",
		Short: "Swap dwellings by mutual consent",
		Long: `Offer to swap your dwelling with another household's (--with their key), or
accept a swap offered to you (--accept the proposal's id; see 'dac housing
status'). The swap takes effect at the next round.`,
		Example: "  dac housing swap --with 3f2a…e9\n  dac housing swap --accept 9c1d…07",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (with == "") == (accept == "") {
				return &app.UserError{Msg: "give one of --with or --accept"}
			}
			return c.housingUnlocked(cmd, func(a *app.App) error {
				if accept != "" {
					id, err := ids.ParseHash(accept)
					if err != nil {
						return app.Userf(err, "proposal id: %v", err)
					}
					e, err := a.AcceptSwap(id)
					return orThen(err, func() error {
						c.printf("Accepted (%s); it takes effect at the next round.\n", e.ID.Short())
						return nil
					})
				}
				k, err := ids.ParsePubKey(with)
				if err != nil {
					return app.Userf(err, "member key: %v", err)
				}
				e, err := a.ProposeSwap(k)
				return orThen(err, func() error { c.printf("Proposed %s; %s must accept it.\n", e.ID, k.Short()); return nil })
			})
		},
	}
	cmd.Flags().StringVar(&with, "with", "", "the other household's member key")
	cmd.Flags().StringVar(&accept, "accept", "", "a proposal offered to you")
	return cmd
}

func (c *cli) housingRelinquishCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "relinquish",
		Short: "Give your dwelling back (it goes to the households waiting)",
		Long: `Gives back the dwelling you hold, for example when you move to another node.
It names no one: a right of use cannot be passed on. Leaving the node
('dac leave') gives it back too.`,
		Example: "  dac housing relinquish",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				e, err := a.Relinquish()
				return orThen(err, func() error {
					c.printf("Given back (%s); the next round frees it.\n", e.ID.Short())
					return nil
				})
			})
		},
	}
}

func (c *cli) housingFeeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "fee",
		Short: "Pay this month's usage fee for your dwelling (to the treasury)",
		Long: `Pays this month's usage fee, by the charter's bands of monthly income: what
your account received since your previous fee (payments and contribution
income, not the dividend), per month. The lowest band pays nothing.`,
		Example: "  dac housing fee",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.housingUnlocked(cmd, func(a *app.App) error {
				e, err := a.PayHousingFee()
				return orThen(err, func() error { c.printf("Paid this month's usage fee (%s).\n", e.ID.Short()); return nil })
			})
		},
	}
}
