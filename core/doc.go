// Package core is DAC's pure domain: the node's derived state as a
// deterministic fold over the set of valid signed entries.
//
// Validity of an entry is a function of its causal past only: its author's
// chain up to it (carried as a ChainState) and the entries it references
// (looked up in the state, where they were applied first). Effects commute
// (set unions and lattice maxima), so any order of application that respects
// each chain and every reference yields byte-identical state and the same
// state hash. Nothing here reads the clock, touches a file or the network.
//
// The derived state is a set of row families (tables); see tables() in
// state.go for the list and docs/ARCHITECTURE.md for their keys and values.
package core
