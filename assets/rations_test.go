package assets_test

import (
	"reflect"
	"testing"

	"dac/assets"
	"dac/core/charter"
	"dac/core/demo"
)

func TestSampleCharterRationsAreTheDemos(t *testing.T) {
	c, err := charter.ParseJSON(assets.SampleCharter)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rations == nil || len(c.Rations.Points) != 0 {
		t.Fatalf("sample rations %+v: the founder's key should serve as the point", c.Rations)
	}
	want := demo.DemoRations()
	if !reflect.DeepEqual(c.Rations.Basket, want.Basket) || !reflect.DeepEqual(c.Rations.Emergency, want.Emergency) {
		t.Fatalf("sample rations %+v differ from the demo's %+v", c.Rations, want)
	}
}
