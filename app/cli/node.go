package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"dac/app"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/ids"
	"dac/core/store"
)

func (c *cli) nodeCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "node", Short: "Create, list and switch nodes held on this device"}
	cmd.AddCommand(c.nodeNewCmd(), c.nodeListCmd(), c.nodeUseCmd(), c.nodeJoinCmd(), c.nodeCharterCmd())
	return cmd
}

func (c *cli) nodeNewCmd() *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "new --charter FILE",
		Short: "Found a new node with you as its founder",
		Long: `Found a node from a charter file (JSON; see assets/charter/README.md for every
field). You become its founder and, unless the charter names one, its registrar.
The new node becomes the current one.`,
		Example: "  dac node new --charter assets/charter/sample.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			data, err := os.ReadFile(file)
			if err != nil {
				return app.Userf(err, "cannot read the charter file %s", file)
			}
			ch, err := charter.ParseJSON(data)
			if err != nil {
				return app.Userf(err, "%v", err)
			}
			return c.withApp(cmd, func(a *app.App) error {
				if err := c.unlock(a); err != nil {
					return err
				}
				id, err := a.CreateNode(ch)
				if err != nil {
					return err
				}
				c.printf("Founded %q: node %s\n", ch.Name, id)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&file, "charter", "", "charter file (JSON)")
	_ = cmd.MarkFlagRequired("charter")
	return cmd
}

func (c *cli) nodeListCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the nodes on this device",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				ns, err := a.Nodes()
				if err != nil {
					return err
				}
				cur, _ := a.Status()
				for _, n := range ns {
					mark := " "
					if n == cur.Node {
						mark = "*"
					}
					c.printf("%s %s\n", mark, n)
				}
				return nil
			})
		},
	}
	return cmd
}

func (c *cli) nodeUseCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "use NODE_ID",
		Short: "Make a node held on this device the current one",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := ids.ParseHash(args[0])
			if err != nil {
				return app.Userf(err, "node id: %v", err)
			}
			return c.withApp(cmd, func(a *app.App) error { return a.UseNode(id) })
		},
	}
}

func (c *cli) nodeJoinCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "join NODE_ID",
		Short: "Prepare to hold a node whose entries will arrive from peers",
		Long: `Create an empty store for the node with this id (the hash of its genesis) and
make it current. Its entries arrive from a hub, a neighbour or a bundle.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := ids.ParseHash(args[0])
			if err != nil {
				return app.Userf(err, "node id: %v", err)
			}
			return c.withApp(cmd, func(a *app.App) error { return a.JoinNode(id) })
		},
	}
}

func (c *cli) demoCmd() *cobra.Command {
	cfg := demo.DefaultConfig()
	recent, as := false, -1
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build the deterministic demo node and open it",
		Long: `Build a demo node: founders, then members who join by vouching and admission
over the given days, a few who leave and come back. The same flags always give
the same node (and the same state hash). It becomes the current node.

With --as N, this device also becomes demo member N, to vote, pay or
delegate from the command line: its key is restored from the demo's
recovery phrase and kept under your passphrase (asked, or DAC_PASSPHRASE).
Member 3 is the resident the GUI's demo signs in as; members 0, 1 and 2
are founders and the treasury's stewards (1 and 2 also coordinate work).`,
		Example: "  dac demo --members 1000 --days 30 --seed 1\n  dac demo --recent --as 3\n  dac demo --as 0   # a steward",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				cfg := cfg
				if recent {
					cfg = demo.EndingBy(cfg, a.Now().UnixMilli())
				}
				if err := canBeDemoMember(a, cfg, as); err != nil {
					return err // before building anything
				}
				shown := false
				rep, err := a.BuildDemo(cfg, func(done, total int) {
					if !c.json {
						fmt.Fprintf(c.env.Stderr, "\rstoring entries: %d/%d", done, total)
						shown = true
					}
				})
				if shown { // end the progress line
					fmt.Fprintln(c.env.Stderr)
				}
				if err != nil {
					return err
				}
				if err := c.showDemo(rep); err != nil || as < 0 {
					return err
				}
				return c.demoMember(a, cfg, as)
			})
		},
	}
	cmd.Flags().IntVar(&as, "as", -1, "become demo member N on this device (3: the GUI's resident; 0–2: stewards)")
	cmd.Flags().IntVar(&cfg.Members, "members", cfg.Members, "members, founders included")
	cmd.Flags().IntVar(&cfg.Days, "days", cfg.Days, "days of activity")
	cmd.Flags().Int64Var(&cfg.Seed, "seed", cfg.Seed, "random seed")
	cmd.Flags().BoolVar(&recent, "recent", false, "end the demo's calendar at today's midnight (UTC), so that its open votes, emergencies and rations period are current (the node then depends on the day)")
	c.addJSON(cmd)
	return cmd
}

