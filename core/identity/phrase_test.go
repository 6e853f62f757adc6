package identity

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
)

func TestPhraseRoundTrip(t *testing.T) {
	for range 20 {
		seed := newSeed(t)
		phrase, err := Phrase(seed)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(strings.Fields(phrase)); n != 24 {
			t.Fatalf("phrase has %d words", n)
		}
		back, err := FromPhrase(phrase)
		if err != nil || !bytes.Equal(back, seed) {
			t.Fatalf("FromPhrase = %x, %v; want %x", back, err, seed)
		}
	}
}

// Official BIP-39 test vectors for 256-bit entropy.
func TestPhraseVectors(t *testing.T) {
	vectors := map[byte]string{
		0x00: strings.Repeat("abandon ", 23) + "art",
		0x7f: strings.Repeat("legal winner thank year wave sausage worth useful ", 2) +
			"legal winner thank year wave sausage worth title",
		0xff: strings.Repeat("zoo ", 23) + "vote",
	}
	for b, want := range vectors {
		seed := bytes.Repeat([]byte{b}, 32)
		if got, err := Phrase(seed); err != nil || got != want {
			t.Errorf("Phrase(%02x...) = %q, %v; want %q", b, got, err, want)
		}
	}
}

func TestFromPhraseTolerant(t *testing.T) {
	seed := newSeed(t)
	phrase, _ := Phrase(seed)
	messy := "  \n" + strings.Join(strings.Fields(strings.ToUpper(phrase)), " \t\n ") + "\r\n"
	back, err := FromPhrase(messy)
	if err != nil || !bytes.Equal(back, seed) {
		t.Fatalf("FromPhrase(messy) = %x, %v", back, err)
	}
}

func TestFromPhraseErrors(t *testing.T) {
	valid := strings.Fields(strings.Repeat("abandon ", 23) + "art")
	unknown := append([]string(nil), valid...)
	unknown[4] = "Abandn"
	cases := map[string]string{
		strings.Join(valid[:23], " "):         "a recovery phrase has 24 words, got 23",
		strings.Join(valid, " ") + " abandon": "a recovery phrase has 24 words, got 25",
		"":                                    "a recovery phrase has 24 words, got 0",
		strings.Join(unknown, " "):            `word 5 "abandn" is not in the word list`,
		strings.Repeat("abandon ", 24):        "the words do not fit together: check their order and spelling",
	}
	for phrase, want := range cases {
		_, err := FromPhrase(phrase)
		if err == nil || err.Error() != want || !errors.Is(err, ErrBadPhrase) {
			t.Errorf("FromPhrase(%q) error = %v, want %q", phrase, err, want)
		}
	}
}

func TestPhraseRejectsWrongSeedLength(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := Phrase(make([]byte, n)); err == nil {
			t.Errorf("Phrase accepted a %d-byte seed", n)
		}
	}
}

func TestGenerate(t *testing.T) {
	a, err := Generate(rand.Reader)
	if err != nil || len(a) != 32 {
		t.Fatalf("Generate = %x, %v", a, err)
	}
	if b, _ := Generate(rand.Reader); bytes.Equal(a, b) {
		t.Fatal("two seeds are equal")
	}
	if _, err := Generate(bytes.NewReader(make([]byte, 31))); err == nil {
		t.Fatal("Generate accepted a short reader")
	}
	if _, err := Generate(nil); err == nil {
		t.Fatal("Generate accepted a nil reader")
	}
}
