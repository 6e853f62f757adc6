package p2p_test

import (
	"bytes"
	"crypto/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"dac/sync/p2p"
)

// inNetns is set in the environment of the test binary re-run inside a
// fresh network namespace: there loopback can carry multicast, and no
// other mDNS speaker on the machine's LAN interferes.
const inNetns = "DAC_P2P_TEST_IN_NETNS"

// newHost is a real libp2p host on loopback TCP.
func newHost(t *testing.T, c p2p.Config) host.Host {
	t.Helper()
	if c.Key == nil {
		k, _, err := crypto.GenerateEd25519Key(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		c.Key = k
	}
	if c.Listen == nil {
		c.Listen = []string{"/ip4/127.0.0.1/tcp/0"}
	}
	h, err := p2p.NewHost(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// TestMDNSFindsNeighbours: two devices announcing on the same LAN find and
// connect to each other, with no address exchanged by hand.
func TestMDNSFindsNeighbours(t *testing.T) {
	if os.Getenv(inNetns) == "" {
		reexecInNetns(t, "TestMDNSFindsNeighbours")
		return
	}
	multicastLoopback(t)

	a, b := newHost(t, p2p.Config{}), newHost(t, p2p.Config{})
	found := make(chan peer.ID, 4)
	for _, h := range []host.Host{a, b} {
		s, err := p2p.StartMDNS(h, func(info peer.AddrInfo) { found <- info.ID })
		if err != nil {
			t.Fatalf("StartMDNS: %v", err)
		}
		t.Cleanup(func() { s.Close() })
	}
	deadline := time.After(10 * time.Second)
	seen := map[peer.ID]bool{}
	for !seen[a.ID()] || !seen[b.ID()] {
		select {
		case id := <-found:
			seen[id] = true
		case <-deadline:
			t.Fatal("the two hosts did not find each other over mDNS within 10 s")
		}
	}
	if a.Network().Connectedness(b.ID()) != network.Connected {
		t.Errorf("found but not connected: %s", a.Network().Connectedness(b.ID()))
	}
}

// reexecInNetns runs test in this test binary again inside a new network
// namespace (unshare -n as root, unshare -rn otherwise), or skips saying
// why it cannot.
func reexecInNetns(t *testing.T, test string) {
	t.Helper()
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("mDNS needs multicast, which loopback lacks, and there is no unshare(1) to make a network namespace")
	}
	flags := "-rn"
	if os.Geteuid() == 0 {
		flags = "-n"
	}
	if out, err := exec.Command(unshare, flags, "true").CombinedOutput(); err != nil {
		t.Skipf("mDNS needs a network namespace and `unshare %s` cannot make one here: %v %s", flags, err, bytes.TrimSpace(out))
	}
	cmd := exec.Command(unshare, flags, os.Args[0], "-test.run=^"+test+"$", "-test.v", "-test.count=1", "-test.timeout=60s")
	cmd.Env = append(os.Environ(), inNetns+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("inside the network namespace: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("--- SKIP")) {
		t.Skipf("skipped inside the network namespace:\n%s", out)
	}
	if !bytes.Contains(out, []byte("--- PASS: "+test)) {
		t.Fatalf("inside the network namespace the test did not pass:\n%s", out)
	}
	t.Logf("in a network namespace: %s", lastLines(string(out), 3))
}

// multicastLoopback brings the namespace's loopback up with multicast and
// a route for multicast groups.
func multicastLoopback(t *testing.T) {
	t.Helper()
	ip, err := exec.LookPath("ip")
	if err != nil {
		t.Skip("no ip(8) to set up loopback in the network namespace")
	}
	for _, args := range [][]string{
		{"link", "set", "lo", "up"},
		{"link", "set", "lo", "multicast", "on"},
		{"route", "add", "224.0.0.0/4", "dev", "lo"},
	} {
		if out, err := exec.Command(ip, args...).CombinedOutput(); err != nil {
			t.Skipf("ip %s: %v %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " | ")
}
