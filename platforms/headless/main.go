// Command headless is dac without its window: every subcommand, the hub
// included, with no Fyne and no cgo. It serves always-on hubs on machines
// without a display and proves that everything below ui stays portable:
// `make mobile-check` cross-compiles it for android/arm64 with cgo off
// (libp2p then needs -ldflags=-checklinkname=0).
package main

import (
	"os"

	"dac/app/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], cli.OSEnv())) }
