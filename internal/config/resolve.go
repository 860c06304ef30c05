package config

import (
	"os"
	"path/filepath"
	"sync"
)

// Resolver decides which configuration file applies to each checked file,
// the same way for the CLI and the language server: Override (--config,
// yamlint.configPath) for every file when set; otherwise the nearest
// .yamlint.yaml / .yamllint* from the file's own directory upward, stopping
// at the repository root (a directory holding .git); otherwise yamllint's
// user configuration; otherwise none (""), meaning the defaults.
//
// So `yamlint sub/x.yaml` from the repository root, `yamlint x.yaml` from
// sub/, and the editor with sub/x.yaml open all use sub/.yamlint.yaml.
type Resolver struct {
	Override string

	mu   sync.Mutex
	dirs map[string]string // absolute directory -> config path
}

// PathFor returns the configuration file for the file at path, or "".
func (r *Resolver) PathFor(path string) string {
	if r.Override != "" {
		return r.Override
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return r.pathForDir(filepath.Dir(abs))
}

// PathForDir is PathFor for a file directly inside dir.
func (r *Resolver) PathForDir(dir string) string {
	if r.Override != "" {
		return r.Override
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return r.pathForDir(abs)
}

func (r *Resolver) pathForDir(dir string) string {
	r.mu.Lock()
	p, ok := r.dirs[dir]
	r.mu.Unlock()
	if ok {
		return p
	}
	p = Find(dir)
	r.mu.Lock()
	if r.dirs == nil {
		r.dirs = map[string]string{}
	}
	r.dirs[dir] = p
	r.mu.Unlock()
	return p
}

// Forget drops what the resolver remembers (a config file was created or
// removed: the language server's watched-files notification).
func (r *Resolver) Forget() {
	r.mu.Lock()
	r.dirs = nil
	r.mu.Unlock()
}

// WorkingDir is the directory the defaults resolve relative paths against
// when no configuration file applies.
func WorkingDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}
