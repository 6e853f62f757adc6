package cli

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

func (c *cli) officeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "office",
		Short: "Offices filled by sortition or election: volunteer, reveal, take a seat, see the draw",
		Long: `The charter's offices are filled by sortition from willing members, term by term.
Volunteer before a term (your device commits to a secret derived from your
key); in the day before the term starts, reveal it; the draw's randomness is
every revealed secret, so no one can choose it after seeing it. If you win,
take your seat during the term. An elected office is filled by an election
proposal ('dac propose --kind election --office NAME --term N --candidate KEY…');
its winner takes the seat the same way. No one holds an office for more than the
charter's consecutive terms, nor two offices of separated branches at once.

An office may hold a power (the registrar office: admitting members). From
its first term on, only a holder may use it, and only once k members have
confirmed their seat (k: the vouches an admission needs). Your device
confirms by itself, after each sync, the seats of the running term that it
counts among the winners; 'dac office confirm' does it now.`,
	}
	cmd.AddCommand(c.officeListCmd(), c.officeVolunteerCmd(), c.officeStepCmd("reveal"), c.officeStepCmd("take"),
		c.officeConfirmCmd(), c.officeDrawCmd())
	return cmd
}

func (c *cli) officeListCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the offices, their holders and the next draw",
		Example: "  dac office list\n  dac office list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				os, err := a.Offices()
				if err != nil {
					return err
				}
				if c.json {
					if os == nil {
						os = []app.OfficeView{}
					}
					return c.printJSON(os)
				}
				for _, o := range os {
					how := "by sortition"
					if o.Office.Elected {
						how = "elected"
					}
					c.printf("%-10s %-10s %s, %d seat(s), %d-day terms, at most %d in a row\n", o.Office.Name, o.Office.Branch,
						how, o.Office.Seats, o.Office.TermDays, o.Office.MaxTerms)
					c.printf("           term %d: %s; next term from %s\n", o.Term, holders(o.Current), when(o.Next.Start))
					switch {
					case len(o.Office.Powers) > 0 && o.Need == 0:
						c.printf("           powers: %s, not in use (a node founded by one keeps its charter's registrar)\n", strings.Join(o.Office.Powers, ", "))
					case len(o.Office.Powers) > 0:
						c.printf("           powers: %s (from term 1; a seat needs %d confirmations)\n", strings.Join(o.Office.Powers, ", "), o.Need)
					}
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func holders(t core.OfficeTerm) string {
	if len(t.Holders) == 0 {
		return "vacant"
	}
	s := "held by"
	for _, h := range t.Holders {
		s += " " + h.Short()
	}
	return s
}

func (c *cli) officeVolunteerCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "volunteer OFFICE",
		Short:   "Volunteer for the next term of an office whose call is open",
		Example: "  dac office volunteer audit",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				e, term, err := a.Volunteer(args[0])
				if err == nil {
					c.printf("Volunteered for term %d of %s (%s). Reveal in the day before it starts: 'dac office reveal %s'.\n",
						term, args[0], e.ID.Short(), args[0])
				}
				return err
			})
		},
	}
}

// officeStepCmd is "reveal" or "take".
func (c *cli) officeStepCmd(step string) *cobra.Command {
	short := map[string]string{
		"reveal": "Reveal your secret for the term that starts next (in the day before it)",
		"take":   "Take the seat you won for the running term",
	}[step]
	return &cobra.Command{
		Use:     step + " OFFICE",
		Short:   short,
		Example: "  dac office " + step + " audit",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				var id string
				if step == "reveal" {
					e, err := a.Reveal(args[0])
					if err != nil {
						return err
					}
					id = e.ID.Short()
				} else {
					e, err := a.TakeSeat(args[0])
					if err != nil {
						return err
					}
					id = e.ID.Short()
				}
				c.printf("Done: %s %s (%s).\n", step, args[0], id)
				return nil
			})
		},
	}
}

func (c *cli) officeDrawCmd() *cobra.Command {
	var term string
	cmd := &cobra.Command{
		Use:   "draw OFFICE [--term N]",
		Short: "Show a term's draw: the seed, every lot, the winners and who took a seat",
		Long: `Recompute a sortition from the entries on this device: the seed (the hash of
every revealed secret), each revealer's lot (the hash of the seed and their
key; the smallest lots win) and the holders who took their seats.`,
		Example: "  dac office draw audit\n  dac office draw audit --term 2 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n := uint64(0)
			if term != "" {
				var err error
				if n, err = strconv.ParseUint(term, 10, 32); err != nil {
					return app.Userf(err, "a term is a whole number, not %q", term)
				}
			}
			return c.withApp(cmd, func(a *app.App) error {
				t, err := a.OfficeTerm(args[0], uint32(n))
				if err != nil || c.json {
					if err == nil {
						err = c.printJSON(t)
					}
					return err
				}
				c.printf("%s term %d, %s to %s\nSeed   %s\n", args[0], t.Draw.Term, when(t.Start), when(t.End), t.Draw.Seed)
				for i, l := range t.Draw.Lots {
					c.printf("  %2d  %s  lot %s\n", i+1, l.Member.Short(), l.Lot.Short())
				}
				if !t.Election.IsZero() {
					c.printf("Elected by %s\n", t.Election)
				}
				c.printf("Winners %d; %s\n", len(t.Winners), holders(t))
				for _, st := range t.Seats {
					c.printf("  seat of %s (take %s): confirmed by %d%s\n", st.Member.Short(), st.Take.Short(), len(st.By), byList(st.By))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&term, "term", "", "the term (default: the running one)")
	c.addJSON(cmd)
	return cmd
}

func (c *cli) officeConfirmCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "confirm",
		Short: "Confirm the seats this device counts among the holders of an office with a power",
		Long: `Write a confirmation for each seat of the running term of an office with a
power (the registrar office) that this device's own view of the draw or the
election counts among the winners, and that does not have its k
confirmations yet, once the term has run 6 hours (reveals made offline may
still be on their way). The app does this by itself after each sync; this
command does it now and hands the confirmations over. Nothing to confirm is
not an error.`,
		Example: "  dac office confirm",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				es, err := a.ConfirmSeats()
				for _, e := range es {
					c.printf("Confirmed a seat: %s\n", e.ID)
				}
				if err == nil && len(es) == 0 {
					c.printf("Nothing to confirm now.\n")
				}
				return err
			})
		},
	}
}

// byList is ": a, b" for a non-empty list of confirmers.
func byList(ks []ids.PubKey) string {
	if len(ks) == 0 {
		return ""
	}
	return ": " + ids.ShortKeys(ks)
}
