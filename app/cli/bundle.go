package cli

import (
	"github.com/spf13/cobra"

	"dac/app"
)

func (c *cli) bundleCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bundle",
		Short: "Carry the node's record on a file (USB stick, drone tanker)",
		Long: `Write the node's entries to a bundle file (a standard CAR file), or merge a
bundle into this device. For places with no network between them: a USB
stick, or the data a drone tanker carries from node to node.`,
	}
	cmd.AddCommand(c.bundleExportCmd(), c.bundleImportCmd())
	return cmd
}

func (c *cli) bundleExportCmd() *cobra.Command {
	var since int64
	cmd := &cobra.Command{
		Use:     "export FILE [--since POSITION]",
		Short:   "Write the node's entries (all, or those stored after a position) to FILE",
		Example: "  dac bundle export /media/usb/node.car\n  dac bundle export week.car --since 41233",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				r, err := a.ExportBundle(args[0], since)
				if err != nil {
					return err
				}
				c.printf("Wrote %d entries to %s. Next time, --since %d writes only what came after.\n", r.Entries, args[0], r.Last)
				return nil
			})
		},
	}
	cmd.Flags().Int64Var(&since, "since", 0, "only entries stored after this position (from an earlier export)")
	return cmd
}

func (c *cli) bundleImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Verify a bundle and merge its entries (a device with no node joins the bundle's)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				r, err := a.ImportBundle(args[0])
				if err != nil {
					return err
				}
				c.printf("Merged: %d new, %d already here, %d waiting for earlier entries, %d refused.\n",
					r.Added, r.Duplicate, r.Pending, r.Rejected)
				return nil
			})
		},
	}
}
