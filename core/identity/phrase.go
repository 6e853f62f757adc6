package identity

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tyler-smith/go-bip39"
)

// phraseWords is the length of a recovery phrase for a 32-byte seed.
const phraseWords = 24

// ErrBadPhrase is matched (errors.Is) by every error FromPhrase returns.
var ErrBadPhrase = errors.New("the recovery phrase is not valid")

// phraseError carries a plain-words message and matches ErrBadPhrase.
type phraseError struct{ msg string }

func (e *phraseError) Error() string        { return e.msg }
func (e *phraseError) Is(target error) bool { return target == ErrBadPhrase }

func badPhrase(format string, args ...any) error {
	return &phraseError{msg: fmt.Sprintf(format, args...)}
}

// Generate returns a fresh 32-byte ed25519 seed read from rand.
func Generate(rand io.Reader) (seed []byte, err error) {
	return readRandom(rand, ed25519.SeedSize)
}

// Phrase encodes a 32-byte seed as a 24-word BIP-39 English mnemonic, using
// the seed itself as the entropy, so FromPhrase restores the exact seed.
func Phrase(seed []byte) (string, error) {
	if len(seed) != ed25519.SeedSize {
		return "", fmt.Errorf("a seed must be %d bytes, got %d", ed25519.SeedSize, len(seed))
	}
	return bip39.NewMnemonic(seed)
}

// FromPhrase decodes a phrase made by Phrase. It accepts any letter case and
// extra whitespace. Errors say in plain words what is wrong.
func FromPhrase(phrase string) (seed []byte, err error) {
	words := strings.Fields(strings.ToLower(phrase))
	if len(words) != phraseWords {
		return nil, badPhrase("a recovery phrase has %d words, got %d", phraseWords, len(words))
	}
	for i, w := range words {
		if _, ok := bip39.GetWordIndex(w); !ok {
			return nil, badPhrase("word %d %.32q is not in the word list", i+1, w)
		}
	}
	seed, err = bip39.EntropyFromMnemonic(strings.Join(words, " "))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, badPhrase("the words do not fit together: check their order and spelling")
	}
	return seed, nil
}
