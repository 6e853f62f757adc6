package cli_test

import "testing"

// TestKioskWithoutGUI: the kiosk needs the GUI, and a sensible idle time.
func TestKioskWithoutGUI(t *testing.T) {
	d := newDac(t)
	d.fails("at least 10s", "kiosk", "--idle", "1s")
	d.fails("without a graphical interface", "kiosk")
}
