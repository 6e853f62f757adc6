package charter_test

import (
	"crypto/ed25519"
	"strings"
	"testing"

	"dac/assets"
	"dac/core/charter"
	"dac/core/ids"
)

func TestSanctionsValidate(t *testing.T) {
	base := func() charter.Charter {
		c, err := charter.ParseJSON(assets.SampleCharter)
		if err != nil {
			t.Fatal(err)
		}
		c.Membership.Registrar[0] = 1
		k := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
		c.Treasury.Stewards = []ids.PubKey{ids.PubKey(k)} // the sample leaves the stewards to the founding
		if c.Housing != nil {
			c.Housing.Office = []ids.PubKey{ids.PubKey(k)} // and the housing office
		}
		return c
	}
	if c := base(); c.Sanctions == nil || c.Validate() != nil {
		t.Fatalf("the sample's sanctions: %+v, %v", c.Sanctions, c.Validate())
	}
	for _, tc := range []struct {
		name, words string
		edit        func(c *charter.Charter)
	}{
		{"a step of no days", "step_days[1]", func(c *charter.Charter) { c.Sanctions.StepDays[1] = 0 }},
		{"an even jury", "odd", func(c *charter.Charter) { c.Sanctions.Jury = 4 }},
		{"no cut", "dividend_cut_pct", func(c *charter.Charter) { c.Sanctions.DividendCutPct = 0 }},
		{"no hearing", "hearing_days", func(c *charter.Charter) { c.Sanctions.HearingDays = 0 }},
		{"an elected jury office", "sortition office", func(c *charter.Charter) { c.Sanctions.JuryOffice = "trade" }},
		{"no such office", "sortition office", func(c *charter.Charter) { c.Sanctions.JuryOffice = "court" }},
		{"no governance", "governance", func(c *charter.Charter) { c.Governance = nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.edit(&c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.words) {
				t.Fatalf("got %v, want an error saying %q", err, tc.words)
			}
		})
	}
}
