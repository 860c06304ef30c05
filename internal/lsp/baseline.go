package lsp

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/yamlint/yamlint/internal/baseline"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/fingerprint"
	"github.com/yamlint/yamlint/internal/output"
)

// baselines caches parsed baseline files by path, re-read when the file
// changes (a new --write-baseline).
var baselines struct {
	sync.Mutex
	byPath map[string]loadedBaseline
}

type loadedBaseline struct {
	mod  time.Time
	size int64
	b    *baseline.Baseline
}

// notBaselined returns res's diagnostics without those the yamlint.baseline
// file records: they are not reported at all (nothing is greyed out), as on
// the command line. Paths are matched relative to the workspace root, where
// the CLI that wrote the baseline is normally run.
func (s *Server) notBaselined(settings Settings, res engine.Result) []diag.Diagnostic {
	if settings.Baseline == "" || len(res.Diagnostics) == 0 {
		return res.Diagnostics
	}
	s.mu.Lock()
	root := s.root
	s.mu.Unlock()
	path := settings.Baseline
	if !filepath.IsAbs(path) {
		if root == "" {
			return res.Diagnostics
		}
		path = filepath.Join(root, path)
	}
	b := s.loadBaseline(path)
	if b == nil {
		return res.Diagnostics
	}
	if root == "" {
		root = filepath.Dir(path)
	}
	rel, err := filepath.Rel(root, res.Path)
	if err != nil {
		rel = res.Path
	}
	in := fingerprint.Input{Path: output.RelPath(filepath.ToSlash(rel)), Src: res.Src, Tree: res.File, Diagnostics: res.Diagnostics}
	if res.File != nil {
		in.Lines = res.File.Lines
	}
	fps := fingerprint.Compute(in)
	var kept []diag.Diagnostic
	for i, d := range res.Diagnostics {
		if !b.Has(fps[i]) {
			kept = append(kept, d)
		}
	}
	return kept
}

func (s *Server) loadBaseline(path string) *baseline.Baseline {
	st, err := os.Stat(path)
	if err != nil {
		s.logf("yamlint.baseline %s: %v", path, err)
		return nil
	}
	baselines.Lock()
	defer baselines.Unlock()
	if baselines.byPath == nil {
		baselines.byPath = map[string]loadedBaseline{}
	}
	if c, ok := baselines.byPath[path]; ok && c.mod.Equal(st.ModTime()) && c.size == st.Size() {
		return c.b
	}
	b, err := baseline.ReadFile(path)
	if err != nil {
		s.logf("yamlint.baseline %s: %v", path, err)
	}
	baselines.byPath[path] = loadedBaseline{mod: st.ModTime(), size: st.Size(), b: b}
	return b
}
