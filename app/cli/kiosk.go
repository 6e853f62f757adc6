package cli

import (
	"time"

	"github.com/spf13/cobra"

	"dac/app"
)

func (c *cli) kioskCmd() *cobra.Command {
	var idle time.Duration
	cmd := &cobra.Command{
		Use:   "kiosk",
		Short: "Open the kiosk: a shared full-screen terminal for a node office",
		Long: `Open the kiosk full screen on this data directory, which must hold the node
(sync it with a hub first, or build the demo). A resident signs in with their
own key, typing their recovery phrase or pasting their key code, for a session
that ends when they sign out or after --idle without use; then every screen is
built anew and the clipboard emptied, so nothing of theirs stays for the next
person. Newcomers get a key there, members vouch for them in person, and the
registrar admits them (the Register tab). The kiosk keeps no key of its own.`,
		Example: "  dac demo && dac kiosk\n  dac --data /srv/kiosk kiosk --idle 90s",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if idle < 10*time.Second {
				return &app.UserError{Msg: "--idle must be at least 10s"}
			}
			if c.env.Kiosk == nil {
				return &app.UserError{Msg: "this dac was built without a graphical interface, so it has no kiosk"}
			}
			return c.env.Kiosk(c.data, idle)
		},
	}
	cmd.Flags().DurationVar(&idle, "idle", 2*time.Minute, "end a session after this long without use")
	return cmd
}
