// Package startheap lets a short-lived command's heap grow to a set size
// before the garbage collector starts collecting at its usual pace, as
// the Go compiler does for itself (cmd/compile's base.AdjustStartingHeap).
//
// With the default GOGC=100 a process that starts with a small heap
// collects every few megabytes while the heap grows, and every one of
// those collections marks everything alive again: the compiled schemas
// and, with house rules, the CEL environment, programs and cross-file
// inventory. A lint of a thousand files ran 25 collections; the house
// rules' share of the run (their data marked 25 times, the rest of the
// work slowed while marking) was a third of what they cost.
//
// PrepareHugePages (Linux) readies the heap the command grows into for
// transparent huge pages, so that growing it costs a fault per 2 MB
// rather than per 4 KB.
package startheap

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// state is the goal Adjust set (0: none) and whether the per-collection
// update is armed; mu orders Adjust, Raise and that update.
var state struct {
	mu    sync.Mutex
	goal  uint64
	armed bool
}

// Adjust raises the collector's target so that the heap may grow to
// about goal bytes before it is first collected, then lowers it after
// each collection as the live heap grows, back to the default once the
// live heap is half the goal: from there on the process collects as it
// would have. A GOGC set by the user wins: Adjust then does nothing.
func Adjust(goal uint64) {
	if goal == 0 || os.Getenv("GOGC") != "" {
		return
	}
	state.mu.Lock()
	defer state.mu.Unlock()
	state.goal = goal
	armLocked()
}

// Raise lifts the goal Adjust set to goal, when that is higher: for a run
// that will keep more alive than most (house rules' CEL programs and
// cross-file inventory, marked again by every collection). In a process
// Adjust did not adjust (the language server, tests, a GOGC the user
// set) it does nothing.
func Raise(goal uint64) {
	state.mu.Lock()
	defer state.mu.Unlock()
	if state.goal == 0 || goal <= state.goal {
		return
	}
	state.goal = goal
	armLocked()
}

// Goal is the heap goal in force: Adjust's, or a higher one Raise set; 0
// when Adjust did not adjust.
func Goal() uint64 {
	state.mu.Lock()
	defer state.mu.Unlock()
	return state.goal
}

// armLocked sets the target for the goal and, while it is above the
// default, keeps it updated after each collection.
func armLocked() {
	if percentFor(state.goal) <= 100 || state.armed {
		return
	}
	state.armed = true
	onEachGC(func() bool {
		state.mu.Lock()
		defer state.mu.Unlock()
		if percentFor(state.goal) > 100 {
			return true
		}
		state.armed = false
		return false
	})
}

// percentFor sets GOGC so that the next collection comes at a heap of
// about goal bytes, never below the default of 100, and returns it.
func percentFor(goal uint64) int {
	const minHeap = 4 << 20 // the runtime's heap minimum at GOGC=100
	live := max(liveHeap(), minHeap)
	pct := 100
	if goal > 2*live {
		pct = int(goal*100/live) - 100
	}
	debug.SetGCPercent(pct)
	return pct
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// onEachGC calls f after each collection (from the finalizer goroutine)
// until it returns false.
func onEachGC(f func() bool) {
	// Large enough not to be a tiny allocation, whose finalizer may be
	// held back by the objects sharing its block.
	type sentinel struct{ _ [32]byte }
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new(sentinel), func(*sentinel) {
			if f() {
				arm()
			}
		})
	}
	arm()
}
