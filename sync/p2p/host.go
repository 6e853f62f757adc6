// Package p2p builds DAC's libp2p host and the ways peers find each other
// with no internet: mDNS on the LAN, direct dial from a pairing code, and
// hubs at addresses the charter names. It also keeps the peers that
// misbehave out for a while (Gater). No DHT: a DAC node is a local mesh.
package p2p

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	relayv2 "github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
)

// DefaultListen are the addresses a device listens on when none are given:
// every interface, a port chosen by the system, TCP and QUIC.
var DefaultListen = []string{"/ip4/0.0.0.0/tcp/0", "/ip4/0.0.0.0/udp/0/quic-v1"}

// Config describes a host.
type Config struct {
	Key    crypto.PrivKey // the device's network key (LoadKey); not the member key
	Listen []string       // multiaddrs; nil means DefaultListen, empty slice none
	Relay  bool           // serve circuit relay v2 (hubs), with RelayLimits
	Gater  *Gater         // optional
}

// RelayLimits are a hub's explicit relay limits: an hour and 64 MiB each
// way per relayed connection, 256 reservations. A relayed connection is
// still "limited" to libp2p (pubsub and bitswap do not use it); DAC's
// catch-up protocol opts in to limited connections, so devices that reach
// each other only through a hub still sync.
func RelayLimits() relayv2.Resources {
	r := relayv2.DefaultResources()
	r.Limit = &relayv2.RelayLimit{Duration: time.Hour, Data: 64 << 20}
	r.MaxReservations = 256
	return r
}

// NewHost starts a libp2p host.
func NewHost(c Config) (host.Host, error) {
	if c.Key == nil {
		return nil, errors.New("p2p: no key")
	}
	listen := c.Listen
	if listen == nil {
		listen = DefaultListen
	}
	opts := []libp2p.Option{libp2p.Identity(c.Key), libp2p.UserAgent("dac/1")}
	if len(listen) == 0 {
		opts = append(opts, libp2p.NoListenAddrs)
	} else {
		opts = append(opts, libp2p.ListenAddrStrings(listen...))
	}
	if c.Relay {
		opts = append(opts, libp2p.EnableRelayService(relayv2.WithResources(RelayLimits())))
	}
	if c.Gater != nil {
		opts = append(opts, libp2p.ConnectionGater(c.Gater))
	}
	h, err := libp2p.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot start networking: %w", err)
	}
	if c.Gater != nil {
		c.Gater.attach(h)
	}
	return h, nil
}

// LoadKey reads the device's network key from path, making one on first
// use. It is separate from the member key so that the network never learns
// who a device belongs to.
func LoadKey(path string) (crypto.PrivKey, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := crypto.UnmarshalPrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("the network key %s is damaged: %w", path, err)
		}
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	k, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		return nil, err
	}
	b, err = crypto.MarshalPrivateKey(k)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	return k, f.Close()
}
