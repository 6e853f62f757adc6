package store_test

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// The crash tests re-run this test binary as a child process that appends
// own entries to a store and then dies without warning, before the entries
// were handed to sync: by os.Exit (no deferred cleanup, no Close) or by
// SIGKILL from the parent. The parent then reopens the store and checks that
// every entry the child reported is there, still in the outbox, and that the
// next append continues the chain: a sequence number is never signed twice.

const (
	crashDBEnv   = "DAC_CRASH_DB"
	crashModeEnv = "DAC_CRASH_MODE" // "exit": one append then os.Exit(3); "loop": append until killed
	crashSeed    = 7
)

// TestCrashHelper is the child. It does nothing in a normal test run.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashDBEnv)
	if path == "" {
		t.Skip("only runs as the child of a crash test")
	}
	s, err := store.Open(path, core.DefaultRegistry())
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(2)
	}
	k := founderKey(crashSeed)
	for {
		// A fresh random applicant each time: had a sequence number been
		// reused, the two entries would differ, and it would show as a fork.
		var seed [32]byte
		rand.Read(seed[:])
		who := demo.Pub(ed25519.NewKeyFromSeed(seed[:]))
		e, err := s.AppendOwn(k, entry.Entry{Kind: core.KindVouch, Body: body(t, core.Vouch{Applicant: who})},
			time.Now().UnixMilli())
		if err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(2)
		}
		// Durable now; the crash comes before MarkSent.
		fmt.Printf("appended %d %s\n", e.Seq, e.ID)
		if os.Getenv(crashModeEnv) == "exit" {
			os.Exit(3)
		}
	}
}

type appended struct {
	seq uint64
	id  ids.Hash
}

func parseAppended(t *testing.T, line string) appended {
	t.Helper()
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != "appended" {
		t.Fatalf("child said %q", line)
	}
	seq, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	id, err := ids.ParseHash(f[2])
	if err != nil {
		t.Fatal(err)
	}
	return appended{seq, id}
}

func child(path, mode string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDBEnv+"="+path, crashModeEnv+"="+mode)
	cmd.Stderr = os.Stderr
	return cmd
}

// checkAfterCrash reopens the store and checks it against what the children
// reported; it returns the head's seq.
func checkAfterCrash(t *testing.T, path string, g *entry.Signed, reported []appended) uint64 {
	t.Helper()
	s, err := store.Open(path, core.DefaultRegistry())
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer s.Close()
	author := g.Author

	// The chain is 1..n with no gap and no fork, every entry valid.
	rows, err := s.Log(store.LogQuery{Author: &author, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(rows)
	for i, r := range rows {
		if r.Seq != uint64(i+1) || r.Invalid != "" {
			t.Fatalf("chain position %d holds seq %d (invalid %q)", i+1, r.Seq, r.Invalid)
		}
	}
	n := uint64(len(rows))
	var forked bool
	var head core.HeadRow
	s.View(func(st *core.State) {
		forked = st.Forked(author)
		head, _ = st.Head(author)
	})
	if forked || head.Seq != n {
		t.Fatalf("after the crash: forked %v, head seq %d, %d entries in the chain", forked, head.Seq, n)
	}

	// Every reported entry is stored and still waits in the outbox.
	out := map[ids.Hash]bool{}
	for _, id := range outboxIDs(t, s) {
		out[id] = true
	}
	for _, a := range reported {
		e, err := s.Entry(a.id)
		if err != nil || e.Seq != a.seq {
			t.Fatalf("reported entry seq %d %s: %v", a.seq, a.id.Short(), err)
		}
		if !out[a.id] {
			t.Fatalf("reported entry seq %d is not in the outbox", a.seq)
		}
	}
	if len(out) != int(n) {
		t.Fatalf("%d entries in the outbox, %d in the chain (nothing was sent)", len(out), n)
	}
	if rep, err := s.Rebuild(false, nil); err != nil || !rep.Match() {
		t.Fatalf("Rebuild after the crash: %+v, %v", rep, err)
	}
	return n
}

func TestCrashBeforePublishExit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	path := filepath.Join(t.TempDir(), "node.db")
	s, g := founded(t, path, crashSeed)
	s.Close()
	var reported []appended
	last := g.Seq
	for round := range 4 {
		outb, err := child(path, "exit").Output()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Fatalf("round %d: the child ended with %v, want exit status 3 (output %q)", round, err, outb)
		}
		a := parseAppended(t, strings.TrimSpace(string(outb)))
		if a.seq != last+1 {
			t.Fatalf("round %d: the child appended seq %d after %d", round, a.seq, last)
		}
		reported = append(reported, a)
		if n := checkAfterCrash(t, path, g, reported); n != a.seq {
			t.Fatalf("round %d: the chain has %d entries, the child appended seq %d", round, n, a.seq)
		}
		last = a.seq
	}

	// The survivor continues the chain, then sends.
	s = openAt(t, path)
	e, err := s.AppendOwn(founderKey(crashSeed), vouchFor(t, demo.Pub(newKey(1))), time.Now().UnixMilli())
	if err != nil || e.Seq != last+1 {
		t.Fatalf("append after the crashes: %v, seq %d, want %d", err, e.Seq, last+1)
	}
	all := append([]ids.Hash{g.ID}, e.ID)
	for _, a := range reported {
		all = append(all, a.id)
	}
	if err := s.MarkSent(all...); err != nil {
		t.Fatal(err)
	}
	if got := outboxIDs(t, s); len(got) != 0 {
		t.Errorf("%d entries left in the outbox after sending all", len(got))
	}
}

func TestCrashBeforePublishKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	path := filepath.Join(t.TempDir(), "node.db")
	s, g := founded(t, path, crashSeed)
	s.Close()
	var reported []appended
	last := g.Seq
	for round := range 4 {
		cmd := child(path, "loop")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill right after the first report in round 0, later in the
		// others, so that the kill lands at various points of the next
		// append (signing, inside the transaction, committing).
		want := 1 + round*3
		sc := bufio.NewScanner(stdout)
		got := 0
		for got < want && sc.Scan() {
			a := parseAppended(t, sc.Text())
			if a.seq != last+1 {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: the child appended seq %d after %d", round, a.seq, last)
			}
			reported = append(reported, a)
			last = a.seq
			got++
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// Entries appended after the last line read still count: read them.
		for sc.Scan() {
			a := parseAppended(t, sc.Text())
			reported = append(reported, a)
			last = a.seq
		}
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: the child ended with %v, want killed", round, err)
		}
		if got < want {
			t.Fatalf("round %d: the child reported %d appends, want %d", round, got, want)
		}
		n := checkAfterCrash(t, path, g, reported)
		t.Logf("round %d: %d appends reported in all, chain of %d", round, len(reported), n)
		// The kill may land after a commit but before its report.
		if n != last && n != last+1 {
			t.Fatalf("round %d: the chain has %d entries, the child reported up to seq %d", round, n, last)
		}
		last = n
	}

	s = openAt(t, path)
	e, err := s.AppendOwn(founderKey(crashSeed), vouchFor(t, demo.Pub(newKey(2))), time.Now().UnixMilli())
	if err != nil || e.Seq != last+1 {
		t.Fatalf("append after the kills: %v, seq %d, want %d", err, e.Seq, last+1)
	}
}
