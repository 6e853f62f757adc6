package core

import (
	"fmt"

	"dac/core/charter"
	"dac/core/ids"
)

// Membership: a person joins when k members vouch for them in person and the
// registrar admits them; they may leave; they may be admitted again later.
//
// Epochs make this order-independent: an author's chain counts how often
// they left (ChainState.Leaves). A member of epoch e proves membership by
// referencing their admit for epoch e (founders need nothing in epoch 0).
// Re-admission at epoch e+1 references the leave of epoch e. The member row is
// the maximum event by (epoch, admitted < left), ties to the smaller entry id.

// Vouch is a member vouching in person for an applicant.
type Vouch struct {
	Applicant ids.PubKey `cbor:"1,keyasint"`
	Epoch     uint32     `cbor:"2,keyasint"`
}

// Admit is the registrar admitting an applicant on the strength of the
// vouches it references.
type Admit struct {
	Applicant ids.PubKey `cbor:"1,keyasint"`
	Epoch     uint32     `cbor:"2,keyasint"`
}

// Leave is a member leaving the node.
type Leave struct {
	Reason string `cbor:"1,keyasint,omitempty"`
}

// Kind names.
const (
	KindVouch = "vouch"
	KindAdmit = "admit"
	KindLeave = "leave"
)

// MaxReasonLen bounds free text in a leave.
const MaxReasonLen = 200

// VouchKind, AdmitKind and LeaveKind define the membership kinds.
func VouchKind() Kind { return Define(KindVouch, validateVouch, applyVouch) }

// AdmitKind: see VouchKind.
func AdmitKind() Kind { return Define(KindAdmit, validateAdmit, applyAdmit) }

// LeaveKind: see VouchKind.
func LeaveKind() Kind { return Define(KindLeave, validateLeave, applyLeave) }

// memberAt reports whether the author of c is a member at that point of
// their chain, by its own causal past.
func (s *State) memberAt(c *Context) bool {
	epoch := c.epoch()
	if epoch == 0 && s.founders[c.E.Author] {
		return true
	}
	for _, r := range c.E.Refs {
		if a, ok := s.admits.get(string(r[:])); ok && a.Applicant == c.E.Author && a.Epoch == epoch {
			return true
		}
	}
	return false
}

func (c *Context) epoch() uint32 {
	if c.Prev == nil {
		return 0
	}
	return c.Prev.Leaves
}

func errNotMember(who ids.PubKey) error {
	return fmt.Errorf("%s is not a member here (an entry must reference its author's admission)", who.Short())
}

func validateVouch(s *State, c *Context, v *Vouch) error {
	if v.Applicant == c.E.Author {
		return fmt.Errorf("no one can vouch for themselves")
	}
	if !s.memberAt(c) {
		return errNotMember(c.E.Author)
	}
	return nil
}

func applyVouch(s *State, c *Context, v *Vouch) {
	s.vouches.put(string(c.E.ID[:]), VouchRow{Voucher: c.E.Author, Applicant: v.Applicant, Epoch: v.Epoch, Time: c.E.Time})
}

func validateAdmit(s *State, c *Context, a *Admit) error {
	m := s.charter.Membership
	if err := s.checkPower(c, charter.PowerAdmit, []ids.PubKey{m.Registrar}); err != nil {
		return err
	}
	switch {
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	case a.Applicant.CheckMemberKey() != nil:
		return a.Applicant.CheckMemberKey()
	case a.Epoch == 0 && s.founders[a.Applicant]:
		return fmt.Errorf("%s is a founder, a member since the genesis", a.Applicant.Short())
	case a.Epoch > 0 && !s.refsLeave(c, a.Applicant, a.Epoch-1):
		return fmt.Errorf("re-admission must reference the applicant's leave")
	}
	if need, n := s.vouchesNeeded(c), s.countVouchers(c, a); n < need {
		return fmt.Errorf("needs %d vouches from distinct members made within %d days, has %d",
			need, m.VouchTTLDays, n)
	}
	return nil
}

// vouchesNeeded is k, except while the node is too young to have k members:
// a node founded by fewer than k people would otherwise never admit anyone.
// The bar is the founders plus the admissions already in the registrar's own
// chain (so, causal), capped at k: with one founder the first admission needs
// one vouch, the second two, and from the third on k = 3.
// A registrar by office (gov_powers.go) follows the same rule with the
// admissions in their own chain.
func (s *State) vouchesNeeded(c *Context) int {
	k := s.charter.Membership.VouchesRequired
	var made uint32
	if c.Prev != nil {
		made = c.Prev.Admits
	}
	return min(k, len(s.founders)+int(made))
}

func (s *State) refsLeave(c *Context, who ids.PubKey, epoch uint32) bool {
	for _, r := range c.E.Refs {
		if l, ok := s.leaves.get(string(r[:])); ok && l.Member == who && l.Epoch == epoch {
			return true
		}
	}
	return false
}

func (s *State) countVouchers(c *Context, a *Admit) int {
	ttl := s.charter.Membership.VouchTTLMillis()
	seen := map[ids.PubKey]bool{}
	for _, r := range c.E.Refs {
		v, ok := s.vouches.get(string(r[:]))
		if !ok || v.Applicant != a.Applicant || v.Epoch != a.Epoch {
			continue
		}
		if v.Time > c.E.Time || v.Time < c.E.Time-ttl { // times are >= 0: no overflow
			continue // made after the admission or expired by then
		}
		seen[v.Voucher] = true
	}
	return len(seen)
}

func applyAdmit(s *State, c *Context, a *Admit) {
	c.Next.Admits++
	s.admits.put(string(c.E.ID[:]), AdmitRow{Applicant: a.Applicant, Epoch: a.Epoch, Time: c.E.Time})
	s.bumpMember(a.Applicant, MemberRow{Epoch: a.Epoch, Active: true, Since: c.E.Time, Entry: c.E.ID})
}

func validateLeave(s *State, c *Context, l *Leave) error {
	if len(l.Reason) > MaxReasonLen {
		return fmt.Errorf("reason is %d bytes, the limit is %d", len(l.Reason), MaxReasonLen)
	}
	if !s.memberAt(c) {
		return errNotMember(c.E.Author)
	}
	return nil
}

func applyLeave(s *State, c *Context, _ *Leave) {
	epoch := c.epoch()
	c.Next.Leaves = epoch + 1
	c.Next.Acct.Member = false // settled to today already; no dividend from now on
	s.leaves.put(string(c.E.ID[:]), LeaveRow{Member: c.E.Author, Epoch: epoch, Time: c.E.Time})
	s.bumpMember(c.E.Author, MemberRow{Epoch: epoch, Active: false, Since: c.E.Time, Entry: c.E.ID})
}

// bumpMember raises a member's row to ev if ev is later in the lattice.
func (s *State) bumpMember(who ids.PubKey, ev MemberRow) {
	k := string(who[:])
	cur, ok := s.members.get(k)
	if ok && !memberLess(cur, ev) {
		return
	}
	s.members.put(k, ev)
}

func memberLess(a, b MemberRow) bool {
	if a.Epoch != b.Epoch {
		return a.Epoch < b.Epoch
	}
	if a.Active != b.Active {
		return a.Active // admitted < left
	}
	return cmpHash(b.Entry, a.Entry) < 0 // the smaller id wins ties
}
