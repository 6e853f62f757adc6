package assets_test

import (
	"testing"

	"dac/assets"
	"dac/core/charter"
)

func TestSampleCharterIsValid(t *testing.T) {
	c, err := charter.ParseJSON(assets.SampleCharter)
	if err != nil {
		t.Fatal(err)
	}
	if c.Membership.VouchesRequired < 1 || c.Name == "" {
		t.Fatalf("sample charter parsed to %+v", c)
	}
}
