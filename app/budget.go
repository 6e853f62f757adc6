package app

import (
	"unicode/utf8"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// BudgetView is what the treasury owes to participatory budgets: every
// option funded by a closed budget vote (and any paid without being
// funded), with what the treasury paid towards it.
type BudgetView struct {
	Lines   []core.BudgetLine
	Balance int64 // the treasury's balance today, µ
	Owed    int64 // funded and not paid yet
}

// Room is what a new budget may still promise: the balance less what is
// owed already.
func (v BudgetView) Room() int64 { return max(0, v.Balance-v.Owed) }

// Budgets reports the budget lines and the treasury's room for more.
func (a *App) Budgets() (BudgetView, error) {
	st, err := a.node()
	if err != nil {
		return BudgetView{}, err
	}
	var v BudgetView
	st.View(func(s *core.State) {
		now := a.now()
		v.Lines = s.BudgetItems(now)
		if _, row, ok := s.TreasuryTip(); ok {
			v.Balance = s.TreasuryBalanceAt(row, s.Period(now))
		}
	})
	v.Owed = owedOf(v.Lines)
	return v, nil
}

// owedToBudgets is what funded budget items are still owed: paying work
// leaves it in the treasury.
func owedToBudgets(s *core.State, now int64) int64 { return owedOf(s.BudgetItems(now)) }

func owedOf(lines []core.BudgetLine) int64 {
	var owed int64
	for _, l := range lines {
		owed += l.Left()
	}
	return owed
}

// checkBudget refuses a budget larger than the treasury can pay: its
// balance less what earlier budgets funded and it has not paid yet.
func (a *App) checkBudget(p core.Propose) error {
	if p.Kind != charter.ProposalBudget {
		return nil
	}
	v, err := a.Budgets()
	if err != nil {
		return err
	}
	if p.Budget > v.Room() && v.Owed == 0 {
		return UserT("the treasury holds {{.Balance}} units: a budget may promise no more than that",
			map[string]any{"Balance": Units(v.Balance)})
	}
	if p.Budget > v.Room() {
		return UserT("the treasury can fund at most {{.Room}} units now: it holds {{.Balance}}, and {{.Owed}} is owed to budget items voted already",
			map[string]any{"Room": Units(v.Room()), "Balance": Units(v.Balance), "Owed": Units(v.Owed)})
	}
	return nil
}

// BudgetLine finds the line of option (counted from 0) of budget proposal id.
func (a *App) BudgetLine(id ids.Hash, option uint32) (core.BudgetLine, error) {
	v, err := a.Budgets()
	if err != nil {
		return core.BudgetLine{}, err
	}
	for _, l := range v.Lines {
		if l.Item.Proposal == id && l.Item.Option == option {
			return l, nil
		}
	}
	return core.BudgetLine{}, UserT("option {{.Option}} of {{.Proposal}} was not funded by a closed budget vote",
		map[string]any{"Option": option + 1, "Proposal": id.Short()})
}

// TreasuryPayItem proposes paying to someone amount towards a funded budget
// option (by a steward); zero pays what is left of it.
func (a *App) TreasuryPayItem(id ids.Hash, option uint32, to ids.PubKey, amount int64) (*entry.Signed, error) {
	l, err := a.BudgetLine(id, option)
	if err != nil {
		return nil, err
	}
	if amount == 0 {
		amount = l.Left()
	}
	if amount <= 0 || amount > l.Left() {
		return nil, UserT("{{.Name}} has {{.Left}} units left to pay (it costs {{.Cost}})",
			map[string]any{"Name": l.Name, "Left": Units(l.Left()), "Cost": Units(l.Cost)})
	}
	item := l.Item
	return a.propose(func(s *core.State) (core.TreasuryPropose, []ids.Hash) {
		pay := &core.TreasuryPay{To: to, Amount: amount, Memo: memoOf(l)}
		return core.TreasuryPropose{Pay: pay, Item: &item}, []ids.Hash{item.Proposal}
	})
}

func memoOf(l core.BudgetLine) string {
	m := "budget: " + l.Name
	for len(m) > core.MaxMemoLen {
		_, n := utf8.DecodeLastRuneInString(m)
		m = m[:len(m)-n]
	}
	return m
}
