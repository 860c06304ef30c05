package cli

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/safefs"
)

// prereadBudget bounds the bytes of inputs held between the CRD pre-pass
// and their lint; inputs past it are read again when linted, as if not
// pre-read (a run over gigabytes of YAML keeps its memory).
var prereadBudget int64 = 256 << 20

// preread holds inputs read once, on all cores, before linting: the
// linters register their CRDs from these bytes, and each file's lint takes
// its own (and lets go of them).
type preread struct {
	mu    sync.Mutex
	files map[string][]byte
}

// readInputs reads paths with the largest max-file-size of the linters
// (each linter checks its own again), keeping what fits the budget.
func readInputs(paths []string, linters []*engine.Linter, jobs int) *preread {
	pr := &preread{files: make(map[string][]byte, len(paths))}
	var limit int64
	for i, l := range linters {
		m := l.Config.MaxFileSize
		if i == 0 || (limit > 0 && (m <= 0 || m > limit)) {
			limit = m
		}
	}
	var held atomic.Int64
	var g errgroup.Group
	g.SetLimit(max(jobs, 1))
	for _, p := range paths {
		g.Go(func() error {
			src, err := safefs.ReadFile(p, limit)
			if err != nil || held.Add(int64(len(src))) > prereadBudget {
				return nil // read (and reported) when linted
			}
			pr.mu.Lock()
			pr.files[p] = src
			pr.mu.Unlock()
			return nil
		})
	}
	_ = g.Wait()
	return pr
}

// read returns path's bytes for the CRD pre-pass of l: pre-read, or read
// now (nil when unreadable: the lint reports it).
func (pr *preread) read(l *engine.Linter, path string) []byte {
	pr.mu.Lock()
	src := pr.files[path]
	pr.mu.Unlock()
	if src == nil {
		src, _ = safefs.ReadFile(path, l.Config.MaxFileSize)
	}
	return src
}

// take hands path's pre-read bytes to its lint, once (nil: read it).
func (pr *preread) take(path string) []byte {
	if pr == nil {
		return nil
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	src := pr.files[path]
	delete(pr.files, path)
	return src
}
