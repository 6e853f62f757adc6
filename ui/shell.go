package ui

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"dac/app"
	"dac/core/demo"
)

// Options are the shell's outside world; zero fields get defaults.
type Options struct {
	Net   GoOnline                       // nil: this device does not network
	Async func(work func(), then func()) // default: work on a goroutine, then through fyne.Do
	// Deliver runs a background update on the UI goroutine; default fyne.Do.
	// Headless tests drop background updates (they refresh explicitly).
	Deliver func(func())
	Rand    func(n int) int  // default math/rand/v2 (which words to re-type)
	Now     func() time.Time // default time.Now
	Demo    demo.Config      // the demo node offered; zero: demoConfig
}

// Shell is the window's content: it decides which screen shows (welcome,
// unlock, choose a node, or the main tabs) and refreshes the screens when
// the record changes.
type Shell struct {
	w        fyne.Window
	b        Backend
	o        Options
	unlocked bool
	opening  bool // the node is still being opened (Opening, then Opened)

	netMu  sync.Mutex // online is set off the UI goroutine
	online Online

	main     *container.AppTabs
	home     *HomeScreen
	wallet   *WalletScreen
	work     *WorkScreen
	life     *CommunityScreen
	node     *NodeScreen
	settings *SettingsScreen
	stop     func()
	done     chan struct{} // closed by Close: ends the peers' ticker
}

// NewShell makes the shell of window w over backend b.
func NewShell(w fyne.Window, b Backend, o Options) *Shell {
	if o.Async == nil {
		o.Async = func(work, then func()) {
			go func() { work(); fyne.Do(then) }()
		}
	}
	if o.Deliver == nil {
		o.Deliver = fyne.Do
	}
	if o.Rand == nil {
		o.Rand = rand.IntN
	}
	if o.Demo.Members == 0 {
		o.Demo = demoConfig
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Shell{w: w, b: b, o: o, done: make(chan struct{})}
}

// Start shows the first screen and follows the record's events.
func (s *Shell) Start() {
	events, stop := s.b.Subscribe()
	s.stop = stop
	go func() {
		for range events {
			s.o.Deliver(s.Refresh)
		}
	}()
	s.Route()
	if !s.opening {
		s.goOnlineQuietly()
	}
	go s.tick()
}

// Opening tells the shell, before Start, that the app is still opening the
// node (app.Start runs meanwhile): the person can unlock at once, and sees
// the main screens once Opened is called.
func (s *Shell) Opening() { s.opening = true }

// Opened tells the shell the node is open (err: it could not be).
func (s *Shell) Opened(err error) {
	s.opening = false
	if err != nil {
		s.show(page(heading(lang.L("DAC cannot open")), para(errWords(err))))
		return
	}
	s.Route()
	s.goOnlineQuietly()
}

// peersEvery is how often the Sync screen re-reads the connected devices.
const peersEvery = 3 * time.Second

// tick refreshes the Sync screen every few seconds (peers come and go
// without the record changing).
func (s *Shell) tick() {
	t := time.NewTicker(peersEvery)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
			s.o.Deliver(func() {
				if s.main != nil {
					s.node.sync.Refresh()
				}
			})
		}
	}
}

// goOnlineQuietly goes online in the background when the device holds a
// node; failing is normal (offline first) and only shows on the home screen.
func (s *Shell) goOnlineQuietly() {
	if s.o.Net == nil || !s.hasNode() {
		return
	}
	s.o.Async(func() { _, _ = s.GoOnline(context.Background()) }, s.Refresh)
}

// Close stops following events and networking.
func (s *Shell) Close() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
	if s.stop != nil {
		s.stop()
	}
	if on := s.net(); on != nil {
		on.Close()
	}
}

// net is the running network, or nil.
func (s *Shell) net() Online {
	s.netMu.Lock()
	defer s.netMu.Unlock()
	return s.online
}

// Unlocked tells the shell the identity is open (after create, restore or
// unlock) and routes on.
func (s *Shell) Unlocked() {
	s.unlocked = true
	s.Route()
}

// Route shows the screen the device's state calls for.
func (s *Shell) Route() {
	switch {
	case s.opening && !s.b.HasIdentity(), s.opening && s.unlocked:
		s.show(page(heading(lang.L("Opening your community's record…"))))
	case !s.b.HasIdentity():
		s.show(NewWelcomeScreen(s).Content())
	case !s.unlocked:
		s.show(NewUnlockScreen(s).Content())
	case !s.hasNode():
		s.show(NewJoinScreen(s).Content())
	default:
		s.showMain()
	}
}

func (s *Shell) hasNode() bool {
	_, err := s.b.Status()
	return !errors.Is(err, app.ErrNoNode)
}

func (s *Shell) show(o fyne.CanvasObject) {
	s.main = nil
	s.w.SetContent(o)
}

// showMain builds the main tabs once per routing into them.
func (s *Shell) showMain() {
	s.home = NewHomeScreen(s)
	s.wallet = NewWalletScreen(s)
	s.work = NewWorkScreen(s)
	s.life = NewCommunityScreen(s)
	s.node = NewNodeScreen(s)
	s.settings = NewSettingsScreen(s)
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon("", theme.HomeIcon(), s.home.Content()),
		container.NewTabItemWithIcon(lang.L("Wallet"), theme.AccountIcon(), s.wallet.Content()),
		container.NewTabItemWithIcon(lang.L("Community"), theme.GridIcon(), s.life.Content()),
		container.NewTabItemWithIcon(lang.L("Node"), theme.InfoIcon(), s.node.Content()),
		container.NewTabItemWithIcon("", theme.SettingsIcon(), s.settings.Content()))
	tabs.SetTabLocation(container.TabLocationBottom)
	tabs.OnSelected = func(*container.TabItem) { s.Refresh() }
	s.w.SetContent(tabs)
	s.main = tabs
	s.Refresh()
}

// Refresh re-reads what the selected main tab shows; the others are read
// when they are selected (the Node tab's audit folds the whole record, which
// a start on a big node should not wait for).
func (s *Shell) Refresh() {
	if s.main == nil {
		return
	}
	switch s.main.SelectedIndex() {
	case tabHome:
		s.home.Refresh()
	case tabWallet:
		s.wallet.Refresh()
	case tabCommunity:
		s.life.Refresh()
	case tabNode:
		s.node.Refresh()
	}
}

// Lock forgets the key and asks for the passphrase again.
func (s *Shell) Lock() {
	s.b.Lock()
	s.unlocked = false
	s.Route()
}

// GoOnline starts networking once; it returns the running network.
func (s *Shell) GoOnline(ctx context.Context) (Online, error) {
	s.netMu.Lock()
	defer s.netMu.Unlock()
	if s.online != nil {
		return s.online, nil
	}
	if s.o.Net == nil {
		return nil, errNoNetwork
	}
	o, err := s.o.Net(ctx)
	if err != nil {
		return nil, err
	}
	s.online = o
	return o, nil
}

// errNoNetwork is translated when shown (message.fail), not here: the
// language may change after the package starts.
var errNoNetwork = &app.UserError{Msg: "this device was started without networking"}

// The main tabs, in order.
const (
	tabHome = iota
	tabWallet
	tabCommunity
	tabNode
	tabSettings
)

// settingsTab is the index of the Settings tab.
const settingsTab = tabSettings

// Tab selects main tab i (tabHome…tabSettings), for tests and screenshots.
func (s *Shell) Tab(i int) {
	if s.main != nil {
		s.main.SelectIndex(i)
	}
}
