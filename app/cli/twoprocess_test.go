package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The real binary, as people run it: a hub in one process, a fresh device
// syncing from it in another, over loopback TCP.

// buildDac builds the dac binary into a temporary directory.
func buildDac(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		t.Fatalf("cannot find the module root (go env GOMOD: %q, %v)", gomod, err)
	}
	bin := filepath.Join(t.TempDir(), "dac")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Dir(gomod)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// dacProc runs the binary on a data directory.
func dacProc(ctx context.Context, bin, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, append([]string{"--data", dir}, args...)...)
	cmd.Env = append(os.Environ(), "DAC_PASSPHRASE="+pass)
	return cmd
}

// hubProc is a running `dac hub` and what it printed at start.
type hubProc struct {
	cmd    *exec.Cmd
	addrs  []string // full addresses, /p2p/ included
	status string   // base URL of /status and /metrics
	lines  chan string
	stderr bytes.Buffer
}

// startHub starts `dac hub` on dir and reads its start-up lines; it is
// killed at the end of the test if it still runs.
func startHub(t *testing.T, bin, dir string) *hubProc {
	t.Helper()
	h := &hubProc{lines: make(chan string, 64)}
	h.cmd = dacProc(context.Background(), bin, dir, "hub",
		"--listen", "/ip4/127.0.0.1/tcp/0", "--status", "127.0.0.1:0", "--mdns=false")
	h.cmd.Stderr = &h.stderr
	out, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if h.cmd.ProcessState == nil {
			_ = h.cmd.Process.Kill()
			_ = h.cmd.Wait()
		}
	})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			h.lines <- sc.Text()
		}
		close(h.lines)
	}()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case line, ok := <-h.lines:
			if !ok {
				t.Fatalf("the hub ended before serving; stderr: %s", h.stderr.String())
			}
			h.read(t, line)
			if line == "Serving. Ctrl-C stops." {
				return h
			}
		case <-timeout:
			t.Fatalf("the hub did not start within 15 s; stderr: %s", h.stderr.String())
		}
	}
}

// read takes in one start-up line.
func (h *hubProc) read(t *testing.T, line string) {
	t.Helper()
	switch f := strings.Fields(line); {
	case strings.HasPrefix(line, "  /"):
		h.addrs = append(h.addrs, strings.TrimSpace(line))
	case strings.HasPrefix(line, "Status: "):
		if len(f) != 4 || f[2] != "metrics:" || !strings.HasSuffix(f[1], "/status") ||
			strings.TrimSuffix(f[1], "/status") != strings.TrimSuffix(f[3], "/metrics") {
			t.Fatalf("status line %q: want `Status: URL/status  metrics: URL/metrics`", line)
		}
		h.status = strings.TrimSuffix(f[1], "/status")
	}
}

// stop interrupts the hub like Ctrl-C and returns the rest of its output.
func (h *hubProc) stop(t *testing.T) string {
	t.Helper()
	if err := h.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var rest []string
	timeout := time.After(10 * time.Second)
	for {
		select {
		case line, ok := <-h.lines:
			if ok {
				rest = append(rest, line)
				continue
			}
			if err := h.cmd.Wait(); err != nil {
				t.Errorf("the hub exited with %v after Ctrl-C; stderr: %s", err, h.stderr.String())
			}
			return strings.Join(rest, "\n")
		case <-timeout:
			t.Fatalf("the hub did not stop within 10 s of Ctrl-C; printed %q", rest)
		}
	}
}

func httpGet(t *testing.T, u string) string {
	t.Helper()
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s, %v\n%s", u, resp.Status, err, b)
	}
	return string(b)
}

// metric reads an unlabelled sample such as `dac_entries 426`.
func metric(t *testing.T, text, name string) float64 {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == name {
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				t.Fatalf("metric line %q: %v", line, err)
			}
			return v
		}
	}
	t.Fatalf("no %s line in /metrics:\n%s", name, text)
	return 0
}

