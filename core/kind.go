package core

import (
	"fmt"
	"slices"

	"dac/core/entry"
)

// Context is one entry being folded.
type Context struct {
	E    *entry.Signed
	Prev *ChainState // the author's chain before E (nil for seq 1)
	Next *ChainState // the author's chain after E; Apply may change it
}

// Kind is one entry kind: how its body decodes, what makes it valid against
// its causal past, and what it changes. Validate must read only the author's
// chain (c.Prev) and rows created by entries in E's refs or earlier in its
// chain; Apply may only make changes that commute with every other entry's.
type Kind struct {
	Name  string
	check func(s *State, c *Context) (body any, err error)
	apply func(s *State, c *Context, body any)
}

// Define builds a Kind whose body is B. The body must be the deterministic
// encoding of a B, or the entry is invalid.
func Define[B any](name string, validate func(*State, *Context, *B) error, apply func(*State, *Context, *B)) Kind {
	return Kind{
		Name: name,
		check: func(s *State, c *Context) (any, error) {
			b := new(B)
			if err := entry.UnmarshalCanonical(c.E.Body, b); err != nil {
				return nil, fmt.Errorf("%s body: %v", name, err)
			}
			return b, validate(s, c, b)
		},
		apply: func(s *State, c *Context, b any) { apply(s, c, b.(*B)) },
	}
}

// Registry is the set of kinds a node understands. It is built explicitly
// (no init-time registration) and passed to New.
type Registry struct {
	kinds map[string]Kind
}

// NewRegistry builds a registry from kinds.
func NewRegistry(kinds ...Kind) *Registry {
	r := &Registry{kinds: map[string]Kind{}}
	for _, k := range kinds {
		if _, dup := r.kinds[k.Name]; dup {
			panic("core: kind defined twice: " + k.Name) // a wiring error
		}
		r.kinds[k.Name] = k
	}
	return r
}

// DefaultRegistry holds every kind this program implements.
func DefaultRegistry() *Registry {
	return NewRegistry(GenesisKind(), VouchKind(), AdmitKind(), LeaveKind(), PayKind(), ReceiveKind(), ForkReportKind(),
		TreasuryProposeKind(), TreasuryCosignKind(), WorkLogKind(), WorkAttestKind(),
		RationRedeemKind(), RationDispenseKind(), RationRefuseKind(), RationReturnKind(), EmergencyDeclareKind(),
		ProposeKind(), BallotKind(), DelegateKind(), UndelegateKind(), OfficeVolunteerKind(), OfficeRevealKind(), OfficeTakeKind(), OfficeConfirmKind(),
		DwellingKind(), HousingApplyKind(), HousingRoundKind(), RelinquishKind(), SwapProposeKind(), SwapAcceptKind(), ModifyKind(), ModifyApproveKind(), EvictKind(), HousingFeeKind(),
		ComplaintKind(), VerdictKind(), SanctionAcceptKind())
}

// Known reports whether a kind is registered.
func (r *Registry) Known(name string) bool {
	_, ok := r.kinds[name]
	return ok
}

// Names lists the registered kinds, sorted.
func (r *Registry) Names() []string {
	var n []string
	for k := range r.kinds {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}
