// Package rules holds yamlint's checks beyond schema validation: style
// rules, cross-reference checks and house rules. Each rule is a value in its
// own file, registered in init(), with its id, documentation, default
// severity and options (the shape of golang.org/x/tools/go/analysis).
package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Rule is one check.
type Rule struct {
	ID              string // also the diagnostics' code
	Doc             string // one line; docs/rules.md has the long form
	Category        string // "style", "github", "gitlab", "compose", "kubernetes", ...
	DefaultSeverity diag.Severity
	DefaultEnabled  bool
	// Options points to the rule's option struct holding the defaults
	// (nil: no options); see options.go for the declaration tags.
	Options any
	Check   func(*Pass)
	// Requires lists the shared work the rule asks its Pass for; asking
	// for anything else panics (a programming error the rule's tests
	// catch), so a lint knows what it may start early (Lint.Prefetch).
	Requires []*Shared

	options []Option // declared by Options, read at Register
}

// DocInfo is one document with the schema associated with it ("" if none).
type DocInfo struct {
	Doc       *yamlfile.Document
	SchemaURL string
}

// Pass is what a rule sees when it checks one file: the file, its
// documents with their schemas, the rule's options, the workspace to read
// other files through, work shared with the other rules of this lint, and
// Report. A rule depends on nothing else (no package-level state).
type Pass struct {
	Rule     *Rule
	File     *yamlfile.File
	Docs     []DocInfo
	Options  any // the rule's option struct: defaults overlaid with configuration (read-only)
	Severity diag.Severity
	report   func(diag.Diagnostic)
	lint     *Lint
}

// Workspace reads the files a rule needs besides the checked one: the
// editor's unsaved buffers first, then the disk (internal/workspace).
type Workspace interface {
	ReadFile(path string) ([]byte, error)
	Exists(path string) bool
	ReadDir(dir string) ([]fs.DirEntry, error)
	Glob(pattern string) ([]string, error)
}

// Shared is work several rules need from one file (its token stream, a
// GitLab configuration with its includes): declared once as a value, it is
// computed at most once per lint, the first time a rule asks for it (as
// golang.org/x/tools/go/analysis' Requires/ResultOf).
type Shared struct {
	Name    string
	Compute func(*Pass) any
	// Text, instead of Compute, is work that needs only the file's bytes:
	// a lint may start it on another core while the file is parsed.
	Text func(src []byte) any
	// Release, when set, takes the value back at the end of the lint
	// (Lint.Release), to reuse its memory for the next file.
	Release func(any)
}

// Lint is the state shared by the passes of one lint of one file.
type Lint struct {
	Workspace Workspace
	// NoFixes tells the rules that the caller discards fixes (the command
	// line without --fix): fixes that cost real work to plan, such as
	// re-indenting a block and checking the result still scans to the
	// same structure, are skipped (see Pass.WantsFixes).
	NoFixes bool
	// Confine, when set, is asked before any other file is read: a file
	// names its neighbours (an include, a reusable workflow, a compose
	// extends), and must not make a rule read outside the repository or
	// workspace root (/etc/passwd, ../../secrets.yml). It returns
	// ErrOutsideRoot for such a path.
	Confine func(path string) error
	mu      sync.Mutex
	results map[*Shared]*sharedResult
}

type sharedResult struct {
	once  sync.Once
	v     any
	panic any // a panic of Text on the prefetching goroutine, raised again in the pass
}

// NewLint starts the shared state of one lint; ws may be nil (reads fail).
func NewLint(ws Workspace) *Lint {
	return &Lint{Workspace: ws, results: map[*Shared]*sharedResult{}}
}

// NewPass prepares a pass for rule r over f within lint l.
// opts is the value of r.DecodeOptions (nil: the declared defaults).
func (l *Lint) NewPass(r *Rule, f *yamlfile.File, docs []DocInfo, opts any, sev diag.Severity, report func(diag.Diagnostic)) *Pass {
	p := NewPass(r, f, docs, opts, sev, report)
	p.lint = l
	return p
}

func (l *Lint) result(s *Shared) *sharedResult {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.results[s]
	if r == nil {
		r = &sharedResult{}
		l.results[s] = r
	}
	return r
}

// Prefetch starts, each on its own goroutine, the text-only shared work
// (Shared.Text) that the given rules require, so that it runs while the
// file is parsed; a pass asking for it then waits for it.
func (l *Lint) Prefetch(src []byte, rs []*Rule) {
	started := map[*Shared]bool{}
	for _, rule := range rs {
		for _, s := range rule.Requires {
			if s.Text == nil || started[s] {
				continue
			}
			started[s] = true
			r := l.result(s)
			go r.once.Do(func() {
				defer func() { r.panic = recover() }()
				r.v = s.Text(src)
			})
		}
	}
}

// Release ends the lint: shared values with a Release func are handed
// back (waiting for a prefetch still running). Nothing of the lint's
// shared work may be used afterwards.
func (l *Lint) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for s, r := range l.results {
		r.once.Do(func() {}) // waits for a computation in progress
		if s.Release != nil && r.v != nil {
			s.Release(r.v)
		}
		r.v = nil
	}
}

// Result returns s computed for this pass's file, computing it once per lint.
func (p *Pass) Result(s *Shared) any {
	if !slices.Contains(p.Rule.Requires, s) {
		panic(fmt.Sprintf("rule %s uses %q without declaring it in Requires", p.Rule.ID, s.Name))
	}
	r := p.lint.result(s)
	r.once.Do(func() {
		if s.Text != nil {
			r.v = s.Text(p.File.Src)
		} else {
			r.v = s.Compute(p)
		}
	})
	if r.panic != nil {
		panic(r.panic)
	}
	return r.v
}

