package identity

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

const (
	formatName     = "dac-keystore"
	formatVersion  = 1
	kdfAlg         = "argon2id"
	keySize        = chacha20poly1305.KeySize    // 32
	nonceSize      = chacha20poly1305.NonceSizeX // 24
	tagSize        = chacha20poly1305.Overhead   // 16
	saltSize       = 16
	maxBlobSize    = 64 << 10
	sealedKeySize  = keySize + tagSize
	sealedSeedSize = ed25519.SeedSize + tagSize
)

var b64 = base64.StdEncoding.Strict()

// fileJSON is the on-disk shape of a keystore; see the package comment.
type fileJSON struct {
	Format  string   `json:"format"`
	Version int      `json:"version"`
	Public  string   `json:"public"`
	KDF     kdfJSON  `json:"kdf"`
	Wrap    wrapJSON `json:"wrap"`
	Data    dataJSON `json:"data"`
}

type kdfJSON struct {
	Alg       string `json:"alg"`
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
	Salt      string `json:"salt"`
}

type wrapJSON struct {
	Nonce string `json:"nonce"`
	Key   string `json:"key"`
}

type dataJSON struct {
	Nonce      string `json:"nonce"`
	Ciphertext string `json:"ciphertext"`
}

// sealed is a decoded, length-checked keystore.
type sealed struct {
	pub        ed25519.PublicKey
	kdf        KDFParams
	salt       []byte
	wrapNonce  []byte
	wrappedKey []byte
	dataNonce  []byte
	ciphertext []byte
}

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// encode renders s as the JSON blob.
func (s *sealed) encode() ([]byte, error) {
	f := fileJSON{
		Format: formatName, Version: formatVersion, Public: hex.EncodeToString(s.pub),
		KDF: kdfJSON{Alg: kdfAlg, Time: s.kdf.Time, MemoryKiB: s.kdf.MemoryKiB,
			Threads: s.kdf.Threads, Salt: b64.EncodeToString(s.salt)},
		Wrap: wrapJSON{Nonce: b64.EncodeToString(s.wrapNonce), Key: b64.EncodeToString(s.wrappedKey)},
		Data: dataJSON{Nonce: b64.EncodeToString(s.dataNonce), Ciphertext: b64.EncodeToString(s.ciphertext)},
	}
	out, err := json.Marshal(f)
	return append(out, '\n'), err
}

// parse decodes and checks a blob without touching any secret.
func parse(blob []byte) (*sealed, error) {
	if len(blob) > maxBlobSize {
		return nil, corrupt("it is too large to be a keystore")
	}
	if err := checkHeader(blob); err != nil {
		return nil, err
	}
	var f fileJSON
	if err := json.Unmarshal(blob, &f); err != nil {
		return nil, corrupt("a field has the wrong type (%v)", err)
	}
	return f.decode()
}

// checkHeader looks only at format and version, so that a newer version
// with a different layout reports ErrUnsupportedVersion, not ErrCorrupt.
func checkHeader(blob []byte) error {
	var h struct {
		Format  string          `json:"format"`
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(blob, &h); err != nil {
		return corrupt("it is not a keystore (%v)", err)
	}
	if h.Format != formatName {
		return corrupt("it is not a keystore (format %q)", h.Format)
	}
	if len(h.Version) == 0 || string(h.Version) == "null" {
		return corrupt("it has no version")
	}
	if string(h.Version) != "1" {
		return fmt.Errorf("%w: version %.20s", ErrUnsupportedVersion, h.Version)
	}
	return nil
}

func (f *fileJSON) decode() (*sealed, error) {
	if f.KDF.Alg != kdfAlg {
		return nil, corrupt("unknown key derivation %q", f.KDF.Alg)
	}
	s := &sealed{kdf: KDFParams{Time: f.KDF.Time, MemoryKiB: f.KDF.MemoryKiB, Threads: f.KDF.Threads}}
	if err := s.kdf.Validate(); err != nil {
		return nil, corrupt("%v", err)
	}
	pub, err := hex.DecodeString(f.Public)
	if err != nil {
		return nil, corrupt("public is not valid hex")
	}
	s.pub = pub
	return s, firstError(
		checkLen("public", pub, ed25519.PublicKeySize),
		decodeField("kdf.salt", f.KDF.Salt, saltSize, &s.salt),
		decodeField("wrap.nonce", f.Wrap.Nonce, nonceSize, &s.wrapNonce),
		decodeField("wrap.key", f.Wrap.Key, sealedKeySize, &s.wrappedKey),
		decodeField("data.nonce", f.Data.Nonce, nonceSize, &s.dataNonce),
		decodeField("data.ciphertext", f.Data.Ciphertext, sealedSeedSize, &s.ciphertext),
	)
}

func decodeField(name, text string, want int, dst *[]byte) error {
	b, err := b64.DecodeString(text)
	if err != nil {
		return corrupt("%s is not valid base64", name)
	}
	*dst = b
	return checkLen(name, b, want)
}

func checkLen(name string, b []byte, want int) error {
	if len(b) != want {
		return corrupt("%s has %d bytes, want %d", name, len(b), want)
	}
	return nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// associatedData binds everything recorded in clear to one layer's ciphertext.
func (s *sealed) associatedData(layer string) []byte {
	ad := make([]byte, 0, 128)
	ad = append(ad, formatName...)
	ad = append(ad, 0)
	ad = append(ad, layer...)
	ad = append(ad, 0)
	ad = binary.BigEndian.AppendUint32(ad, formatVersion)
	ad = append(ad, s.pub...)
	ad = append(ad, kdfAlg...)
	ad = append(ad, 0)
	ad = binary.BigEndian.AppendUint32(ad, s.kdf.Time)
	ad = binary.BigEndian.AppendUint32(ad, s.kdf.MemoryKiB)
	ad = append(ad, s.kdf.Threads)
	return append(ad, s.salt...)
}
