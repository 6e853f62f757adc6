package app

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
	"dac/core/store"
)

// Offline payments: the payer's device hands the payee a bundle holding the
// payment and the payer's chain before it (and the admission it cites), so
// the payee's device can verify the payment with no network at all. The
// bundle is deterministic CBOR, as text: "dacpay1:" + base64url, small
// enough for a QR code when the history is short.

// BundlePrefix marks a payment bundle in text form.
const BundlePrefix = "dacpay1:"

// DefaultBundleDepth is how many of the payer's entries up to the payment a
// bundle carries: enough for a payee who synced within the last days.
const DefaultBundleDepth = 8

type payBundle struct {
	_       struct{} `cbor:",toarray"`
	Node    ids.Hash
	Entries [][]byte
}

// ExportPayment makes the bundle for one of this device's payments.
func (a *App) ExportPayment(pay ids.Hash, depth int) (string, error) {
	st, err := a.node()
	if err != nil {
		return "", err
	}
	p, err := st.Entry(pay)
	if err != nil || p.Kind != core.KindPay {
		return "", &UserError{Msg: fmt.Sprintf("%s is not a payment on this device", pay.Short())}
	}
	return bundleText(st, p, depth, BundlePrefix)
}

// bundleText is the hand-over bundle of e (a payment, a redemption) as text:
// prefix + base64url of the CBOR bundle of its author's chain segment.
func bundleText(st *store.Store, e *entry.Signed, depth int, prefix string) (string, error) {
	raws, err := segment(st, e, max(depth, 1))
	if err != nil {
		return "", err
	}
	b, err := entry.Marshal(payBundle{Node: st.Node(), Entries: raws})
	if err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// segment is the payer's last depth entries up to p, oldest first, plus the
// entries they cite (the payer's admission among them), less the genesis:
// every device of the node holds it, and it carries the whole charter.
func segment(st *store.Store, p *entry.Signed, depth int) ([][]byte, error) {
	var chain []*entry.Signed
	for e := p; len(chain) < depth; {
		chain = append(chain, e)
		if e.Seq == 1 {
			break
		}
		prev, err := st.Entry(e.Prev)
		if err != nil {
			return nil, err
		}
		e = prev
	}
	slices.Reverse(chain)
	var out [][]byte
	seen := map[ids.Hash]bool{}
	for _, e := range chain {
		for _, r := range e.Refs {
			if c, err := st.Entry(r); err == nil && !seen[r] {
				seen[r] = true
				out = append(out, c.Raw)
			}
		}
	}
	for _, e := range chain {
		if e.Kind != entry.GenesisKind { // the receiver holds it: it is the node they hold
			out = append(out, e.Raw)
		}
	}
	return out, nil
}

// Imported says what a bundle brought.
type Imported struct {
	Ingested
	Payments []core.Payment // the payments to this device's identity it carried
	Waiting  bool           // some entries wait for older history of the payer
	OverCap  int64          // µ the payer paid on one day beyond the offline cap (0: within)
}

// MaxBundleText bounds a bundle: a few hundred entries, far more than a
// payment needs, so a hostile "bundle" cannot make the device decode megabytes.
const MaxBundleText = 1 << 20

// ImportPayment applies a bundle received from a payer.
func (a *App) ImportPayment(text string) (Imported, error) {
	b, err := readBundle(text, BundlePrefix, "payment")
	if err != nil {
		return Imported{}, err
	}
	st, err := a.node()
	if err != nil {
		return Imported{}, err
	}
	if b.Node != st.Node() {
		return Imported{}, &UserError{Msg: fmt.Sprintf("the bundle is for node %s, this device holds node %s", b.Node.Short(), st.Node().Short())}
	}
	res, err := a.ingestCarried(b.Entries)
	if err != nil {
		return Imported{}, err
	}
	out := Imported{Ingested: res, Waiting: res.Pending > 0}
	a.paymentsIn(st, b.Entries, &out)
	return out, nil
}

// readBundle decodes a bundle in text form: prefix + base64url of CBOR.
func readBundle(text, prefix, what string) (payBundle, error) {
	text = strings.TrimSpace(text)
	if len(text) > MaxBundleText {
		return payBundle{}, &UserError{Msg: "this " + what + " bundle is too large (over 1 MiB)"}
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(text, prefix))
	if err != nil || !strings.HasPrefix(text, prefix) {
		return payBundle{}, &UserError{Msg: "this is not a DAC " + what + " bundle (it starts with " + prefix + ")"}
	}
	var b payBundle
	if err := entry.Unmarshal(raw, &b); err != nil {
		return payBundle{}, Userf(err, "the %s bundle is damaged", what)
	}
	return b, nil
}

// paymentsIn lists the payments to me that the bundle brought and that are
// now valid, stored payments (never what the bundle merely claims: an entry
// that did not verify, broke a rule or still waits is not a payment), and
// checks each payer's offline exposure from the record: all their valid
// payments that day, not only those the bundle chose to carry.
func (a *App) paymentsIn(st *store.Store, raws [][]byte, out *Imported) {
	me, _ := a.Whoami()
	st.View(func(s *core.State) {
		var rules *money.Rules
		if c := a.policy(s); c != nil {
			rules = c.Money
		}
		for _, r := range raws {
			e, err := entry.Decode(r)
			if err != nil || e.Kind != core.KindPay {
				continue
			}
			p, ok := s.Pay(e.ID)
			if !ok {
				continue
			}
			if p.To == me {
				out.Payments = append(out.Payments, core.Payment{ID: e.ID, PayRow: p})
			}
			if rules != nil && rules.OfflineCap > 0 {
				out.OverCap = max(out.OverCap, s.PaidOn(p.From, p.Period)-rules.OfflineCap)
			}
		}
	})
}
