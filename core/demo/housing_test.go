package demo_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
)

func TestDemoNodeHasHousingLife(t *testing.T) {
	w, err := demo.Generate(demo.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range w.Entries {
		kinds[e.Kind]++
	}
	rejected := w.State.Counts()["rejected"]
	_, tip, ok := w.State.HousingTip()
	housed := 0
	for _, h := range tip.Homes {
		if !h.Holder.IsZero() {
			housed++
		}
	}
	t.Logf("kinds %v; tip round %d, %d homes, %d housed, %d waiting; rejected %d", kinds, tip.N, len(tip.Homes), housed, len(tip.Waiting), rejected)
	if !ok || tip.N < 3 || housed < 10 || kinds[core.KindDwelling] < 20 || kinds[core.KindHousingApply] < 20 ||
		kinds[core.KindSwapAccept] < 1 || rejected != 0 {
		t.Fatalf("the demo's housing is too thin")
	}
}
