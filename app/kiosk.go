package app

import (
	"crypto/ed25519"
	"encoding/hex"
	"strings"

	"dac/core"
	"dac/core/charter"
	"dac/core/identity"
	"dac/core/ids"
)

// A kiosk is a shared terminal at a node office: residents without a device
// sign in with their own key for a session, which Lock ends. The kiosk's data
// directory holds the node and no keystore of its own; the key of a session
// lives only in memory.

// KeyCodePrefix starts a key code: a resident's secret key as one line of
// text (the 32-byte seed in hex), what a printed card carries, as text and
// as QR, to sign in at a kiosk. It is as secret as the recovery phrase.
const KeyCodePrefix = "dac-key:"

// KeyCode is the key code of a recovery phrase.
func KeyCode(phrase string) (string, error) {
	seed, err := identity.FromPhrase(phrase)
	if err != nil {
		return "", Userf(err, "%s", err.Error())
	}
	defer clear(seed)
	return KeyCodePrefix + hex.EncodeToString(seed), nil
}

var errBadSecret = &UserError{Msg: "type your 24-word recovery phrase, or paste your key code (it starts with dac-key:)"}

// SignIn starts a session with a resident's own key, given as a recovery
// phrase or a key code; nothing is saved. Lock ends the session.
func (a *App) SignIn(secret string) (ids.PubKey, error) {
	seed, err := seedOf(strings.TrimSpace(secret))
	if err != nil {
		return ids.PubKey{}, err
	}
	defer clear(seed)
	priv := ed25519.NewKeyFromSeed(seed)
	a.setKey(priv)
	return ids.PubKey(priv.Public().(ed25519.PublicKey)), nil
}

func seedOf(secret string) ([]byte, error) {
	if code, ok := strings.CutPrefix(strings.ToLower(secret), KeyCodePrefix); ok {
		seed, err := hex.DecodeString(code)
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, &UserError{Msg: "this key code is damaged: check it, or use your recovery phrase", Cause: err}
		}
		return seed, nil
	}
	if len(strings.Fields(secret)) < 2 {
		return nil, errBadSecret
	}
	seed, err := identity.FromPhrase(secret)
	if err != nil {
		return nil, Userf(err, "%s", err.Error())
	}
	return seed, nil
}

// NewKey makes a key for an applicant registering at a kiosk, and saves
// nothing: the applicant takes its recovery phrase (and key code) away.
func (a *App) NewKey() (id NewIdentity, code string, err error) {
	seed, err := identity.Generate(a.d.Rand)
	if err != nil {
		return NewIdentity{}, "", err
	}
	defer clear(seed)
	phrase, err := identity.Phrase(seed)
	if err != nil {
		return NewIdentity{}, "", err
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	return NewIdentity{Public: ids.PubKey(pub), Phrase: phrase}, KeyCodePrefix + hex.EncodeToString(seed), nil
}

// Applicant is where someone stands on the way to membership.
type Applicant struct {
	Key        ids.PubKey
	Member     bool         // already an active member
	Vouches    int          // usable vouches for the next admission (distinct members, not expired)
	Needed     int          // vouches the charter asks for
	Registrars []ids.PubKey // who may admit now (none: the office is vacant)
}

// ApplicantStatus reads where applicant stands.
func (a *App) ApplicantStatus(applicant ids.PubKey) (Applicant, error) {
	st, err := a.node()
	if err != nil {
		return Applicant{}, err
	}
	out := Applicant{Key: applicant}
	now := a.now()
	st.View(func(s *core.State) {
		m, ok := s.MemberOf(applicant)
		out.Member = ok && m.Active
		epoch, _ := s.NextEpoch(applicant)
		out.Vouches = len(s.VouchesFor(applicant, epoch, now))
		if c := s.Charter(); c != nil {
			out.Needed = c.Membership.VouchesRequired
			out.Registrars = s.PowerAt(charter.PowerAdmit, now).Holders
		}
	})
	return out, nil
}
