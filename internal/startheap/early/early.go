// Package early adjusts the starting heap (startheap.Adjust, 48 MB) while
// packages are still being initialized: a command imports it for that
// effect alone. Called from main, the adjustment came after the other
// packages' initialization, which allocates about 4 MB (jsonschema/v6
// compiles the draft meta-schemas in its init) and so ran a collection
// before main began: 8 ms of a 65 ms start. Go initializes packages in
// import-path order as soon as their imports are, so this one, which
// needs little but the runtime, runs before the heavy ones;
// GCCyclesAtInit lets a test check that it still does. It first prepares
// the heap for transparent huge pages (startheap.PrepareHugePages), so
// the heap grows a fault per 2 MB rather than per 4 KB, the heavy
// packages' own 4 MB included.
package early

import (
	"runtime/metrics"

	"github.com/yamlint/yamlint/internal/startheap"
)

// Goal is the heap size the collector waits for (see startheap). Every
// megabyte the heap grows by before its first collection is fresh memory,
// and each fresh 4 KB page costs a fault (8-15 µs on these shared VMs;
// measured before huge pages): 64 MB made a 20,000-line file 20% slower
// than 48 MB and 512 custom resources 9% slower, and a 100,000-line file
// 7% faster. Lower goals cost house rules more collections (their
// overhead above #12's 20% at 32 MB); runs with house rules raise it
// (cli's houseHeapGoal).
const Goal = 48 << 20

// HugeBlock is how much of the heap is prepared for huge pages: enough
// for a 100,000-line file's 165 MB peak (a 48 MB block left it 1.05x
// kubeconform's time, 128 MB made it 0.75x). Untouched, the rest costs
// no memory; from 1 to 1,000 files the block's size made no difference.
const HugeBlock = 256 << 20

// HugePages reports whether the heap's first HugeBlock bytes were
// prepared for transparent huge pages (startheap.PrepareHugePages): the
// collection that frees the block doing so runs during initialization.
var HugePages bool

// GCCyclesAtInit is the number of collections finished before the
// adjustment: 0 unless a package initialized before this one has
// allocated enough to collect.
var GCCyclesAtInit uint64

func init() {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		GCCyclesAtInit = s[0].Value.Uint64()
	}
	HugePages = startheap.PrepareHugePages(HugeBlock)
	startheap.Adjust(Goal)
}
