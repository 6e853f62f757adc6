package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// WalletScreen holds the wallet's four views: send, receive, history and
// how the money works.
type WalletScreen struct {
	tabs      *switcher
	send      *SendView
	receive   *ReceiveView
	history   *HistoryView
	explainer *ExplainerView
}

// NewWalletScreen builds the screen.
func NewWalletScreen(s *Shell) *WalletScreen {
	w := &WalletScreen{send: NewSendView(s), receive: NewReceiveView(s), history: NewHistoryView(s),
		explainer: NewExplainerView(s)}
	w.tabs = newSwitcher(view{lang.L("Send"), w.send.Content()}, view{lang.L("Receive"), w.receive.Content()},
		view{lang.L("History"), w.history.Content()}, view{lang.L("Explained"), w.explainer.Content()})
	return w
}

// Content is the screen's widget tree.
func (w *WalletScreen) Content() fyne.CanvasObject { return w.tabs.content }

// Refresh re-reads every view.
func (w *WalletScreen) Refresh() {
	w.send.Refresh()
	w.receive.Refresh()
	w.history.Refresh()
	w.explainer.Refresh()
}

// Show selects view i (0 send, 1 receive, 2 history, 3 how it works).
func (w *WalletScreen) Show(i int) { w.tabs.Select(i) }
