// Package identity holds ed25519 identities: it generates seeds, seals them
// into an encrypted-at-rest keystore blob, opens such blobs again, and turns
// a seed into a 24-word recovery phrase and back.
//
// The package is pure: it reads no files, no clock and no global state.
// Randomness is passed in as an io.Reader and the caller stores the blob.
//
// # Keystore format (version 1)
//
// A keystore is a small JSON document, so the recorded parameters can be read
// without the passphrase:
//
//	{
//	  "format":  "dac-keystore",
//	  "version": 1,
//	  "public":  "<hex, 32-byte ed25519 public key>",
//	  "kdf": {
//	    "alg": "argon2id", "time": 3, "memory_kib": 65536, "threads": 4,
//	    "salt": "<base64, 16 bytes>"
//	  },
//	  "wrap": {"nonce": "<base64, 24 bytes>", "key": "<base64, 48 bytes>"},
//	  "data": {"nonce": "<base64, 24 bytes>", "ciphertext": "<base64, 48 bytes>"}
//	}
//
// Base64 is standard, padded encoding (RFC 4648 section 4). Sealing works in
// two layers:
//
//   - a random 32-byte data key encrypts the 32-byte ed25519 seed with
//     XChaCha20-Poly1305 ("data");
//   - a key-encryption key is derived with argon2id(passphrase, salt, time,
//     memory_kib, threads) and wraps the data key with XChaCha20-Poly1305
//     ("wrap").
//
// Both layers use associated data that binds the format name, a layer label
// ("wrap" or "data"), the version, the public key, the KDF algorithm, its
// parameters and the salt. Editing any recorded value therefore makes
// decryption fail rather than silently succeed.
//
// # Errors from Open
//
//   - ErrUnsupportedVersion: the format is right but the version is not 1.
//   - ErrCorrupt: the blob is not a keystore (not JSON, wrong format name,
//     too large), a field is not valid hex/base64 or has the wrong length,
//     the KDF algorithm is unknown, the KDF parameters fail
//     KDFParams.Validate (checked before argon2 runs, so a hostile file
//     cannot make Open allocate unbounded memory), the data layer fails to
//     authenticate although the wrap succeeded, or the decrypted seed does
//     not produce the recorded public key.
//   - ErrWrongPassphrase: the wrap layer fails to authenticate. Cryptography
//     cannot tell a wrong passphrase from a file whose salt, valid-looking
//     KDF parameters, public key, wrap nonce or wrapped key were altered, so
//     all of these report ErrWrongPassphrase; none of them can succeed.
//
// Derived keys, data keys and decrypted seeds are zeroed after use (best
// effort: the Go runtime may have copied them).
package identity