func (c *cli) showDemo(r app.DemoReport) error {
	if c.json {
		return c.printJSON(map[string]any{"node": r.Node, "entries": r.Entries, "members": r.Members})
	}
	c.printf("Demo node %s: %d entries, %d members. It is now the current node.\n", r.Node, r.Entries, r.Members)
	return nil
}

// canBeDemoMember checks --as i (-1: not asked) before the demo is built.
func canBeDemoMember(a *app.App, cfg demo.Config, i int) error {
	if i < 0 {
		return nil
	}
	if i >= cfg.Members {
		return &app.UserError{Msg: fmt.Sprintf("--as %d: the demo has members 0 to %d", i, cfg.Members-1)}
	}
	if me, err := a.Whoami(); err == nil && me != demo.Pub(demo.Key(cfg.Seed, i)) {
		return &app.UserError{Msg: fmt.Sprintf("this device already holds identity %s; use another --data directory to act as a demo member", me.Short())}
	}
	return nil
}

// demoMember makes this device demo member i of cfg's node.
func (c *cli) demoMember(a *app.App, cfg demo.Config, i int) error {
	if _, err := a.Whoami(); err == nil {
		return nil // already this member (canBeDemoMember)
	}
	phrase, err := app.DemoPhrase(cfg.Seed, i)
	if err != nil {
		return err
	}
	id, err := c.restoreFrom(a, phrase)
	if err != nil {
		return err
	}
	if !c.json {
		c.printf("This device is now demo member %d (%s): try dac balance, dac vote list, dac delegate show.\n", i, id.Public.Short())
	}
	return nil
}

func (c *cli) stateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "state",
		Short: "Show the current node: state hash, entries, members",
		Args:  cobra.NoArgs,
		RunE:  c.runState,
	}
	c.addJSON(cmd)
	return cmd
}

func (c *cli) runState(cmd *cobra.Command, _ []string) error {
	return c.withApp(cmd, func(a *app.App) error {
		s, err := a.Status()
		if err != nil {
			return err
		}
		if c.json {
			return c.printJSON(stateJSON(s))
		}
		c.printf("Node        %s (%s)\nState hash  %s\nEntries     %d (%d broke a rule, %d waiting)\nMembers     %d\n",
			s.Name, s.Node.Short(), s.StateHash, s.Entries, s.Invalid, s.Pending, s.Members)
		if s.Me != nil {
			c.printf("You         %s, %s\n", s.Me.Key.Short(), memberWord(s.Me.Member))
		}
		return nil
	})
}

func memberWord(m bool) string {
	if m {
		return "a member"
	}
	return "not a member"
}

func stateJSON(s app.Status) map[string]any {
	out := map[string]any{"node": s.Node, "name": s.Name, "state_hash": s.StateHash, "entries": s.Entries,
		"invalid": s.Invalid, "pending": s.Pending, "members": s.Members}
	if s.Me != nil {
		out["me"] = map[string]any{"key": s.Me.Key, "member": s.Me.Member}
	}
	return out
}

