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
	// up: absolute directory -> the nearest config file from it upward
	// within its repository ("" for none), so that the files of sibling
	// directories share their parents' lookups.
	up map[string]string
	// user is UserConfig(), looked up once (userKnown).
	user      string
	userKnown bool
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
	defer r.mu.Unlock()
	if p, ok := r.dirs[dir]; ok {
		return p
	}
	p := r.findUp(dir)
	if p == "" {
		if !r.userKnown {
			r.user, r.userKnown = UserConfig(), true
		}
		p = r.user
	}
	if r.dirs == nil {
		r.dirs = map[string]string{}
	}
	r.dirs[dir] = p
	return p
}

// findUp is the package's findUp, remembering each directory's answer on
// the way: 1,869 files in 643 directories made 27,000 stat calls.
func (r *Resolver) findUp(dir string) string {
	if p, ok := r.up[dir]; ok {
		return p
	}
	p, stop := findIn(dir)
	if p == "" && !stop {
		if parent := filepath.Dir(dir); parent != dir {
			p = r.findUp(parent)
		}
	}
	if r.up == nil {
		r.up = map[string]string{}
	}
	r.up[dir] = p
	return p
}

// Forget drops what the resolver remembers (a config file was created or
// removed: the language server's watched-files notification).
func (r *Resolver) Forget() {
	r.mu.Lock()
	r.dirs, r.up, r.userKnown = nil, nil, false
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
