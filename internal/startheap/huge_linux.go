package startheap

import (
	"bytes"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"unsafe"

	"github.com/yamlint/yamlint/internal/safefs"
)

// hugePageSize is the size of a transparent huge page on the platforms Go
// runs Linux on with 4 KB pages (x86-64, arm64 with 4 KB granules).
const hugePageSize = 2 << 20

// PrepareHugePages lets the first n bytes the heap grows into be backed
// by transparent huge pages, when the kernel gives them only to memory
// that asks (THP "madvise", the common default). It allocates one block
// of n bytes, which the runtime maps fresh and does not touch, advises
// the kernel (MADV_HUGEPAGE), and leaves the block unreferenced: the next
// collection, which its size triggers at once on another core, returns
// it to the heap, whose small objects then fill it a 2 MB page per fault
// instead of a 4 KB one. Pages of the block the heap never grows into
// are never touched: they cost address space, not memory. It reports
// whether it did so.
//
// Why: a fresh 4 KB page costs a fault, and on the shared VMs we measure
// on a fault costs 11-15 µs (48 MB of them: 135-185 ms), while 48 MB of
// huge pages fault in about 3 ms. Runs spent a quarter to a third of
// their CPU in those faults. The runtime itself no longer asks for huge
// pages (Go 1.21.1 on), and GODEBUG=disablethp=1 turns this off too.
func PrepareHugePages(n uint64) bool {
	if n < hugePageSize || unsafe.Sizeof(uintptr(0)) < 8 || !thpOnAdvice() ||
		strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") || os.Getenv("GOMEMLIMIT") != "" || strictOvercommit() {
		// A 32-bit address space has no room to spare; under a memory
		// limit the block would force collections; under strict
		// overcommit it would count against the commit limit.
		return false
	}
	// No collection while the block is referenced: one that started now
	// would keep it alive through that cycle.
	old := debug.SetGCPercent(-1)
	ok := adviseBlock(n)
	debug.SetGCPercent(old)
	return ok
}

// adviseBlock allocates the block and advises its whole huge pages; the
// block is garbage once it returns.
//
//go:noinline
func adviseBlock(n uint64) bool {
	b := make([]byte, n)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (base + hugePageSize - 1) &^ (hugePageSize - 1)
	end := (base + uintptr(n)) &^ (hugePageSize - 1)
	if end <= start {
		return false
	}
	const madvHugepage = 14 // MADV_HUGEPAGE, the same on every Linux architecture
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugepage)
	return errno == 0
}

// strictOvercommit reports whether the kernel refuses allocations beyond
// its commit limit (vm.overcommit_memory=2), which counts mapped memory
// whether touched or not.
func strictOvercommit() bool {
	return bytes.HasPrefix(readSmall("/proc/sys/vm/overcommit_memory"), []byte("2"))
}

// thpOnAdvice reports whether the kernel backs memory with transparent
// huge pages only where a process advises it (when they are "always" on,
// the heap gets them anyway; when "never", advice does nothing).
func thpOnAdvice() bool {
	return bytes.Contains(readSmall("/sys/kernel/mm/transparent_hugepage/enabled"), []byte("[madvise]"))
}

// readSmall returns the start of a one-line kernel setting file ("always
// [madvise] never"), or nil.
func readSmall(path string) []byte {
	b, _ := safefs.ReadPrefix(path, 128)
	return b
}
