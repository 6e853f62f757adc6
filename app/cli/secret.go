package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"
)

func stdinIsTerminal() bool { return term.IsTerminal(int(os.Stdin.Fd())) }

func readSecretTerminal(prompt string) ([]byte, error) {
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	return b, err
}

// passphrase gets the passphrase from DAC_PASSPHRASE, the terminal (asked
// twice when confirm), or one line of standard input.
func (c *cli) passphrase(confirm bool) ([]byte, error) {
	if p := c.env.Getenv("DAC_PASSPHRASE"); p != "" {
		return []byte(p), nil
	}
	if c.env.IsTerminal == nil || !c.env.IsTerminal() {
		return c.readLine("passphrase")
	}
	p, err := c.env.ReadSecret("Passphrase: ")
	if err != nil || !confirm {
		return p, err
	}
	again, err := c.env.ReadSecret("Passphrase again: ")
	if err != nil {
		return nil, err
	}
	if string(again) != string(p) {
		return nil, fmt.Errorf("the two passphrases differ")
	}
	return p, nil
}

// readLine reads one line of standard input (one shared reader, so that
// successive answers piped in by a script are not lost).
func (c *cli) readLine(what string) ([]byte, error) {
	if c.in == nil {
		c.in = bufio.NewReader(c.env.Stdin)
	}
	line, _ := c.in.ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return nil, fmt.Errorf("no %s given on standard input", what)
	}
	return []byte(line), nil
}
