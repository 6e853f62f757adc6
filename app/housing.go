package app

import (
	"crypto/ed25519"
	"errors"
	"io"
	"slices"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// Housing use cases: the office registers dwellings, reads applications
// and closes rounds; members apply, see their rank and what would improve
// it, swap by mutual consent, ask for modifications and give their
// dwelling back. Explanations are in housing_explain.go.

// ErrNoHousing means the charter has no housing section.
var ErrNoHousing = &UserError{Msg: "this node's charter has no housing section"}

// ErrNotOffice is returned to someone who does not hold the housing office.
var ErrNotOffice = &UserError{Msg: "only a holder of the housing office can do this"}

// housing runs fn on the state with the housing rules, or says there are none.
func (a *App) housing(fn func(s *core.State, h *charter.Housing)) error {
	st, err := a.node()
	if err != nil {
		return err
	}
	err = ErrNoHousing
	st.View(func(s *core.State) {
		if h := s.HousingRules(); h != nil {
			err = nil
			fn(s, h)
		}
	})
	return err
}

// Dwellings lists the node's dwellings and who holds each.
func (a *App) Dwellings() (ds []core.DwellingInfo, rules *charter.Housing, err error) {
	err = a.housing(func(s *core.State, h *charter.Housing) { ds, rules = s.Dwellings(), h })
	return ds, rules, err
}

// RegisterDwelling registers a dwelling (the housing office).
func (a *App) RegisterDwelling(d core.Dwelling) (*entry.Signed, error) {
	if err := a.mustHoldOffice(); err != nil {
		return nil, err
	}
	return a.post(core.KindDwelling, d, func(*core.State, ids.PubKey) []ids.Hash { return nil })
}

func (a *App) mustHoldOffice() error {
	key, err := a.signer()
	if err != nil {
		return err
	}
	me := housingKey(key)
	var in bool
	if err := a.housing(func(_ *core.State, h *charter.Housing) { in = h.InOffice(me) }); err != nil {
		return err
	}
	if !in {
		return ErrNotOffice
	}
	return nil
}

func housingKey(k ed25519.PrivateKey) ids.PubKey { return ids.PubKey(k.Public().(ed25519.PublicKey)) }

// Apply applies for housing for this member's household. The needs are
// sealed to the housing office and to this member; only the attributes
// the algorithm reads are ever opened, at the next round.
func (a *App) Apply(attrs core.Attrs, note string) (*entry.Signed, error) {
	key, err := a.signer()
	if err != nil {
		return nil, err
	}
	me := housingKey(key)
	var body core.HousingApply
	var refused error
	err = a.housing(func(s *core.State, h *charter.Housing) {
		switch {
		case attrs.Size == 0 || attrs.Size > 32:
			refused = &UserError{Msg: "a household is 1 to 32 persons"}
		case attrs.Access>>len(h.Features) != 0 || attrs.Districts>>len(h.Districts) != 0:
			refused = &UserError{Msg: "a feature or district that is not in the charter"}
		case hasHome(s, me):
			refused = &UserError{Msg: "you already hold a dwelling: one dwelling per household (give it back or swap it instead)"}
		case waitingApplication(s, me):
			refused = &UserError{Msg: "your household already has an application waiting; it keeps its place by date"}
		default:
			body, refused = sealNeeds(s, me, attrs, note, a.d.Rand)
		}
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return nil, err
	}
	return a.post(core.KindHousingApply, body, membershipRefs)
}

func sealNeeds(s *core.State, me ids.PubKey, attrs core.Attrs, note string, rand io.Reader) (core.HousingApply, error) {
	if len(note) > core.MaxNeedsNote {
		return core.HousingApply{}, &UserError{Msg: "the note is too long (1,000 bytes at most)"}
	}
	n := core.Needs{Attrs: attrs, Salt: make([]byte, core.SaltLen), Note: note}
	if _, err := io.ReadFull(rand, n.Salt); err != nil {
		return core.HousingApply{}, err
	}
	return core.SealNeeds(n, s.HousingReaders(me), rand)
}

func hasHome(s *core.State, me ids.PubKey) bool {
	_, ok := s.HomeOf(me)
	return ok
}

func waitingApplication(s *core.State, me ids.PubKey) bool {
	_, tip, _ := s.HousingTip()
	if slices.ContainsFunc(tip.Waiting, func(w core.Waiting) bool { return w.Applicant == me }) {
		return true
	}
	return slices.ContainsFunc(s.Unopened(), func(x core.HousingApplication) bool { return x.Applicant == me })
}

// ApplicationView is an application as the office (or its applicant) reads it.
type ApplicationView struct {
	core.HousingApplication
	Needs  core.Needs `json:"needs"`
	Status string     `json:"status"`          // "unopened", "waiting", "housed" or "closed"
	Err    string     `json:"error,omitempty"` // why the needs could not be read, if they could not
}

// Applications opens every application this identity may read: all of
// them for a housing office holder, one's own for a member.
func (a *App) Applications() ([]ApplicationView, error) {
	key, st, err := a.signerNode()
	if err != nil {
		return nil, err
	}
	me := housingKey(key)
	var apps []core.HousingApplication
	var status map[ids.Hash]string
	err = a.housing(func(s *core.State, h *charter.Housing) {
		who := me
		if h.InOffice(me) {
			who = ids.PubKey{}
		}
		apps, status = s.Applications(who), applicationStatus(s)
	})
	if err != nil {
		return nil, err
	}
	out := make([]ApplicationView, 0, len(apps))
	for _, x := range apps {
		v := ApplicationView{HousingApplication: x, Status: status[x.ID]}
		if v.Needs, err = readNeeds(st, x.ID, key); err != nil {
			v.Err = Message(err)
		}
		out = append(out, v)
	}
	return out, nil
}

func applicationStatus(s *core.State) map[ids.Hash]string {
	out := map[ids.Hash]string{}
	_, tip, _ := s.HousingTip()
	for _, x := range s.Unopened() {
		out[x.ID] = "unopened"
	}
	for _, w := range tip.Waiting {
		out[w.App] = "waiting"
	}
	for _, id := range tip.Served {
		out[id] = "housed"
	}
	for _, x := range s.Applications(ids.PubKey{}) {
		if out[x.ID] == "" {
			out[x.ID] = "closed"
		}
	}
	return out
}

// readNeeds opens one application with key.
func readNeeds(st *store.Store, id ids.Hash, key ed25519.PrivateKey) (core.Needs, error) {
	e, err := st.Entry(id)
	if err != nil {
		return core.Needs{}, err
	}
	var body core.HousingApply
	if err := entry.Unmarshal(e.Body, &body); err != nil {
		return core.Needs{}, err
	}
	n, err := core.OpenNeeds(&body, key)
	if errors.Is(err, core.ErrNotReader) {
		return n, &UserError{Msg: "only the applicant and the housing office can read these needs", Cause: err}
	}
	return n, err
}

// RoundClosed reports a closed round.
type RoundClosed struct {
	Entry     *entry.Signed
	Opened    int      // applications opened
	Unread    []string // applications that could not be opened, and why
	Allocated int
}

// CloseRound closes the next allocation round (the housing office): it
// opens the applications not opened yet, folds the holders' acts, covers
// every free dwelling, and signs exactly that set.
func (a *App) CloseRound() (RoundClosed, error) {
	var rc RoundClosed
	if err := a.mustHoldOffice(); err != nil {
		return rc, err
	}
	key, _ := a.signer()
	st, _ := a.node()
	var unopened []core.HousingApplication
	_ = a.housing(func(s *core.State, _ *charter.Housing) { unopened = s.Unopened() })
	var opens []core.Opening
	for _, x := range unopened {
		n, err := readNeeds(st, x.ID, key)
		if err != nil {
			rc.Unread = append(rc.Unread, x.ID.Short()+": "+Message(err))
			continue
		}
		opens = append(opens, core.Opening{App: x.ID, Attrs: n.Attrs, Salt: n.Salt})
	}
	var body core.HousingRound
	var refs []ids.Hash
	_ = a.housing(func(s *core.State, _ *charter.Housing) { body, refs, rc.Opened = s.PlanRound(opens) })
	if len(body.Dwellings) == 0 && len(body.Open) == 0 && len(body.Changes) == 0 {
		return rc, &UserError{Msg: "nothing to do: no free dwelling, no new application and no act to fold"}
	}
	e, err := a.post(core.KindHousingRound, body, func(*core.State, ids.PubKey) []ids.Hash { return refs })
	if err != nil {
		return rc, err
	}
	rc.Entry = e
	_ = a.housing(func(s *core.State, _ *charter.Housing) {
		r, _ := s.Round(e.ID)
		rc.Allocated = len(r.Allocs)
	})
	return rc, nil
}

// ModifyDwelling asks for a modification of this member's dwelling.
func (a *App) ModifyDwelling(work string, amount int64, note string) (*entry.Signed, error) {
	hm, err := a.myHome()
	if err != nil {
		return nil, err
	}
	return a.post(core.KindModify, core.ModifyRequest{Right: rightOfHome(hm), Work: work, Amount: amount, Note: note},
		func(*core.State, ids.PubKey) []ids.Hash { return []ids.Hash{hm.Since} })
}

// ApproveModification approves a request that needs it (the office).
func (a *App) ApproveModification(req ids.Hash) (*entry.Signed, error) {
	return a.post(core.KindModifyApprove, core.ModifyApprove{Request: req}, func(*core.State, ids.PubKey) []ids.Hash {
		return []ids.Hash{req}
	})
}

// Modifications lists modification requests: all for the office, one's
// own for a member.
func (a *App) Modifications() ([]core.Modification, error) {
	key, err := a.signer()
	if err != nil {
		return nil, err
	}
	var out []core.Modification
	err = a.housing(func(s *core.State, h *charter.Housing) {
		who := housingKey(key)
		if h.InOffice(who) {
			who = ids.PubKey{}
		}
		out = s.Modifications(who)
	})
	return out, err
}

func rightOfHome(h core.Home) core.Right { return core.Right{Dwelling: h.Dwelling, Since: h.Since} }

// myHome is the dwelling this member holds in the round in effect.
func (a *App) myHome() (core.Home, error) {
	key, err := a.signer()
	if err != nil {
		return core.Home{}, err
	}
	var hm core.Home
	var ok bool
	if err := a.housing(func(s *core.State, _ *charter.Housing) { hm, ok = s.HomeOf(housingKey(key)) }); err != nil {
		return hm, err
	}
	if !ok {
		return hm, &UserError{Msg: "you hold no dwelling (yet)"}
	}
	return hm, nil
}

// ProposeSwap offers to swap this member's dwelling for other's; it takes
// effect once they accept and the next round folds it.
func (a *App) ProposeSwap(other ids.PubKey) (*entry.Signed, error) {
	mine, err := a.myHome()
	if err != nil {
		return nil, err
	}
	var theirs core.Home
	var ok bool
	_ = a.housing(func(s *core.State, _ *charter.Housing) { theirs, ok = s.HomeOf(other) })
	if !ok {
		return nil, &UserError{Msg: other.Short() + " holds no dwelling to swap with"}
	}
	return a.post(core.KindSwapPropose, core.SwapPropose{Mine: rightOfHome(mine), Theirs: rightOfHome(theirs)},
		func(*core.State, ids.PubKey) []ids.Hash { return []ids.Hash{mine.Since, theirs.Since} })
}

// AcceptSwap accepts a swap offered to this member.
func (a *App) AcceptSwap(proposal ids.Hash) (*entry.Signed, error) {
	return a.post(core.KindSwapAccept, core.SwapAccept{Proposal: proposal}, func(*core.State, ids.PubKey) []ids.Hash {
		return []ids.Hash{proposal}
	})
}

// Swaps lists the swaps offered to or by this member.
func (a *App) Swaps() ([]core.SwapOffer, error) {
	key, err := a.signer()
	if err != nil {
		return nil, err
	}
	var out []core.SwapOffer
	err = a.housing(func(s *core.State, _ *charter.Housing) { out = s.SwapsFor(housingKey(key)) })
	return out, err
}

// Relinquish gives this member's dwelling back; the next round folds it
// and offers the dwelling to the households waiting.
func (a *App) Relinquish() (*entry.Signed, error) {
	hm, err := a.myHome()
	if err != nil {
		return nil, err
	}
	return a.post(core.KindRelinquish, core.Relinquish{Right: rightOfHome(hm)}, func(*core.State, ids.PubKey) []ids.Hash {
		return []ids.Hash{hm.Since}
	})
}

// HousingRules is the charter's housing section.
func (a *App) HousingRules() (*charter.Housing, error) {
	var h *charter.Housing
	err := a.housing(func(_ *core.State, rules *charter.Housing) { h = rules })
	return h, err
}

// PayHousingFee pays this month's usage fee for this member's dwelling, by
// the charter's income bands (refused in the free band).
func (a *App) PayHousingFee() (*entry.Signed, error) {
	hm, err := a.myHome()
	if err != nil {
		return nil, err
	}
	key, _ := a.signer()
	body := core.HousingFee{Right: rightOfHome(hm)}
	refs := []ids.Hash{hm.Since}
	_ = a.housing(func(s *core.State, _ *charter.Housing) {
		body.Month = s.Period(a.now()) / core.MonthDays
		if last, _, ok := s.LastFee(housingKey(key)); ok {
			body.Last, refs = last, append(refs, last)
		}
	})
	return a.post(core.KindHousingFee, body, func(s *core.State, me ids.PubKey) []ids.Hash {
		return append(s.MembershipRefs(me), refs...)
	})
}
