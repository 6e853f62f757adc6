// Command dac is DAC's one program: with no subcommand it opens the GUI; its
// subcommands are the command line, the hub and the kiosk. This file
// is the composition root only; everything it runs lives in app/cli, app,
// core, sync and ui.
package main

import (
	"os"
	"time"

	"dac/app/cli"
	"dac/ui"
)

func main() {
	env := cli.OSEnv()
	env.GUI = func(dataDir string) error {
		return ui.Run(ui.RunConfig{DataDir: dataDir, Network: os.Getenv("DAC_SCREENSHOTS") == "",
			Screenshots: os.Getenv("DAC_SCREENSHOTS"), Passphrase: os.Getenv("DAC_PASSPHRASE")})
	}
	env.HomeProbe = ui.HomeProbe
	env.Kiosk = func(dataDir string, idle time.Duration) error {
		return ui.RunKiosk(ui.RunConfig{DataDir: dataDir, Network: os.Getenv("DAC_SCREENSHOTS") == "",
			Screenshots: os.Getenv("DAC_SCREENSHOTS")}, idle)
	}
	os.Exit(cli.Main(os.Args[1:], env))
}
