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
	// repoRoots are the repositories being checked: a --config file inside
	// one is the repository's config, not the user's.
	repoRoots []string
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
	c.UserLevel = s.userLevel(path)
	s.configs[path] = c
	return c
}

// userLevel says whether the config file at path is the user's own (see
// config.IsUserLevel): the per-user config, or a --config file outside the
// repositories being checked. A discovered config is the repository's.
func (s *linterSet) userLevel(path string) bool {
	if path == s.resolver.Override {
		return config.IsUserLevel(path, s.repoRoots)
	}
	return config.IsUserLevel(path, nil)
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
	for _, w := range l.Warnings {
		fmt.Fprintf(s.errOut, "yamlint: warning: %s\n", w)
	}
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
