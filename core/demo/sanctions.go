package demo

import "dac/core/charter"

// DemoSanctions is the demo's (and the sample's) sanctions section: short
// steps, so that a demo of a few weeks shows steps in force and expired.
func DemoSanctions() *charter.Sanctions {
	return &charter.Sanctions{StepDays: [4]int{3, 7, 10, 30}, DividendCutPct: 50, MemoryDays: 30,
		Jury: 3, JuryOffice: "audit", HearingDays: 3, FreezeDays: 7}
}
