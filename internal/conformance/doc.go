// Package conformance holds tests that run the engine over the real-world
// corpus in ../shared/corpus (read in place, skipped when absent).
package conformance
