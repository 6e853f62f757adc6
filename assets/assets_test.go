package assets_test

import (
	"reflect"
	"testing"

	"dac/assets"
	"dac/core/charter"
	"dac/core/demo"
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

func TestSampleCharterMoneyIsTheDemos(t *testing.T) {
	c, err := charter.ParseJSON(assets.SampleCharter)
	if err != nil {
		t.Fatal(err)
	}
	if c.Treasury == nil || c.Treasury.Threshold != 1 || len(c.Treasury.Stewards) != 0 {
		t.Fatalf("sample treasury %+v: the founder should become the sole steward", c.Treasury)
	}
	if c.Governance == nil || !reflect.DeepEqual(*c.Governance, *demo.DemoGovernance()) {
		t.Fatalf("sample charter governance %+v differs from the demo's", c.Governance)
	}
	if c.Money == nil || !reflect.DeepEqual(*c.Money, *demo.DemoMoney()) {
		t.Fatalf("sample charter money %+v differs from the demo's %+v", c.Money, demo.DemoMoney())
	}
}
