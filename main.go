// Command dac is DAC's one program: the citizen app's command line today,
// and its GUI, kiosk and hub as they land. This file is the composition root
// only; everything it runs lives in app/cli, app, core, sync and ui.
package main

import (
	"os"

	"dac/app/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.OSEnv()))
}
