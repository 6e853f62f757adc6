package p2p_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/sync/p2p"
)

const someID = "12D3KooWQHRC2UyhxGH6WTqDeRGpUVbEjeQuUf3yp5y53ZzUBjAv"

func TestParseCodeRefusesWithAHint(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"", "it is empty"},
		{" \n\t", "it is empty"},
		{"hello", `"hello" is not an address like /ip4/192.168.1.20/tcp/4001/p2p/12D3KooW`},
		{"/ip4/192.168.1.20/tcp/4001", "every address must end in /p2p/<peer id>"},
		{"/ip4/192.168.1.20/tcp/4001/p2p/notanid", "is not an address like"},
		{"/p2p/" + someID, "a peer id alone cannot be reached; give its address too"},
		{"/ip4/10.0.0.1/tcp/1/p2p/" + someID + " /ip4/10.0.0.2/tcp/1/p2p/12D3KooWAath1CeFajyGNmTB4Lus7xyRqBg1kLZPR83iKxn1P3FE",
			"the addresses name 2 different peers"},
	} {
		_, err := p2p.ParseCode(tc.code)
		if !errors.Is(err, p2p.ErrBadCode) {
			t.Errorf("ParseCode(%q) = %v, want ErrBadCode", tc.code, err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "not a pairing code: ") || !strings.Contains(msg, tc.want) {
			t.Errorf("ParseCode(%q): %q, want a message with %q", tc.code, msg, tc.want)
		}
	}
}

func TestParseCodeTakesOneOrSeveralAddresses(t *testing.T) {
	code := "/ip4/192.168.1.20/tcp/4001/p2p/" + someID + "  /ip4/192.168.1.20/udp/4001/quic-v1/p2p/" + someID + "\n"
	info, err := p2p.ParseCode(code)
	if err != nil {
		t.Fatal(err)
	}
	if info.ID.String() != someID || len(info.Addrs) != 2 || info.Addrs[0].String() != "/ip4/192.168.1.20/tcp/4001" {
		t.Errorf("ParseCode = %v", info)
	}
}

// A host's pairing code names it, and it reads back to the same peer; it
// holds at most four addresses, loopback ones only when there is nothing else.
func TestCodeOfAHost(t *testing.T) {
	loop := newHost(t, p2p.Config{Listen: []string{"/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0",
		"/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0"}})
	if got := p2p.Addrs(loop); len(got) != 5 {
		t.Errorf("Addrs = %v, want the 5 listen addresses", got)
	}
	code := p2p.Code(loop)
	info, err := p2p.ParseCode(code)
	if err != nil {
		t.Fatalf("ParseCode(Code(h)) = %v (code %q)", err, code)
	}
	if info.ID != loop.ID() || len(info.Addrs) != 4 {
		t.Errorf("code %q: want 4 addresses of %s", code, loop.ID())
	}

	mn := mocknet.New()
	defer mn.Close()
	lan, err := mn.GenPeer() // its address is outside loopback
	if err != nil {
		t.Fatal(err)
	}
	want := lan.Addrs()[0].String() + "/p2p/" + lan.ID().String()
	if got := p2p.Code(lan); got != want {
		t.Errorf("Code = %q, want %q", got, want)
	}
}

// QRText is a square of half blocks: each line as wide as the code plus
// its quiet zone, half as many lines (two modules per character).
func TestQRTextIsASquareBlock(t *testing.T) {
	q, err := p2p.QRText("/ip4/192.168.1.20/tcp/4001/p2p/" + someID)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(q, "\n"), "\n")
	width := utf8.RuneCountInString(lines[0])
	if width < 25 || len(lines) != (width+1)/2 {
		t.Fatalf("%d lines of %d characters, want %d", len(lines), width, (width+1)/2)
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n != width {
			t.Errorf("line %d is %d characters wide, want %d", i, n, width)
		}
		if strings.Trim(l, " ▄▀█") != "" {
			t.Errorf("line %d %q holds other than half blocks", i, l)
		}
	}
	// The quiet zone: the first line is light all along.
	if strings.Trim(lines[0], "█") != "" {
		t.Errorf("first line %q is not all quiet zone", lines[0])
	}
	if _, err := p2p.QRText(strings.Repeat("/ip4/192.168.1.20/tcp/4001", 200)); err == nil {
		t.Error("QRText of a code too long for a QR code gave no error")
	}
}
