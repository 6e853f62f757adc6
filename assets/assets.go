// Package assets embeds the files DAC ships with: the sample charter (and,
// as the GUI lands, icons, fonts and translations).
package assets

import _ "embed"

// SampleCharter is assets/charter/sample.json, documented field by field in
// assets/charter/README.md.
//
//go:embed charter/sample.json
var SampleCharter []byte
