package app

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// UserError is an error meant for people: Msg is a plain sentence; the cause
// stays available to logs and errors.Is, but is not what a person reads.
// A message that carries values may also come as a template (Tmpl, with
// {{.Name}} placeholders and Args), which the GUI translates as a whole.
type UserError struct {
	Msg   string
	Cause error
	Tmpl  string
	Args  map[string]any
}

// Units is an amount in µ shown in a message (as units; the GUI writes it in
// the member's language).
type Units int64

func (u Units) String() string { return fmt.Sprintf("%.2f", float64(u)/1e6) }

// When is a time in a message (unix ms; the GUI writes it in the member's
// language).
type When int64

func (w When) String() string { return time.UnixMilli(int64(w)).UTC().Format("2 Jan 2006 15:04") }

// UserT is a plain message with values, from a template the GUI can
// translate; Msg is the English rendering (for the CLI and logs).
func UserT(tmpl string, args map[string]any) *UserError {
	var b strings.Builder
	if err := template.Must(template.New("").Parse(tmpl)).Execute(&b, args); err != nil {
		b.WriteString(tmpl)
	}
	return &UserError{Msg: b.String(), Tmpl: tmpl, Args: args}
}

func (e *UserError) Error() string { return e.Msg }
func (e *UserError) Unwrap() error { return e.Cause }

// Userf wraps cause with a plain message.
func Userf(cause error, format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...), Cause: cause}
}

// Message is what to show a person for err: the outermost plain message if
// there is one, else the error text.
func Message(err error) string {
	var u *UserError
	if errors.As(err, &u) {
		return u.Msg
	}
	return err.Error()
}

// Errors people meet.
var (
	ErrNoIdentity     = &UserError{Msg: "there is no identity on this device yet: create one with `dac init`"}
	ErrIdentityExists = &UserError{Msg: "this device already has an identity; it is never overwritten"}
	ErrLocked         = &UserError{Msg: "the identity is locked: unlock it with your passphrase"}
	ErrNoNode         = &UserError{Msg: "no node is open: create one (`dac node new`), build the demo (`dac demo`) or join one"}
)
