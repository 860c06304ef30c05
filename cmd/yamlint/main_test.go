package main

import (
	"os"
	"runtime"
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
	want := uint64(0)
	if early.HugePages {
		want = 1 // the one that frees the huge-page block
	}
	if n := s[0].Value.Uint64(); n > want {
		t.Errorf("%d collection(s) during package initialization, want %d", n, want)
	}
}

// TestHugePageBlockFreed: the block that prepares the heap for huge
// pages is garbage from the start, so the collection it triggers frees
// it (a block kept alive would be heap the run never uses).
func TestHugePageBlockFreed(t *testing.T) {
	if !early.HugePages {
		t.Skip("no huge-page block: the kernel's THP setting is not madvise")
	}
	runtime.GC() // the triggered cycle may still be running
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if live := s[0].Value.Uint64(); live >= early.Goal {
		t.Errorf("live heap %d MB after a collection, want far below the %d MB block", live>>20, early.HugeBlock>>20)
	}
}
