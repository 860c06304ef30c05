package main

import (
	"os"
	"runtime/metrics"
	"testing"

	"github.com/yamlint/yamlint/internal/startheap/early"
)

// TestHeapAdjustedBeforeHeavyInits: the starting heap is adjusted before
// any collection, so package initialization (about 4 MB, most of it
// jsonschema/v6 compiling meta-schemas) runs no collection either. A
// change of import paths or init order that lets a heavy package
// initialize first shows here as a collection before the adjustment.
func TestHeapAdjustedBeforeHeavyInits(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the adjustment yields to it")
	}
	if early.GCCyclesAtInit != 0 {
		t.Errorf("%d collection(s) ran before the starting heap was adjusted; early must initialize before the heavy packages", early.GCCyclesAtInit)
	}
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	if n := s[0].Value.Uint64(); n != 0 {
		t.Errorf("%d collection(s) during package initialization, want 0", n)
	}
}
