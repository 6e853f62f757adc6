package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// WalletScreen holds the wallet's four views: send, receive, history and
// how the money works.
type WalletScreen struct {
	tabs      *container.AppTabs
	send      *SendView
	receive   *ReceiveView
	history   *HistoryView
	explainer *ExplainerView
}

// NewWalletScreen builds the screen.
func NewWalletScreen(s *Shell) *WalletScreen {
	w := &WalletScreen{send: NewSendView(s), receive: NewReceiveView(s), history: NewHistoryView(s),
		explainer: NewExplainerView(s)}
	w.tabs = container.NewAppTabs(
		container.NewTabItem("Send", w.send.Content()),
		container.NewTabItem("Receive", w.receive.Content()),
		container.NewTabItem("History", w.history.Content()),
		container.NewTabItem("How it works", w.explainer.Content()))
	return w
}

// Content is the screen's widget tree.
func (w *WalletScreen) Content() fyne.CanvasObject { return w.tabs }

// Refresh re-reads every view.
func (w *WalletScreen) Refresh() {
	w.send.Refresh()
	w.receive.Refresh()
	w.history.Refresh()
	w.explainer.Refresh()
}

// Show selects view i (0 send, 1 receive, 2 history, 3 how it works).
func (w *WalletScreen) Show(i int) { w.tabs.SelectIndex(i) }
