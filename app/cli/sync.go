package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/sync/p2p"
)

func (c *cli) syncCmd() *cobra.Command {
	var peerCode string
	var timeout time.Duration
	var listen []string
	cmd := &cobra.Command{
		Use:   "sync --peer CODE",
		Short: "Sync with a hub or a neighbour until both hold the same record",
		Long: `Connect to the device a pairing code names (a hub, or a neighbour's 'dac peers'
code), fetch what this device lacks with the fast catch-up protocol, hand over
what the peer lacks, and print what changed. A device that holds no node yet
joins the peer's node.`,
		Example: "  dac sync --peer /ip4/192.168.1.20/tcp/4001/p2p/12D3KooWQ…",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if peerCode == "" {
				return fmt.Errorf("say which peer: --peer CODE (a hub prints its code when it starts; a neighbour's is in 'dac peers')")
			}
			ctx, cancel := context.WithTimeout(signalContext(), timeout)
			defer cancel()
			return c.withOnline(cmd, app.NetConfig{Listen: listen}, func(a *app.App, o *app.Online) error {
				rep, err := o.SyncWith(ctx, peerCode, c.syncProgress())
				if err != nil {
					return err
				}
				return c.printSync(rep)
			})
		},
	}
	cmd.Flags().StringVar(&peerCode, "peer", "", "the peer's pairing code: its address ending in /p2p/<peer id>")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Minute, "give up after this long")
	cmd.Flags().StringSliceVar(&listen, "listen", []string{}, "also listen on these multiaddrs while syncing (default: none)")
	c.addJSON(cmd)
	return cmd
}

// withOnline runs fn with the app started and online, then goes offline.
func (c *cli) withOnline(cmd *cobra.Command, cfg app.NetConfig, fn func(*app.App, *app.Online) error) error {
	return c.withApp(cmd, func(a *app.App) error {
		o, err := a.GoOnline(cmd.Context(), cfg)
		if err != nil {
			return err
		}
		defer o.Close()
		return fn(a, o)
	})
}

// syncProgress prints progress on stderr, at most a few times a second.
func (c *cli) syncProgress() func(app.SyncProgress) {
	var last time.Time
	return func(p app.SyncProgress) {
		if p.Stage == "fetching" && time.Since(last) < 250*time.Millisecond {
			return
		}
		last = time.Now()
		switch p.Stage {
		case "fetching":
			fmt.Fprintf(c.env.Stderr, "  fetching: round %d, %d blocks, %d entries, %.1f MB\n", p.Round, p.Blocks, p.Entries, float64(p.Bytes)/1e6)
		case "applying":
			fmt.Fprintf(c.env.Stderr, "  applying %d entries…\n", p.Entries)
		default:
			fmt.Fprintf(c.env.Stderr, "  %s…\n", p.Stage)
		}
	}
}

func (c *cli) printSync(r app.SyncReport) error {
	if c.json {
		return c.printJSON(r)
	}
	if r.Joined {
		c.printf("Joined node %s from the peer.\n", r.Node.Short())
	}
	c.printf("Synced in %.1f s: %d entries fetched, %d new here; this device now holds %d entries (state %s).\n",
		r.Seconds, r.Fetched, r.Added, r.Entries, r.StateHash.Short())
	if len(r.NewByKind) > 0 {
		c.printf("New here: %s.\n", kindList(r.NewByKind))
	}
	if r.PeerHasOurs {
		c.printf("The peer holds everything this device holds.\n")
	} else {
		c.printf("The peer has not taken this device's latest entries yet; they go at the next sync.\n")
	}
	return nil
}

func (c *cli) peersCmd() *cobra.Command {
	var wait time.Duration
	var listen []string
	var mdns, qr bool
	cmd := &cobra.Command{
		Use:   "peers",
		Short: "Show this device's pairing code and the peers it can see",
		Long: `Go online for a moment: print this device's pairing code (and with --qr a QR
code to scan), find DAC devices on the LAN (mDNS) and the node's hubs, and list
the peers connected after --wait.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withOnline(cmd, app.NetConfig{Listen: listen, MDNS: mdns}, func(a *app.App, o *app.Online) error {
				select {
				case <-time.After(wait):
				case <-signalContext().Done():
				}
				return c.printPeers(o, qr)
			})
		},
	}
	cmd.Flags().DurationVar(&wait, "wait", 3*time.Second, "how long to look for peers")
	cmd.Flags().StringSliceVar(&listen, "listen", nil, "listen on these multiaddrs (default: all interfaces, any port)")
	cmd.Flags().BoolVar(&mdns, "mdns", true, "look for DAC devices on the LAN")
	cmd.Flags().BoolVar(&qr, "qr", false, "also draw the pairing code as a QR code")
	c.addJSON(cmd)
	return cmd
}

func (c *cli) printPeers(o *app.Online, qr bool) error {
	peers := o.Peers()
	if c.json {
		return c.printJSON(map[string]any{"peer_id": o.PeerID(), "pairing_code": o.PairingCode(), "addrs": o.Addrs(), "peers": peers})
	}
	c.printf("This device: %s\n", o.PairingCode())
	if qr {
		q, err := p2p.QRText(o.PairingCode())
		if err != nil {
			return err
		}
		c.printf("%s", q)
	}
	if len(peers) == 0 {
		c.printf("No peers seen. A neighbour can sync with this device while it runs 'dac hub'.\n")
	}
	for _, p := range peers {
		role := "other"
		if p.Replica {
			role = "this node"
		}
		c.printf("%-10s %s  %v\n", role, p.ID, p.Addrs)
	}
	return nil
}

// kindList reads like "120 pay, 80 receive, 3 admit", most first.
func kindList(m map[string]int) string {
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		if m[kinds[i]] != m[kinds[j]] {
			return m[kinds[i]] > m[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", m[k], k)
	}
	return strings.Join(parts, ", ")
}
