// Package platforms holds what differs per operating system: where DAC keeps
// its data, and (in subdirectories) packaging for desktops, phones and the
// hub's service unit.
package platforms

import (
	"os"
	"path/filepath"
	"runtime"
)

// DataDir is the platform's user data directory for DAC: $DAC_DATA if set,
// else $XDG_DATA_HOME/dac or ~/.local/share/dac on Linux and BSDs,
// ~/Library/Application Support/dac on macOS and %AppData%\dac on Windows.
func DataDir() string {
	if d := os.Getenv("DAC_DATA"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin", "ios":
		return filepath.Join(home, "Library", "Application Support", "dac")
	case "windows":
		if d := os.Getenv("AppData"); d != "" {
			return filepath.Join(d, "dac")
		}
	case "android":
		if d, err := os.UserConfigDir(); err == nil {
			return filepath.Join(d, "dac")
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "dac")
	}
	return filepath.Join(home, ".local", "share", "dac")
}
