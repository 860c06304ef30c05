// Package schemas decides which JSON schema applies to a file, loads and
// compiles schemas (bundled, local, or remote when allowed), and turns
// validation errors into diagnostics on the exact node.
package schemas

import (
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// Association is a schema chosen for a file, and why.
type Association struct {
	URL    string
	Source string     // "flag", "modeline", "config", "catalog"
	Range  diag.Range // where the association is written (modeline), if in the file
}

// Rule maps a schema URL to file globs (from config or a catalog entry).
type Rule struct {
	URL      string
	Patterns []string
	Source   string
}

// Associator picks the schema of a file: --schema, then a modeline, then
// config globs, then catalogs in order.
type Associator struct {
	Flag   string // --schema, already absolute (file:// or https://)
	Config []Rule // config `schemas:`, URLs absolute
	// Catalogs are consulted in order (an extra catalog, then the built-in).
	Catalogs [][]Rule
}

// BuiltinRules returns the built-in catalog's entries as rules.
func BuiltinRules() ([]Rule, error) {
	c, err := schemastore.BuiltinCatalog()
	if err != nil {
		return nil, err
	}
	return catalogRules(c, "", "catalog"), nil
}

// LoadCatalogFile reads a catalog in SchemaStore's catalog.json format.
// Relative schema URLs resolve against the catalog's directory.
func LoadCatalogFile(file string) ([]Rule, error) {
	data, err := safefs.ReadFile(file, safefs.DefaultMaxSize)
	if err != nil {
		return nil, err
	}
	var c schemastore.Catalog
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: not a catalog: %w", file, err)
	}
	return catalogRules(&c, filepath.Dir(file), "catalog"), nil
}

func catalogRules(c *schemastore.Catalog, dir, source string) []Rule {
	var out []Rule
	for _, e := range c.Schemas {
		if len(e.FileMatch) == 0 || e.URL == "" {
			continue
		}
		out = append(out, Rule{URL: ResolveRef(e.URL, dir), Patterns: e.FileMatch, Source: source})
	}
	return out
}

// ResolveRef turns a schema reference written in a file, config or catalog
// into an absolute URL: URLs stay, paths become file:// URLs relative to dir.
func ResolveRef(ref, dir string) string {
	if strings.Contains(ref, "://") {
		return ref
	}
	if strings.HasPrefix(ref, "file:") {
		return ref
	}
	p := ref
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return "file://" + filepath.ToSlash(p)
}

var modelineRE = regexp.MustCompile(`^#\s*yaml-language-server\s*:\s*\$schema\s*=\s*(\S+)`)

// Modeline finds a "# yaml-language-server: $schema=..." comment.
func Modeline(f *yamlfile.File) (ref string, rng diag.Range, ok bool) {
	if !containsModeline(f.Src) {
		return "", diag.Range{}, false
	}
	for _, c := range f.Comments() {
		if m := modelineRE.FindStringSubmatch("#" + c.Text); m != nil {
			return m[1], c.Range, true
		}
	}
	return "", diag.Range{}, false
}

func containsModeline(src []byte) bool {
	return strings.Contains(string(src), "yaml-language-server")
}

// Associate returns the schema for the file at filePath (slash or OS form),
// or ok=false when none applies.
func (a *Associator) Associate(filePath string, f *yamlfile.File) (Association, bool) {
	if a.Flag != "" {
		return Association{URL: a.Flag, Source: "flag"}, true
	}
	if f != nil {
		if ref, rng, ok := Modeline(f); ok {
			return Association{URL: ResolveRef(ref, filepath.Dir(filePath)), Source: "modeline", Range: rng}, true
		}
	}
	if url, ok := match(a.Config, filePath); ok {
		return Association{URL: url, Source: "config"}, true
	}
	for _, rules := range a.Catalogs {
		if url, ok := match(rules, filePath); ok {
			return Association{URL: url, Source: "catalog"}, true
		}
	}
	return Association{}, false
}

func match(rules []Rule, filePath string) (string, bool) {
	p := filepath.ToSlash(filePath)
	if abs, err := filepath.Abs(filePath); err == nil {
		p = filepath.ToSlash(abs)
	}
	for _, r := range rules {
		if MatchAny(r.Patterns, p) {
			return r.URL, true
		}
	}
	return "", false
}

// MatchAny reports whether an absolute slash path matches the fileMatch
// patterns. As in editors, a pattern without "/" matches the base name and
// one with "/" matches a trailing part of the path; "!pattern" excludes.
func MatchAny(patterns []string, absSlashPath string) bool {
	matched := false
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		if neg {
			pat = pat[1:]
		}
		if matchOne(pat, absSlashPath) {
			if neg {
				return false
			}
			matched = true
		}
	}
	return matched
}

func matchOne(pat, p string) bool {
	pat = strings.TrimPrefix(pat, "./")
	if !strings.Contains(pat, "/") {
		ok, _ := doublestar.Match(pat, path.Base(p))
		return ok
	}
	if strings.HasPrefix(pat, "/") {
		ok, _ := doublestar.Match(pat, p)
		return ok
	}
	if !strings.HasPrefix(pat, "**/") {
		pat = "**/" + pat
	}
	ok, _ := doublestar.Match(pat, p)
	return ok
}
