package ids_test

import (
	"encoding/json"
	"strings"
	"testing"

	"dac/core/ids"
)

func TestHexRoundTripAndErrors(t *testing.T) {
	h := ids.Sum("test", []byte("x"))
	back, err := ids.ParseHash(h.String())
	if err != nil || back != h {
		t.Fatalf("round trip: %v %v", back, err)
	}
	j, _ := json.Marshal(struct{ H ids.Hash }{h})
	if !strings.Contains(string(j), h.String()) {
		t.Fatalf("JSON is not hex: %s", j)
	}
	for _, bad := range []string{"", "abc", strings.Repeat("g", 64), h.String() + "00"} {
		if _, err := ids.ParsePubKey(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestSumIsDomainSeparated(t *testing.T) {
	if ids.Sum("a", []byte("b")) == ids.Sum("ab") {
		t.Fatal("domain and data run together")
	}
	if ids.Sum("a", []byte("b")) == ids.Sum("b", []byte("b")) {
		t.Fatal("domain ignored")
	}
}
