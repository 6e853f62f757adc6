package cli

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/ids"
)

func (c *cli) offlineCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "offline",
		Short: "Hand a payment to a payee with no network (payment bundles)",
	}
	cmd.AddCommand(c.exportPaymentCmd(), c.importPaymentCmd())
	return cmd
}

func (c *cli) exportPaymentCmd() *cobra.Command {
	var pay string
	var depth int
	cmd := &cobra.Command{
		Use:   "export-payment [--pay ID] [--depth N]",
		Short: "Print a payment bundle (text, QR-sized when short) for the payee",
		Long: `Print a bundle with one of your payments (your latest by default) and your
entries before it, for the payee's device to verify the payment with no network.
Give it to the payee as text, a QR code or a file; they run
'dac offline import-payment'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				id, err := c.payToExport(a, pay)
				if err != nil {
					return err
				}
				text, err := a.ExportPayment(id, depth)
				if err != nil {
					return err
				}
				c.printf("%s\n", text)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&pay, "pay", "", "the payment's id (hex; default: your latest payment)")
	cmd.Flags().IntVar(&depth, "depth", app.DefaultBundleDepth, "how many of your entries up to the payment to include")
	return cmd
}

func (c *cli) payToExport(a *app.App, pay string) (ids.Hash, error) {
	if pay != "" {
		id, err := ids.ParseHash(pay)
		if err != nil {
			return ids.Hash{}, app.Userf(err, "--pay: %v", err)
		}
		return id, nil
	}
	me, err := a.Whoami()
	if err != nil {
		return ids.Hash{}, err
	}
	hist, err := a.History()
	if err != nil {
		return ids.Hash{}, err
	}
	for _, p := range hist {
		if p.From == me {
			return p.ID, nil
		}
	}
	return ids.Hash{}, &app.UserError{Msg: "you have made no payment yet"}
}

func (c *cli) importPaymentCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import-payment [BUNDLE]",
		Short: "Verify and store a payment bundle from a payer (argument or standard input)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text := ""
			if len(args) == 1 {
				text = args[0]
			} else {
				b, err := io.ReadAll(c.env.Stdin)
				if err != nil {
					return err
				}
				text = string(b)
			}
			return c.withApp(cmd, func(a *app.App) error {
				imp, err := a.ImportPayment(strings.TrimSpace(text))
				if err != nil {
					return err
				}
				c.showImport(imp)
				return nil
			})
		},
	}
	return cmd
}

func (c *cli) showImport(imp app.Imported) {
	for _, p := range imp.Payments {
		c.printf("Payment of %s from %s: verified.\n", units(p.Amount), p.From.Short())
	}
	if len(imp.Payments) == 0 {
		c.printf("The bundle holds no payment to you (%d new entries).\n", imp.Added)
	}
	if imp.Waiting {
		c.printf("Some entries wait for older history of the payer: ask for a bundle with a larger --depth, or sync.\n")
	}
	if imp.OverCap > 0 {
		c.printf("Warning: the payer paid %s more in one day than the offline cap allows.\n", units(imp.OverCap))
	}
	if len(imp.Payments) > 0 && !imp.Waiting {
		c.printf("Run 'dac receive' to claim it.\n")
	}
}
