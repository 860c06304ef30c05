package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/cli"
	"github.com/yamlint/yamlint/internal/startheap"
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

// TestHouseRulesRaiseHeapGoal: a run without house rules keeps the
// starting heap's goal; one with them raises it (cli.houseHeapGoal).
func TestHouseRulesRaiseHeapGoal(t *testing.T) {
	if startheap.Goal() == 0 {
		t.Skip("the starting heap was not adjusted (GOGC is set)")
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	doc := write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n")
	plain := write("plain.yaml", "rules: {}\n")
	house := write("house.yaml", "rules: {}\npacks: [kubernetes-best-practices]\n")
	run := func(cfg string) {
		var out, errOut bytes.Buffer
		if rc := cli.Run([]string{"-c", cfg, doc}, strings.NewReader(""), &out, &errOut); rc > 1 {
			t.Fatalf("exit %d: %s%s", rc, out.String(), errOut.String())
		}
	}
	run(plain)
	if g := startheap.Goal(); g != early.Goal {
		t.Fatalf("without house rules the goal is %d MB, want %d", g>>20, early.Goal>>20)
	}
	run(house)
	if g := startheap.Goal(); g <= early.Goal {
		t.Errorf("with a pack the goal is %d MB, want above %d", g>>20, early.Goal>>20)
	}
}
