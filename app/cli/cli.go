// Package cli is the `dac` command line: one subcommand per use case, all
// driving package app. main.go only wires it; the GUI and kiosk faces plug
// in through Env.GUI.
package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/platforms"
)

// Env is the outside world the CLI talks to.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	IsTerminal     func() bool // whether Stdin is an interactive terminal
	ReadSecret     func(prompt string) ([]byte, error)
	// GUI opens the graphical app on a data directory and returns when its
	// window closes. main.go sets it (app/cli never imports Fyne); nil: `dac`
	// with no subcommand prints the node's state instead.
	GUI func(dataDir string) error
	// HomeProbe builds the GUI's home screen headlessly on a started,
	// unlocked app, for `dac bench startup`; nil: only the figures it shows.
	HomeProbe func(a *app.App) error
	// Kiosk opens the kiosk full screen (sessions end after idle unused);
	// nil: this dac has no GUI.
	Kiosk func(dataDir string, idle time.Duration) error
}

// OSEnv is the real process environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		IsTerminal: stdinIsTerminal, ReadSecret: readSecretTerminal}
}

// Main runs the command line and returns the process exit code.
func Main(args []string, env Env) int {
	root := newRoot(env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	if err := root.Execute(); err != nil {
		if code, ok := err.(exitCode); ok {
			return int(code) // the command has said why
		}
		fmt.Fprintln(env.Stderr, "dac:", app.Message(err))
		return 1
	}
	return 0
}

// exitCode is an error that carries an exit status; the command has already
// explained itself.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

type cli struct {
	env  Env
	data string
	json bool
	in   *bufio.Reader
}

func newRoot(env Env) *cobra.Command {
	c := &cli{env: env}
	root := &cobra.Command{
		Use:   "dac",
		Short: "DAC: the citizen app of a self-governing node",
		Long: `DAC keeps your identity, your node's record and your part in it on this device,
and works fully offline. With no subcommand, dac opens its window; the
subcommands script every use case ('dac state' shows the node you have open).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE:          c.runRoot,
	}
	root.PersistentFlags().StringVar(&c.data, "data", platforms.DataDir(), "data directory (or set DAC_DATA)")
	root.AddCommand(c.initCmd(), c.whoamiCmd(), c.nodeCmd(), c.demoCmd(), c.stateCmd(), c.logCmd(),
		c.membersCmd(), c.vouchCmd(), c.admitCmd(), c.leaveCmd(), c.rebuildCmd(), c.benchCmd(),
		c.balanceCmd(), c.auditCmd(), c.payCmd(), c.receiveCmd(), c.historyCmd(), c.offlineCmd(), c.treasuryCmd(), c.workCmd(), c.bundleCmd(),
		c.hubCmd(), c.syncCmd(), c.peersCmd(), c.confirmRestoreCmd(),
		c.rationsCmd(), c.emergencyCmd())
	root.AddCommand(c.proposeCmd(), c.voteCmd(), c.tallyCmd(), c.delegateCmd(), c.officeCmd())
	root.AddCommand(c.kioskCmd())
	root.AddCommand(c.housingCmd())
	root.AddCommand(c.sanctionCmd())
	return root
}

// runRoot opens the GUI when there is one, else shows the state.
func (c *cli) runRoot(cmd *cobra.Command, args []string) error {
	if c.env.GUI == nil {
		return c.runState(cmd, args)
	}
	return c.env.GUI(c.data)
}

// open starts the app on the data directory.
func (c *cli) open(cmd *cobra.Command) (*app.App, error) {
	a, err := app.New(app.Deps{DataDir: c.data})
	if err != nil {
		return nil, err
	}
	if err := a.Start(cmd.Context()); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// withApp runs fn on a started app and closes it.
func (c *cli) withApp(cmd *cobra.Command, fn func(a *app.App) error) error {
	if cmd.Context() == nil {
		cmd.SetContext(context.Background())
	}
	a, err := c.open(cmd)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

func (c *cli) printJSON(v any) error {
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (c *cli) printf(format string, args ...any) { fmt.Fprintf(c.env.Stdout, format, args...) }

func (c *cli) addJSON(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&c.json, "json", false, "print one JSON object (for scripts)")
}
