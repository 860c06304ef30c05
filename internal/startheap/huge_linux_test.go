package startheap

import (
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

// PrepareHugePages leaves part of the heap advised for huge pages (the
// "hg" flag on its mapping) and the collector's setting as it was.
func TestPrepareHugePages(t *testing.T) {
	if !thpOnAdvice() {
		t.Skip("transparent huge pages are not on advice here (/sys/kernel/mm/transparent_hugepage/enabled)")
	}
	t.Setenv("GODEBUG", "")
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)
	had := advisedMappings(t)
	if !PrepareHugePages(8 << 20) {
		t.Fatal("PrepareHugePages(8 MB) = false with THP on advice")
	}
	if pct := debug.SetGCPercent(123); pct != 123 {
		t.Errorf("the collector's percent is %d afterwards, want 123", pct)
	}
	if now := advisedMappings(t); now <= had {
		t.Errorf("mappings advised for huge pages: %d before, %d after", had, now)
	}
}

func TestPrepareHugePagesDeclines(t *testing.T) {
	if PrepareHugePages(hugePageSize - 1) {
		t.Error("a block smaller than one huge page was advised")
	}
	t.Setenv("GODEBUG", "disablethp=1")
	if PrepareHugePages(8 << 20) {
		t.Error("advised despite GODEBUG=disablethp=1")
	}
}

// advisedMappings counts the process's mappings whose VmFlags include
// "hg" (MADV_HUGEPAGE).
func advisedMappings(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok {
			for _, f := range strings.Fields(rest) {
				if f == "hg" {
					n++
				}
			}
		}
	}
	return n
}
