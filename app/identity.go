package app

import (
	"crypto/ed25519"
	"errors"
	"io/fs"
	"os"

	"dac/core/identity"
	"dac/core/ids"
)

// NewIdentity is what a person must see once after creating an identity.
type NewIdentity struct {
	Public ids.PubKey
	Phrase string // the 24-word recovery phrase: shown once, never stored
}

// MinPassphrase is the shortest passphrase accepted for a keystore.
const MinPassphrase = 8

// CreateIdentity makes a new key, seals it under passphrase and unlocks it.
func (a *App) CreateIdentity(passphrase []byte) (NewIdentity, error) {
	seed, err := identity.Generate(a.d.Rand)
	if err != nil {
		return NewIdentity{}, err
	}
	defer clear(seed)
	return a.saveIdentity(seed, passphrase)
}

// RestoreIdentity rebuilds the key from its recovery phrase.
func (a *App) RestoreIdentity(phrase string, passphrase []byte) (NewIdentity, error) {
	seed, err := identity.FromPhrase(phrase)
	if err != nil {
		return NewIdentity{}, Userf(err, "%s", err.Error())
	}
	defer clear(seed)
	id, err := a.saveIdentity(seed, passphrase)
	if err != nil {
		return id, err
	}
	if err := a.markRestored(); err != nil { // see restored.go
		return id, Userf(err, "cannot save the restore marker in %s", a.dir.restored())
	}
	return id, nil
}

func (a *App) saveIdentity(seed, passphrase []byte) (NewIdentity, error) {
	if len(passphrase) < MinPassphrase {
		return NewIdentity{}, &UserError{Msg: "the passphrase is too short: use at least 8 characters"}
	}
	if _, err := os.Stat(a.dir.identity()); err == nil {
		return NewIdentity{}, ErrIdentityExists
	}
	blob, err := identity.Seal(seed, passphrase, a.d.KDF, a.d.Rand)
	if err != nil {
		return NewIdentity{}, err
	}
	phrase, err := identity.Phrase(seed)
	if err != nil {
		return NewIdentity{}, err
	}
	if err := writeFileNew(a.dir.identity(), blob, 0o600); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return NewIdentity{}, ErrIdentityExists
		}
		return NewIdentity{}, Userf(err, "cannot save the key in %s", a.dir.identity())
	}
	priv := ed25519.NewKeyFromSeed(seed)
	a.setKey(priv)
	return NewIdentity{Public: ids.PubKey(priv.Public().(ed25519.PublicKey)), Phrase: phrase}, nil
}

// Unlock opens the keystore with passphrase.
func (a *App) Unlock(passphrase []byte) error {
	blob, err := os.ReadFile(a.dir.identity())
	if errors.Is(err, fs.ErrNotExist) {
		return ErrNoIdentity
	}
	if err != nil {
		return Userf(err, "cannot read the key file %s", a.dir.identity())
	}
	priv, err := identity.Open(blob, passphrase)
	switch {
	case errors.Is(err, identity.ErrWrongPassphrase):
		return Userf(err, "wrong passphrase")
	case errors.Is(err, identity.ErrCorrupt), errors.Is(err, identity.ErrUnsupportedVersion):
		return Userf(err, "the key file %s is damaged or from a newer version; restore it from your recovery phrase", a.dir.identity())
	case err != nil:
		return err
	}
	a.setKey(priv)
	return nil
}

// Lock forgets the unlocked key.
func (a *App) Lock() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lockLocked()
}

func (a *App) lockLocked() {
	clear(a.key)
	a.key = nil
}

func (a *App) setKey(k ed25519.PrivateKey) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lockLocked()
	a.key = k
}

func (a *App) signer() (ed25519.PrivateKey, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.key == nil {
		if _, err := os.Stat(a.dir.identity()); err != nil {
			return nil, ErrNoIdentity
		}
		return nil, ErrLocked
	}
	return a.key, nil
}

// Whoami returns the public key in use: the signed-in resident's during a
// kiosk session, else this device's, read without the passphrase.
func (a *App) Whoami() (ids.PubKey, error) {
	a.mu.Lock()
	if a.key != nil {
		k := ids.PubKey(a.key.Public().(ed25519.PublicKey))
		a.mu.Unlock()
		return k, nil
	}
	a.mu.Unlock()
	blob, err := os.ReadFile(a.dir.identity())
	if errors.Is(err, fs.ErrNotExist) {
		return ids.PubKey{}, ErrNoIdentity
	}
	if err != nil {
		return ids.PubKey{}, err
	}
	info, err := identity.Inspect(blob)
	if err != nil {
		return ids.PubKey{}, Userf(err, "the key file %s is damaged", a.dir.identity())
	}
	return ids.PubKey(info.Public), nil
}

// HasIdentity reports whether a keystore exists.
func (a *App) HasIdentity() bool {
	_, err := os.Stat(a.dir.identity())
	return err == nil
}
