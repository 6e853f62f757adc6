package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/identity"
)

func (c *cli) initCmd() *cobra.Command {
	var restore bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create this device's identity (or restore it from a recovery phrase)",
		Long: `Create your identity: an ed25519 key, kept encrypted under your passphrase.
The passphrase is asked at the terminal (twice), or taken from DAC_PASSPHRASE,
or read as one line of standard input. You are shown a 24-word recovery phrase
once: write it down, it is the only way back to your money and your home if
this device is lost.

With --restore, the recovery phrase is read from DAC_RECOVERY_PHRASE, the
terminal, or the first line of standard input (then the passphrase).`,
		Example: `  dac init
  DAC_PASSPHRASE='correct horse battery staple' dac init
  dac init --restore`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withIdentityOnly(func(a *app.App) error {
				if a.HasIdentity() {
					return app.ErrIdentityExists
				}
				if restore {
					return c.restore(a)
				}
				return c.create(a)
			})
		},
	}
	cmd.Flags().BoolVar(&restore, "restore", false, "restore from a recovery phrase")
	return cmd
}

func (c *cli) create(a *app.App) error {
	pass, err := c.passphrase(true)
	if err != nil {
		return err
	}
	if score, hint := identity.PassphraseStrength(string(pass)); score < 2 {
		c.printf("Note on your passphrase: %s\n", hint)
	}
	id, err := a.CreateIdentity(pass)
	if err != nil {
		return err
	}
	c.printf("Your identity: %s\n\nRecovery phrase (write it down now; it is shown only once):\n\n", id.Public)
	words := strings.Fields(id.Phrase)
	for i := 0; i < len(words); i += 6 {
		c.printf("  %s\n", numbered(words[i:min(i+6, len(words))], i+1))
	}
	c.printf("\n")
	return nil
}

func numbered(ws []string, from int) string {
	var b strings.Builder
	for i, w := range ws {
		b.WriteString(pad(itoa(from+i)+". "+w, 16))
	}
	return strings.TrimRight(b.String(), " ")
}

func (c *cli) restore(a *app.App) error {
	phrase := c.env.Getenv("DAC_RECOVERY_PHRASE")
	if phrase == "" {
		if c.env.IsTerminal != nil && c.env.IsTerminal() {
			c.printf("Recovery phrase (24 words): ")
		}
		b, err := c.readLine("recovery phrase")
		if err != nil {
			return err
		}
		phrase = string(b)
	}
	id, err := c.restoreFrom(a, phrase)
	if err != nil {
		return err
	}
	c.printf("Restored identity %s\n", id.Public)
	c.printf("This device signs nothing until it has synced with a hub or a neighbour (dac sync --peer CODE),\n" +
		"so that no entry of yours made on another device is contradicted. If this key was never used\n" +
		"anywhere else, say so with 'dac confirm-restore'.\n")
	return nil
}

// restoreFrom restores the identity of a recovery phrase under a new
// passphrase (asked twice, or DAC_PASSPHRASE).
func (c *cli) restoreFrom(a *app.App, phrase string) (app.NewIdentity, error) {
	pass, err := c.passphrase(true)
	if err != nil {
		return app.NewIdentity{}, err
	}
	return a.RestoreIdentity(phrase, pass)
}

func (c *cli) confirmRestoreCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "confirm-restore",
		Short: "Allow a restored key to sign before its first sync",
		Long: `After 'dac init --restore' this device signs nothing until a sync with a hub or a
neighbour has brought the entries your key made on other devices: signing
without them would contradict them (a fork), and a fork opens a sanction.

Run this only if the key was never used on another device, or if you have
brought its whole history here another way (a bundle from a hub).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				if !a.AwaitingCatchUp() {
					c.printf("Nothing to confirm: this device may sign.\n")
					return nil
				}
				if err := a.ConfirmCaughtUp(); err != nil {
					return err
				}
				c.printf("Confirmed: this device may sign with the restored key.\n")
				return nil
			})
		},
	}
}

func (c *cli) whoamiCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show this device's public key",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withIdentityOnly(func(a *app.App) error {
				k, err := a.Whoami()
				if err != nil {
					return err
				}
				if c.json {
					return c.printJSON(map[string]string{"public_key": k.String()})
				}
				c.printf("%s\n", k)
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

// withIdentityOnly runs fn on an app that has not opened any node: for
// commands about the identity alone.
func (c *cli) withIdentityOnly(fn func(a *app.App) error) error {
	a, err := app.New(app.Deps{DataDir: c.data})
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

// unlock asks for the passphrase and unlocks the identity.
func (c *cli) unlock(a *app.App) error {
	if !a.HasIdentity() {
		return app.ErrNoIdentity
	}
	p, err := c.passphrase(false)
	if err != nil {
		return err
	}
	return a.Unlock(p)
}
