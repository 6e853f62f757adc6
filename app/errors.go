package app

import (
	"errors"
	"fmt"
)

// UserError is an error meant for people: Msg is a plain sentence; the cause
// stays available to logs and errors.Is, but is not what a person reads.
type UserError struct {
	Msg   string
	Cause error
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
