package bundle_test

import (
	"bytes"
	"errors"
	"testing"

	"dac/core/demo"
	"dac/sync/bundle"
)

func demoRaws(t *testing.T) (*demo.World, [][]byte) {
	t.Helper()
	w, err := demo.Generate(demo.Config{Members: 20, Days: 5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	raws := make([][]byte, len(w.Entries))
	for i, e := range w.Entries {
		raws[i] = e.Raw
	}
	return w, raws
}

func TestRoundTrip(t *testing.T) {
	w, raws := demoRaws(t)
	var buf bytes.Buffer
	if err := bundle.Write(&buf, w.Node, raws); err != nil {
		t.Fatal(err)
	}
	m, got, err := bundle.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m.Node != w.Node || m.Entries != len(raws) || len(got) != len(raws) {
		t.Fatalf("manifest %+v, %d entries", m, len(got))
	}
	for i := range raws {
		if !bytes.Equal(got[i], raws[i]) {
			t.Fatalf("entry %d differs", i)
		}
	}
}

func TestDamagedBundlesAreRefusedWhole(t *testing.T) {
	w, raws := demoRaws(t)
	var buf bytes.Buffer
	if err := bundle.Write(&buf, w.Node, raws); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	cases := map[string][]byte{"empty": nil, "not a CAR": []byte("hello, tanker")}
	for _, cut := range []int{1, 40, len(good) / 2, len(good) - 1} {
		cases["truncated at "+itoa(cut)] = good[:cut]
	}
	for _, at := range []int{len(good) / 3, len(good) - 5} {
		flipped := bytes.Clone(good)
		flipped[at] ^= 0x40
		cases["byte flipped at "+itoa(at)] = flipped
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			_, got, err := bundle.Read(bytes.NewReader(data))
			if err == nil || !errors.Is(err, bundle.ErrBadBundle) || got != nil {
				t.Fatalf("err %v, %d entries", err, len(got))
			}
		})
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
