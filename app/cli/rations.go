package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/ids"
	"dac/sync/p2p"
)

func (c *cli) rationsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rations",
		Short: "Your basket of water, food and energy: what is left, redeeming, handing over",
		Long: `Every member is entitled to the charter's basket each period (water a day, food a
week, energy a month, for example). You redeem at a distribution point: your
device signs the redemption and shows it as text or a QR code, and the point's
device verifies your recent history and countersigns the hand-over. Neither
needs a network. More than the entitlement costs money, progressively, up to a
cap; the price goes to the treasury. While an emergency is in force, quotas are
lower (never below the rights floor).`,
	}
	cmd.AddCommand(c.rationsStatusCmd(), c.rationsRedeemCmd(), c.rationsDispenseCmd())
	return cmd
}

func (c *cli) rationsStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show what is left of your basket this period, and any emergency in force",
		Long: `Show, for every item of the basket, your entitlement this period, what is left
of it, the paid extra you may still take, and when the period turns; then
every emergency in force and the time it has left.`,
		Example: "  dac rations status\n  dac rations status --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				v, err := a.Rations()
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(rationsJSON(v))
				}
				c.showRations(v)
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func rationsJSON(v app.RationsView) map[string]any {
	items := []map[string]any{}
	for _, it := range v.Items {
		items = append(items, map[string]any{"item": it.Item, "unit": it.Unit, "quota": it.Quota, "normal": it.Normal,
			"left": it.Left, "extra_taken": it.ExtraTaken, "extra_left": it.ExtraLeft, "period_end": it.PeriodEnd})
	}
	return map[string]any{"member": v.Member, "is_point": v.IsPoint, "points": v.Points, "items": items,
		"emergencies": emergenciesJSON(v.Emergencies), "refused": v.Refused}
}

func (c *cli) showRations(v app.RationsView) {
	if !v.Member {
		c.printf("You are not a member of this node: rations are for members.\n")
	}
	for _, it := range v.Items {
		quota := fmt.Sprintf("%d %s", it.Quota, it.Unit)
		if it.Quota != it.Normal {
			quota += fmt.Sprintf(" (normally %d)", it.Normal)
		}
		c.printf("%-8s %d %s left of %s this period; %d %s extra allowed; renews %s\n", it.Item, it.Left, it.Unit,
			quota, it.ExtraLeft, it.Unit, time.UnixMilli(it.PeriodEnd).UTC().Format("2006-01-02 15:04 UTC"))
	}
	if v.Refused > 0 {
		c.printf("%d of your redemptions were refused at the counter: your next redemption takes them back first.\n", v.Refused)
	}
	c.showEmergencies(v.Emergencies)
	if v.IsPoint {
		c.printf("This identity is a distribution point: 'dac rations dispense' countersigns hand-overs.\n")
	}
}

func (c *cli) rationsRedeemCmd() *cobra.Command {
	var item, point string
	var qty int64
	var extra, qr bool
	var depth int
	cmd := &cobra.Command{
		Use:   "redeem --item ITEM --qty N [--point KEY] [--extra] [--qr]",
		Short: "Redeem part of your basket at a distribution point (prints the bundle to show)",
		Long: `Sign a redemption of N units of ITEM at a distribution point (the node's only
point if there is one) and print it as a bundle (dacration1:…) for the point's
device: as text, or with --qr as a QR code. If N is more than is left this
period, the rest is extra and costs money: the command says the price, and
--extra agrees to pay it. Redeem at the counter: a redemption counts against
your entitlement as soon as it is signed.`,
		Example: "  dac rations redeem --item water --qty 40 --qr\n  dac rations redeem --item food --qty 16 --extra",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var pt ids.PubKey
			if point != "" {
				var err error
				if pt, err = ids.ParsePubKey(point); err != nil {
					return app.Userf(err, "--point: %v", err)
				}
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, body, err := a.Redeem(item, qty, pt, extra)
				if err != nil {
					return err
				}
				text, err := a.ExportRedemption(e.ID, depth)
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]any{"id": e.ID, "item": body.Item, "qty": body.Qty, "extra": body.Extra,
						"price": body.Price, "point": body.Point, "bundle": text})
				}
				c.printf("Redeemed %d %s at point %s (%s)", body.Qty, body.Item, body.Point.Short(), e.ID.Short())
				if body.Extra > 0 {
					c.printf(", of which %d extra for %s", body.Extra, units(body.Price))
				}
				c.printf(". Show this to the point:\n%s\n", text)
				if qr {
					q, err := p2p.QRText(text)
					if err != nil {
						return app.Userf(err, "the bundle is too long for a QR code: give it as text (or use a smaller --depth)")
					}
					c.printf("%s", q)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&item, "item", "", "a basket item (water, food, …)")
	cmd.Flags().Int64Var(&qty, "qty", 0, "how much, in the item's unit")
	cmd.Flags().StringVar(&point, "point", "", "the distribution point's key (default: the node's only point)")
	cmd.Flags().BoolVar(&extra, "extra", false, "agree to pay for what exceeds your entitlement")
	cmd.Flags().BoolVar(&qr, "qr", false, "also draw the bundle as a QR code")
	cmd.Flags().IntVar(&depth, "depth", app.DefaultBundleDepth, "how many of your entries up to the redemption to include")
	_ = cmd.MarkFlagRequired("item")
	_ = cmd.MarkFlagRequired("qty")
	c.addJSON(cmd)
	return cmd
}

