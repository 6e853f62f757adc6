// Package ui is DAC's Fyne GUI: one file per screen, each screen a struct
// that owns its widgets. Screens depend only on the narrow interfaces
// declared here, which *app.App satisfies; the GUI never talks to the store
// or to sync. Work that may take a while runs off the UI goroutine and comes
// back through fyne.Do.
package ui

import (
	"context"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

// Identity is this device's person: the keystore and its lock.
type Identity interface {
	HasIdentity() bool
	Whoami() (ids.PubKey, error)
	CreateIdentity(passphrase []byte) (app.NewIdentity, error)
	RestoreIdentity(phrase string, passphrase []byte) (app.NewIdentity, error)
	Unlock(passphrase []byte) error
	Lock()
	AwaitingCatchUp() bool // a restored key waits for its first sync
	ConfirmCaughtUp() error
	DataDir() string
}

// Demo builds and opens the demo node.
type Demo interface {
	BuildDemo(cfg demo.Config, progress func(done, total int)) (app.DemoReport, error)
}

// Money is this member's wallet.
type Money interface {
	Balance() (app.Balance, error)
	Pay(to ids.PubKey, amount int64, memo string) (*entry.Signed, error)
	ReceiveAll() ([]*entry.Signed, error)
	History() ([]core.Payment, error)
	Projection(days, step int) ([]app.ProjectedDay, error)
	Waiting() (int, error)
}

// Directory is the node's members.
type Directory interface {
	Members() ([]core.Member, error)
}

// NodeInfo is the node at a glance and its public figures.
type NodeInfo interface {
	Status() (app.Status, error)
	Charter() (charter.Charter, error)
	Amendments() ([]core.Amendment, error)
	AuditMoney(at time.Time) (core.MoneyReport, error)
}

// Events tells the GUI when the record changed.
type Events interface {
	Subscribe() (<-chan app.Event, func())
}

// Bundles carries the record on a file where there is no network.
type Bundles interface {
	ExportBundle(path string, since int64) (app.BundleExport, error)
	ImportBundle(path string) (app.Ingested, error)
}

// Work is contribution income: members log hours, coordinators attest them.
type Work interface {
	LogWork(role string, minutes uint32, note string) (*entry.Signed, error)
	AttestWork(log ids.Hash) (*entry.Signed, error)
	WorkLogs(member *ids.PubKey) ([]app.WorkItem, error)
	ToAttest() ([]app.WorkItem, error)
}

// Treasury is the node's k-of-n account, run by its stewards.
type Treasury interface {
	Treasury() (app.TreasuryView, error)
	WaitingActs() ([]app.Act, error)
	WorkDue() ([]app.Due, error)
	TreasuryPay(to ids.PubKey, amount int64, memo string) (*entry.Signed, error)
	TreasuryCosign(act ids.Hash) (*entry.Signed, error)
	TreasuryPayWork(member ids.PubKey) (*entry.Signed, error)
	TreasuryClaim() (*entry.Signed, error)
	Budgets() (app.BudgetView, error)
	TreasuryPayItem(id ids.Hash, option uint32, to ids.PubKey, amount int64) (*entry.Signed, error)
}

// Backend is everything the shell hands out to its screens.
type Backend interface {
	Identity
	Demo
	Money
	Directory
	NodeInfo
	Events
	Bundles
	Work
	Treasury
	HousingBackend
	RationsBackend
	VotesBackend
	OfficesBackend
	SanctionAcceptBackend
	SanctionsBackend
}

var _ Backend = (*app.App)(nil)

// Sessions lets a resident sign in at a shared kiosk with their own key (a
// recovery phrase or a key code); Identity.Lock ends the session.
type Sessions interface {
	SignIn(secret string) (ids.PubKey, error)
}

// Registration is the registrar's flow at a kiosk: a key for the applicant,
// vouches from members in person, admission by the registrar.
type Registration interface {
	NewKey() (app.NewIdentity, string, error)
	ApplicantStatus(applicant ids.PubKey) (app.Applicant, error)
	Vouch(applicant ids.PubKey) (*entry.Signed, error)
	Admit(applicant ids.PubKey) (*entry.Signed, error)
}

// KioskBackend is everything a kiosk hands out to its screens.
type KioskBackend interface {
	Backend
	Sessions
	Registration
}

var _ KioskBackend = (*app.App)(nil)

// Online is this device on the network (see app.Online).
type Online interface {
	SyncWith(ctx context.Context, code string, progress func(app.SyncProgress)) (app.SyncReport, error)
	PairingCode() string
	Peers() []app.Peer
	Close() error
}

var _ Online = (*app.Online)(nil)

// GoOnline starts networking; nil means this device does not network.
type GoOnline func(ctx context.Context) (Online, error)