func (c *cli) logCmd() *cobra.Command {
	var q store.LogQuery
	var author, kind string
	cmd := &cobra.Command{
		Use:   "log",
		Short: "List the node's entries, latest stored first",
		Long: `List the node's entries in the order this device stored them, latest first
(entries from peers arrive in batches, so neighbouring lines may be out of
claimed-time order). Entries that broke a rule are marked REFUSED with the rule.`,
		Example: `  dac log --limit 20
  dac log --kind admit --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if author != "" {
				k, err := ids.ParsePubKey(author)
				if err != nil {
					return app.Userf(err, "--author: %v", err)
				}
				q.Author = &k
			}
			q.Kind = kind
			return c.withApp(cmd, func(a *app.App) error {
				rows, err := a.Log(q)
				if err != nil {
					return err
				}
				return c.showLog(rows)
			})
		},
	}
	cmd.Flags().StringVar(&author, "author", "", "only entries by this public key (hex)")
	cmd.Flags().StringVar(&kind, "kind", "", "only entries of this kind (genesis, vouch, admit, leave)")
	cmd.Flags().IntVar(&q.Limit, "limit", 50, "at most this many entries")
	cmd.Flags().Int64Var(&q.Before, "before", 0, "only entries before this position (for paging)")
	c.addJSON(cmd)
	return cmd
}

func (c *cli) showLog(rows []store.LogRow) error {
	if c.json {
		out := make([]map[string]any, len(rows))
		for i, r := range rows {
			out[i] = map[string]any{"ord": r.Ord, "id": r.ID, "author": r.Author, "seq": r.Seq,
				"kind": r.Kind, "time": r.Time, "invalid": r.Invalid}
		}
		return c.printJSON(map[string]any{"entries": out})
	}
	for _, r := range rows {
		note := ""
		if r.Invalid != "" {
			note = "  REFUSED: " + r.Invalid
		}
		c.printf("%6d  %s  %s  %s #%d  %s%s\n", r.Ord, when(r.Time), r.ID.Short(), r.Author.Short(), r.Seq, r.Kind, note)
	}
	return nil
}

func (c *cli) membersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "members",
		Short: "List the members directory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withApp(cmd, func(a *app.App) error {
				ms, err := a.Members()
				if err != nil {
					return err
				}
				if c.json {
					out := make([]map[string]any, len(ms))
					for i, m := range ms {
						out[i] = map[string]any{"key": m.Key, "active": m.Active, "epoch": m.Epoch, "since": m.Since}
					}
					return c.printJSON(map[string]any{"members": out})
				}
				for _, m := range ms {
					c.printf("%s  %-12s since %s\n", m.Key, activeWord(m.Active), when(m.Since))
				}
				return nil
			})
		},
	}
	c.addJSON(cmd)
	return cmd
}

func activeWord(a bool) string {
	if a {
		return "member"
	}
	return "left"
}

func (c *cli) rebuildCmd() *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "rebuild",
		Short: "Recompute the node's state from its entries",
		Long: `Recompute the whole derived state (members, vouches, ...) from the entries
alone and compare its hash with the stored one. With --check nothing is written
and the exit status is 1 if the hashes differ; without it the stored state is
replaced by the recomputed one.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withIdentityOnly(func(a *app.App) error {
				rep, err := c.rebuild(cmd, a, check)
				if err != nil {
					return err
				}
				return c.showRebuild(rep, check)
			})
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "only compare; exit 1 on a mismatch")
	c.addJSON(cmd)
	return cmd
}

// rebuild compares or rebuilds; a node whose stored state is too damaged to
// open is reported (--check) or repaired.
func (c *cli) rebuild(cmd *cobra.Command, a *app.App, check bool) (store.RebuildReport, error) {
	err := a.Start(cmd.Context())
	switch {
	case errors.Is(err, store.ErrDamaged) && check:
		fmt.Fprintln(c.env.Stderr, "dac: the stored state does not match its hash: run `dac rebuild` to repair it")
		return store.RebuildReport{}, exitCode(1)
	case errors.Is(err, store.ErrDamaged):
		return a.Repair()
	case err != nil:
		return store.RebuildReport{}, err
	}
	rep, err := a.Rebuild(check, func(done, total int) {
		fmt.Fprintf(c.env.Stderr, "\rreplaying: %d/%d", done, total)
	})
	if rep.Entries >= 10000 {
		fmt.Fprintln(c.env.Stderr)
	}
	return rep, err
}

func (c *cli) showRebuild(r store.RebuildReport, check bool) error {
	if c.json {
		if err := c.printJSON(map[string]any{"entries": r.Entries, "invalid": r.Invalid,
			"stored": r.Stored, "rebuilt": r.Rebuilt, "match": r.Match()}); err != nil {
			return err
		}
	} else {
		stored := r.Stored.String()
		if r.Stored.IsZero() {
			stored = "(damaged: could not be read)"
		}
		c.printf("Replayed %d entries.\nStored state hash   %s\nRebuilt state hash  %s\n", r.Entries, stored, r.Rebuilt)
	}
	if !r.Match() && check {
		fmt.Fprintln(c.env.Stderr, "dac: the stored state differs from the entries: run `dac rebuild` to repair it")
		return exitCode(1)
	}
	switch {
	case c.json:
	case r.Match():
		c.printf("They match.\n")
	default:
		c.printf("Repaired: the stored state now follows from the entries.\n")
	}
	return nil
}
