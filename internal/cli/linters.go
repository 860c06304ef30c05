package cli

import (
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/engine"
)

// linterSet gives each input the linter of its own configuration (see
// config.Resolver): nested .yamlint.yaml files apply to their subtree, as
// they do in the language server. Configurations are loaded once each; a
// broken one is reported with positions and the run stops with exit 2.
type linterSet struct {
	resolver config.Resolver
	opts     engine.Options
	wd       string

	mu      sync.Mutex
	configs map[string]*config.Config // config path ("" = defaults) -> config
	linters map[string]*engine.Linter
	failed  map[string]bool
	errOut  io.Writer
	bad     bool
}

func newLinterSet(override string, opts engine.Options, stderr io.Writer) *linterSet {
	s := &linterSet{opts: opts, wd: config.WorkingDir(), configs: map[string]*config.Config{},
		linters: map[string]*engine.Linter{}, failed: map[string]bool{}, errOut: stderr}
	s.resolver.Override = override
	return s
}

// configAt returns the configuration at path ("" = defaults), loading it
// the first time; nil when it is broken (reported once).
func (s *linterSet) configAt(path string) *config.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.configs[path]; ok || s.failed[path] {
		return c
	}
	if path == "" {
		c := config.Default(s.wd)
		s.configs[path] = c
		return c
	}
	c, code := loadConfig(path, io.Discard, s.errOut)
	if c == nil {
		s.failed[path] = true
		s.bad = s.bad || code != ExitOK
		return nil
	}
	s.configs[path] = c
	return c
}

// configFor is the configuration of the file at path (nil when broken).
func (s *linterSet) configFor(path string) *config.Config {
	return s.configAt(s.resolver.PathFor(path))
}

// configForDir is the configuration of files directly in dir.
func (s *linterSet) configForDir(dir string) *config.Config {
	return s.configAt(s.resolver.PathForDir(dir))
}

// linterFor is the linter of the file at path (nil when its configuration
// is broken). The engine is built once per configuration.
func (s *linterSet) linterFor(path string) *engine.Linter {
	cfgPath := s.resolver.PathFor(path)
	cfg := s.configAt(cfgPath)
	if cfg == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.linters[cfgPath]; ok {
		return l
	}
	l, err := engine.New(cfg, s.opts)
	if err != nil {
		fmt.Fprintf(s.errOut, "yamlint: %v\n", err)
		s.bad = true
		s.linters[cfgPath] = nil
		return nil
	}
	s.linters[cfgPath] = l
	return l
}

// all returns every linter built so far, in configuration path order.
func (s *linterSet) all() []*engine.Linter {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.linters))
	for k, l := range s.linters {
		if l != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]*engine.Linter, len(keys))
	for i, k := range keys {
		out[i] = s.linters[k]
	}
	return out
}

// broken reports whether any configuration failed to load.
func (s *linterSet) broken() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bad
}
