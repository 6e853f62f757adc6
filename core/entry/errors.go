package entry

import "fmt"

// Reason names why an entry was turned away. Reasons are stable strings: they
// are shown to people, stored beside invalid entries and counted in metrics.
type Reason string

// The reasons. Static ones (Malformed … WrongNode) mean the entry is never
// stored; Invalid means it is well formed and signed but breaks a rule of the
// node, so it is kept in its author's chain with no effect.
const (
	Malformed    Reason = "malformed"
	Oversized    Reason = "oversized"
	BadSignature Reason = "bad signature"
	BrokenChain  Reason = "broken chain"
	UnknownKind  Reason = "unknown kind"
	FutureTime   Reason = "future time"
	WrongNode    Reason = "wrong node"
	Invalid      Reason = "invalid"
)

// RejectError is the typed error of every rejection. errors.Is(err,
// entry.ErrBadSignature) and friends match on the reason alone.
type RejectError struct {
	Reason Reason
	Detail string
}

func (e *RejectError) Error() string {
	if e.Detail == "" {
		return string(e.Reason)
	}
	return string(e.Reason) + ": " + e.Detail
}

// Is matches any RejectError with the same reason.
func (e *RejectError) Is(target error) bool {
	t, ok := target.(*RejectError)
	return ok && t.Reason == e.Reason
}

// Sentinels for errors.Is.
var (
	ErrMalformed    = &RejectError{Reason: Malformed}
	ErrOversized    = &RejectError{Reason: Oversized}
	ErrBadSignature = &RejectError{Reason: BadSignature}
	ErrBrokenChain  = &RejectError{Reason: BrokenChain}
	ErrUnknownKind  = &RejectError{Reason: UnknownKind}
	ErrFutureTime   = &RejectError{Reason: FutureTime}
	ErrWrongNode    = &RejectError{Reason: WrongNode}
	ErrInvalid      = &RejectError{Reason: Invalid}
)

// Reject builds a RejectError with a formatted detail.
func Reject(r Reason, format string, args ...any) error {
	return &RejectError{Reason: r, Detail: fmt.Sprintf(format, args...)}
}
