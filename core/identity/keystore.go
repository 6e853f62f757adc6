package identity

import (
	"crypto/ed25519"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// Sentinel errors; test with errors.Is. Open wraps ErrCorrupt and
// ErrUnsupportedVersion with a description of what is wrong.
var (
	ErrWrongPassphrase    = errors.New("wrong passphrase")
	ErrCorrupt            = errors.New("the key file is damaged")
	ErrUnsupportedVersion = errors.New("the key file uses a version this program does not support")
)

// Info is the public part of a keystore, readable without the passphrase.
type Info struct {
	Version int
	Public  ed25519.PublicKey
	KDF     KDFParams
}

// Seal encrypts a 32-byte ed25519 seed under passphrase and returns the
// keystore blob described in the package comment. rand supplies the salt,
// the data key and both nonces.
func Seal(seed, passphrase []byte, p KDFParams, rand io.Reader) ([]byte, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("a seed must be %d bytes, got %d", ed25519.SeedSize, len(seed))
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	return seal(seed, pub, passphrase, p, rand)
}

// seal is Seal with the recorded public key given explicitly.
func seal(seed []byte, pub ed25519.PublicKey, passphrase []byte, p KDFParams, rand io.Reader) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	random, err := readRandom(rand, saltSize+keySize+2*nonceSize)
	if err != nil {
		return nil, err
	}
	defer zero(random)
	s := &sealed{pub: pub, kdf: p, salt: random[:saltSize],
		wrapNonce: random[saltSize+keySize : saltSize+keySize+nonceSize],
		dataNonce: random[saltSize+keySize+nonceSize:]}
	dataKey := random[saltSize : saltSize+keySize]
	if err := s.encrypt(seed, dataKey, passphrase); err != nil {
		return nil, err
	}
	return s.encode()
}

// encrypt fills s.ciphertext and s.wrappedKey.
func (s *sealed) encrypt(seed, dataKey, passphrase []byte) error {
	kek := s.kdf.deriveKey(passphrase, s.salt)
	defer zero(kek)
	var err error
	s.ciphertext, err = aeadSeal(dataKey, s.dataNonce, seed, s.associatedData("data"))
	if err != nil {
		return err
	}
	s.wrappedKey, err = aeadSeal(kek, s.wrapNonce, dataKey, s.associatedData("wrap"))
	return err
}

// Open decrypts a keystore blob made by Seal. See the package comment for
// which error each kind of damage produces. Open never panics.
func Open(blob, passphrase []byte) (ed25519.PrivateKey, error) {
	s, err := parse(blob)
	if err != nil {
		return nil, err
	}
	dataKey, err := s.unwrap(passphrase)
	if err != nil {
		return nil, err
	}
	defer zero(dataKey)
	seed, err := aeadOpen(dataKey, s.dataNonce, s.ciphertext, s.associatedData("data"))
	if err != nil {
		return nil, corrupt("the key data fails to authenticate")
	}
	defer zero(seed)
	priv := ed25519.NewKeyFromSeed(seed)
	if subtle.ConstantTimeCompare(priv[ed25519.SeedSize:], s.pub) != 1 {
		zero(priv)
		return nil, corrupt("the public key does not match the private key")
	}
	return priv, nil
}

// unwrap derives the key-encryption key and recovers the data key.
func (s *sealed) unwrap(passphrase []byte) ([]byte, error) {
	kek := s.kdf.deriveKey(passphrase, s.salt)
	defer zero(kek)
	dataKey, err := aeadOpen(kek, s.wrapNonce, s.wrappedKey, s.associatedData("wrap"))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return dataKey, nil
}

// Inspect returns the public parts of a keystore without the passphrase.
// It checks the blob as thoroughly as Open can without decrypting.
func Inspect(blob []byte) (Info, error) {
	s, err := parse(blob)
	if err != nil {
		return Info{}, err
	}
	return Info{Version: formatVersion, Public: s.pub, KDF: s.kdf}, nil
}

func aeadSeal(key, nonce, plaintext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return aead.Seal(nil, nonce, plaintext, ad), nil
}

func aeadOpen(key, nonce, ciphertext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return aead.Open(nil, nonce, ciphertext, ad)
}

func readRandom(rand io.Reader, n int) ([]byte, error) {
	if rand == nil {
		return nil, errors.New("no source of randomness")
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(rand, b); err != nil {
		zero(b)
		return nil, fmt.Errorf("reading randomness: %w", err)
	}
	return b, nil
}

// zero overwrites b; best effort, the runtime may hold other copies.
func zero(b []byte) {
	clear(b)
}