// ReadFile reads another file through the workspace.
func (p *Pass) ReadFile(path string) ([]byte, error) {
	if p.lint.Workspace == nil {
		return nil, errNoWorkspace
	}
	if err := p.confined(path); err != nil {
		return nil, err
	}
	return p.lint.Workspace.ReadFile(path)
}

// FileExists reports whether path exists in the workspace (false outside
// the roots, see Lint.Confine).
func (p *Pass) FileExists(path string) bool {
	return p.lint.Workspace != nil && p.confined(path) == nil && p.lint.Workspace.Exists(path)
}

// ReadDir lists a directory through the workspace.
func (p *Pass) ReadDir(dir string) ([]fs.DirEntry, error) {
	if p.lint.Workspace == nil {
		return nil, errNoWorkspace
	}
	if err := p.confined(dir); err != nil {
		return nil, err
	}
	return p.lint.Workspace.ReadDir(dir)
}

// Glob lists the files matching a doublestar pattern through the
// workspace; matches outside the roots are left out.
func (p *Pass) Glob(pattern string) ([]string, error) {
	if p.lint.Workspace == nil {
		return nil, errNoWorkspace
	}
	matches, err := p.lint.Workspace.Glob(pattern)
	if p.lint.Confine == nil {
		return matches, err
	}
	kept := matches[:0]
	for _, m := range matches {
		if p.lint.Confine(m) == nil {
			kept = append(kept, m)
		}
	}
	return kept, err
}

// confined is Lint.Confine's verdict on path (nil when nothing confines).
func (p *Pass) confined(path string) error {
	if p.lint == nil || p.lint.Confine == nil {
		return nil
	}
	if err := p.lint.Confine(path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

var errNoWorkspace = errors.New("no workspace: other files cannot be read")

// ErrOutsideRoot is a file a rule was asked to read outside the repository
// or workspace root (see Lint.Confine). Whether it exists is not told.
var ErrOutsideRoot = errors.New("outside the repository or workspace root; not read")

// NewPass prepares a pass for rule r over f, in a lint of its own; report
// receives the findings. opts is the value of r.DecodeOptions (nil: the
// declared defaults).
func NewPass(r *Rule, f *yamlfile.File, docs []DocInfo, opts any, sev diag.Severity, report func(diag.Diagnostic)) *Pass {
	switch opts.(type) {
	case nil:
		opts = r.Options
	case map[string]any:
		panic("rules.NewPass: options must be decoded (Rule.DecodeOptions), not a map")
	}
	if sev == diag.SeverityNone {
		sev = r.DefaultSeverity
	}
	return &Pass{Rule: r, File: f, Docs: docs, Options: opts, Severity: sev, report: report, lint: NewLint(nil)}
}

// Report records a finding; Code and Severity default to the rule's.
// WantsFixes reports whether the fixes of this pass's findings are used;
// a rule may skip planning a costly fix when not.
func (p *Pass) WantsFixes() bool { return p.lint == nil || !p.lint.NoFixes }

func (p *Pass) Report(d diag.Diagnostic) {
	if d.Code == "" {
		d.Code = p.Rule.ID
	}
	if d.Severity == diag.SeverityNone {
		d.Severity = p.Severity
	}
	p.report(d)
}

// Reportf records a finding at rng with a formatted message.
func (p *Pass) Reportf(rng diag.Range, format string, args ...any) {
	p.Report(diag.Diagnostic{Range: rng, Message: fmt.Sprintf(format, args...)})
}

// Run runs the rule's check, turning a panic into one diagnostic so that a
// bug in one rule never stops the other checks or files.
func Run(p *Pass) {
	defer func() {
		if r := recover(); r != nil {
			stack := string(debug.Stack())
			p.report(diag.Diagnostic{Severity: diag.SeverityError, Code: "internal",
				Message: fmt.Sprintf("rule %s failed: %v (please report this)", p.Rule.ID, r), Detail: stack})
		}
	}()
	p.Rule.Check(p)
}

var (
	mu       sync.RWMutex
	registry = map[string]*Rule{}
)

// Register adds a rule; it panics on a duplicate id (a programming error).
func Register(r *Rule) {
	mu.Lock()
	defer mu.Unlock()
	if r.ID == "" || r.Check == nil {
		panic("rules: rule without id or check")
	}
	if _, dup := registry[r.ID]; dup {
		panic("rules: duplicate rule " + r.ID)
	}
	r.options = declareOptions(r.ID, r.Options)
	registry[r.ID] = r
	codes.Register(codes.Code{ID: r.ID, Category: r.Category, DefaultSeverity: r.DefaultSeverity,
		DefaultEnabled: r.DefaultEnabled, Silenceable: true, Summary: r.Doc, Rule: true})
}

// Lookup returns the rule with id, or nil.
func Lookup(id string) *Rule {
	mu.RLock()
	defer mu.RUnlock()
	return registry[id]
}

// All returns every registered rule sorted by id.
func All() []*Rule {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// SchemaIs reports whether a document's schema URL ends with name, the way
// rules tell which format a document is ("github-workflow.json").
func (d DocInfo) SchemaIs(name string) bool {
	u, _, _ := strings.Cut(d.SchemaURL, "#")
	return u != "" && strings.HasSuffix(u, name)
}
