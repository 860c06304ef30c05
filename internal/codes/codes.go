// Package codes is the registry of every diagnostic code yamlint can emit:
// rules, the parser, schema validation, Kubernetes checks, the engine's own
// codes and, per configuration, house rules. Directives, `severity:`,
// --explain, --list-codes, report formats that carry rule metadata (SARIF),
// the language server's code actions and docs/rules.md all read it, so a
// code is described once.
package codes

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/diag"
)

// Categories group codes in listings and docs.
const (
	CategoryParser     = "parser"
	CategorySchema     = "schema"
	CategoryKubernetes = "kubernetes"
	CategoryStyle      = "style"
	CategoryGitHub     = "github"
	CategoryGitLab     = "gitlab"
	CategoryAzure      = "azure"
	CategoryCompose    = "compose"
	CategoryDependabot = "dependabot"
	CategoryConfig     = "config"
	CategoryInput      = "input"
	CategoryHouse      = "house-rule"
)

// Code describes one diagnostic code.
type Code struct {
	ID              string
	Category        string
	DefaultSeverity diag.Severity
	// DefaultEnabled is false for checks that run only when configured
	// (most style rules outside the preset, packs).
	DefaultEnabled bool
	// Silenceable says whether a directive or `severity: off` may switch
	// the code off. Problems that make the rest of the result meaningless
	// (a syntax error, an unreadable file) cannot be silenced.
	Silenceable bool
	// Summary is one line; Explanation is markdown with a bad and a good
	// example (embedded from explain/<id>.md for built-in codes).
	Summary     string
	Explanation string
	// Rule is true for codes that are rules with options (internal/rules).
	Rule bool
	// Source names where a house rule was declared (config file:line), ""
	// for built-in codes.
	Source string
}

// Registry is a set of codes. The built-in registry holds every code
// compiled in; a linter whose configuration declares house rules extends it
// with With, so codes stay per configuration rather than global.
type Registry struct {
	mu     sync.RWMutex
	byID   map[string]*Code
	parent *Registry
}

//go:embed explain/*.md
var explanations embed.FS

// builtin is filled by init functions of the packages that emit codes and
// read-only afterwards.
var builtin = &Registry{byID: map[string]*Code{}}

// Builtin returns the registry of compiled-in codes.
func Builtin() *Registry { return builtin }

// Register adds a built-in code. It is called from init functions; a
// duplicate or an empty id is a programming error and panics. The
// explanation is read from explain/<id>.md when c has none.
func Register(c Code) *Code {
	if c.ID == "" {
		panic("codes: empty id")
	}
	if c.Explanation == "" {
		if b, err := explanations.ReadFile("explain/" + c.ID + ".md"); err == nil {
			c.Explanation = string(b)
		}
	}
	builtin.mu.Lock()
	defer builtin.mu.Unlock()
	if _, dup := builtin.byID[c.ID]; dup {
		panic("codes: duplicate code " + c.ID)
	}
	cp := c
	builtin.byID[c.ID] = &cp
	return &cp
}

// With returns a registry holding r's codes and extra. An extra code whose
// id r already knows is an error naming both.
func (r *Registry) With(extra ...Code) (*Registry, error) {
	out := &Registry{byID: make(map[string]*Code, len(extra)), parent: r}
	for _, c := range extra {
		if c.ID == "" {
			return nil, fmt.Errorf("empty code id")
		}
		if old := r.Lookup(c.ID); old != nil {
			return nil, fmt.Errorf("code %q is already defined (%s)", c.ID, describeOrigin(old))
		}
		if _, dup := out.byID[c.ID]; dup {
			return nil, fmt.Errorf("code %q is defined twice", c.ID)
		}
		cp := c
		out.byID[c.ID] = &cp
	}
	return out, nil
}

func describeOrigin(c *Code) string {
	if c.Source != "" {
		return "house rule at " + c.Source
	}
	return "a built-in " + c.Category + " code"
}

// Lookup returns the code with id, or nil.
func (r *Registry) Lookup(id string) *Code {
	for reg := r; reg != nil; reg = reg.parent {
		reg.mu.RLock()
		c := reg.byID[id]
		reg.mu.RUnlock()
		if c != nil {
			return c
		}
	}
	return nil
}

// All returns every code, sorted by category then id.
func (r *Registry) All() []*Code {
	seen := map[string]bool{}
	var out []*Code
	for reg := r; reg != nil; reg = reg.parent {
		reg.mu.RLock()
		for id, c := range reg.byID {
			if !seen[id] {
				seen[id] = true
				out = append(out, c)
			}
		}
		reg.mu.RUnlock()
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Category != out[j].Category {
			return categoryRank(out[i].Category) < categoryRank(out[j].Category)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// IDs returns every id, sorted.
func (r *Registry) IDs() []string {
	var ids []string
	for _, c := range r.All() {
		ids = append(ids, c.ID)
	}
	sort.Strings(ids)
	return ids
}

// Lookup returns the built-in code with id, or nil.
func Lookup(id string) *Code { return builtin.Lookup(id) }

// All returns every built-in code.
func All() []*Code { return builtin.All() }

var categoryOrder = []string{CategoryInput, CategoryParser, CategoryConfig, CategorySchema, CategoryKubernetes,
	CategoryGitHub, CategoryGitLab, CategoryAzure, CategoryCompose, CategoryDependabot, CategoryStyle, CategoryHouse}

func categoryRank(c string) int {
	for i, x := range categoryOrder {
		if x == c {
			return i
		}
	}
	return len(categoryOrder)
}

// Anchor is the fragment of a code's section in docs/rules.md.
func Anchor(id string) string { return strings.ToLower(id) }