// TestHubAndSyncAsTwoProcesses: a demo node served by `dac hub`; a fresh
// data directory runs `dac sync --peer` against it and ends with the hub's
// state; the hub's status page and metrics agree; Ctrl-C stops it cleanly.
func TestHubAndSyncAsTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	bin := buildDac(t)
	dirA, dirB := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := dacProc(ctx, bin, dirA, "demo", "--members", "60", "--days", "20").CombinedOutput(); err != nil {
		t.Fatalf("dac demo: %v\n%s", err, out)
	}

	hub := startHub(t, bin, dirA)
	if len(hub.addrs) == 0 || hub.status == "" {
		t.Fatalf("the hub printed no address or no status URL: %+v", hub)
	}
	for _, a := range hub.addrs {
		if !strings.HasPrefix(a, "/ip4/127.0.0.1/tcp/") || !strings.Contains(a, "/p2p/12D3KooW") || strings.Contains(a, "/tcp/0/") {
			t.Errorf("hub address %q: want /ip4/127.0.0.1/tcp/<port>/p2p/<id>", a)
		}
	}
	if u, err := url.Parse(hub.status); err != nil || u.Port() == "" || u.Port() == "0" {
		t.Errorf("status URL %q: want the real port", hub.status)
	}
	st := decode(t, httpGet(t, hub.status+"/status"))
	entries, hash := num(t, st, "entries"), str(t, st, "state_hash")
	if entries < 100 || str(t, st, "name") == "" {
		t.Fatalf("hub status %v: want the demo node", st)
	}

	var out, errb bytes.Buffer
	sync := dacProc(ctx, bin, dirB, "sync", "--peer", hub.addrs[0], "--json")
	sync.Stdout, sync.Stderr = &out, &errb
	if err := sync.Run(); err != nil {
		t.Fatalf("dac sync: %v\nstdout: %s\nstderr: %s", err, out.String(), errb.String())
	}
	rep := decode(t, out.String())
	if rep["joined"] != true || rep["peer_has_ours"] != true || num(t, rep, "entries") != entries ||
		num(t, rep, "added") != entries || str(t, rep, "state_hash") != hash || str(t, rep, "node") != str(t, st, "node") {
		t.Errorf("sync report %v: want joined, %v entries, state %s", rep, entries, hash)
	}
	if !strings.HasSuffix(hub.addrs[0], "/p2p/"+str(t, rep, "peer")) {
		t.Errorf("sync report names peer %v, the hub is %s", rep["peer"], hub.addrs[0])
	}

	// B, offline again, reads the same state from its own store.
	var stB bytes.Buffer
	state := dacProc(ctx, bin, dirB, "state", "--json")
	state.Stdout = &stB
	if err := state.Run(); err != nil {
		t.Fatalf("dac state on B: %v", err)
	}
	if b := decode(t, stB.String()); str(t, b, "state_hash") != hash || num(t, b, "entries") != entries {
		t.Errorf("B's state %v: want %v entries, state %s", b, entries, hash)
	}

	m := httpGet(t, hub.status+"/metrics")
	if got := metric(t, m, "dac_entries"); got != entries {
		t.Errorf("dac_entries %v, /status says %v", got, entries)
	}
	if got := metric(t, m, "dac_sync_catchup_blocks_served_total"); got <= 0 {
		t.Errorf("dac_sync_catchup_blocks_served_total %v after serving a fresh device", got)
	}
	if st2 := decode(t, httpGet(t, hub.status+"/status")); str(t, st2, "state_hash") != hash {
		t.Errorf("the hub's state changed while serving: %v", st2)
	}

	if rest := hub.stop(t); !strings.Contains(rest, "Stopped.") {
		t.Errorf("after Ctrl-C the hub printed %q, want Stopped.", rest)
	}
}

// A peer that cannot be reached gets one plain line, not libp2p's
// multi-line dial report.
func TestSyncWithUnreachablePeerIsOneLine(t *testing.T) {
	const id = "12D3KooWQHRC2UyhxGH6WTqDeRGpUVbEjeQuUf3yp5y53ZzUBjAv" // nobody listens on port 1
	d := newDac(t)
	r := d.run("sync", "--peer", "/ip4/127.0.0.1/tcp/1/p2p/"+id, "--timeout", "10s")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	// Progress lines ("  connecting…") come first; the error is the last line.
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	plainStderr(t, lines[len(lines)-1], "the peer is unreachable")
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "  ") || !strings.HasSuffix(l, "…") {
			t.Errorf("stderr line %q is neither progress nor the error", l)
		}
	}
	if r.stdout != "" {
		t.Errorf("stdout %q, want nothing", r.stdout)
	}
}