func (c *cli) rationsDispenseCmd() *cobra.Command {
	var id string
	var refuse bool
	cmd := &cobra.Command{
		Use:   "dispense [BUNDLE | --id ID] [--refuse]",
		Short: "Verify a member's redemption and countersign the hand-over (a distribution point)",
		Long: `At a distribution point: read a member's redemption bundle (argument or standard
input), verify it against the member's history, and countersign the
hand-over. Nothing is signed when the redemption is invalid (nothing left,
another point's), when older history is missing, when the member has a
proven fork, when it was made more than 30 minutes ago, or when it ignores an
emergency this device knows. With --refuse, record the refusal instead: the
member's device then takes the entitlement back (within the period). With
--id, answer a redemption already on this device (it came by sync).`,
		Example: "  dac rations dispense dacration1:o2F…\n  dac rations dispense < bundle.txt\n  dac rations dispense --id 3f2a… --refuse",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				redeem, err := c.redemptionToAnswer(a, id, args, refuse)
				if err != nil {
					return err
				}
				return c.answer(a, redeem, refuse)
			})
		},
	}
	cmd.Flags().StringVar(&id, "id", "", "a redemption already on this device (hex id)")
	cmd.Flags().BoolVar(&refuse, "refuse", false, "record a refusal: the member takes the entitlement back")
	c.addJSON(cmd)
	return cmd
}

func (c *cli) answer(a *app.App, redeem ids.Hash, refuse bool) error {
	answer, done := a.Dispense, "Countersigned %s (%s): hand it over.\n"
	if refuse {
		answer, done = a.Refuse, "Refused %s (%s): the member's device takes the entitlement back.\n"
	}
	e, err := answer(redeem)
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]any{"answer": e.ID, "redemption": redeem, "refused": refuse})
	}
	c.printf(done, redeem.Short(), e.ID.Short())
	return nil
}

// redemptionToAnswer reads the redemption's id from --id, or imports the
// bundle and reports what the counter found (a problem stops a hand-over,
// not a refusal).
func (c *cli) redemptionToAnswer(a *app.App, id string, args []string, refuse bool) (ids.Hash, error) {
	if id != "" {
		h, err := ids.ParseHash(id)
		if err != nil {
			return h, app.Userf(err, "--id: %v", err)
		}
		return h, nil
	}
	text := ""
	if len(args) == 1 {
		text = args[0]
	} else {
		b, err := io.ReadAll(io.LimitReader(c.env.Stdin, app.MaxBundleText+1))
		if err != nil {
			return ids.Hash{}, err
		}
		text = string(b)
	}
	chk, err := a.ImportRedemption(text)
	if err != nil {
		return ids.Hash{}, err
	}
	if chk.Problem != "" && !(refuse && chk.Found) {
		return ids.Hash{}, &app.UserError{Msg: "not handed over: " + chk.Problem + refuseHint(chk)}
	}
	r := chk.Redemption
	if !c.json && chk.Problem != "" {
		c.printf("Not handed over: %s.\n", chk.Problem)
	} else if !c.json {
		c.printf("Verified: %s redeems %d %s", r.Member.Short(), r.Qty, r.Item)
		if r.Extra > 0 {
			c.printf(" (%d extra, paid %s)", r.Extra, units(r.Price))
		}
		c.printf(".\n")
	}
	return r.ID, nil
}

func refuseHint(chk app.CounterCheck) string {
	if !chk.Found || chk.Redemption.Dispensed || chk.Redemption.Refused {
		return ""
	}
	return fmt.Sprintf(". To give the member the entitlement back: dac rations dispense --refuse --id %s", chk.Redemption.ID)
}
