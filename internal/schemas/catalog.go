// Package schemas decides which JSON schema applies to a file, loads and
// compiles schemas (bundled, local, or remote when allowed), and turns
// validation errors into diagnostics on the exact node.
package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

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

// Rule maps a schema URL to file globs (from config or a catalog entry)
// and, optionally, to what a document says: Content maps top-level keys to
// glob patterns their scalar values must match (all of them). A rule with
// content applies document by document; with no patterns, to any file.
type Rule struct {
	URL      string
	Patterns []string
	Source   string
	Content  map[string]string
}

// Associator picks the schema of a file: --schema, then a modeline, then
// config globs, then catalogs in order.
type Associator struct {
	Flag   string // --schema, already absolute (file:// or https://)
	Config []Rule // config `schemas:`, URLs absolute
	// Catalogs are consulted in order (an extra catalog, the built-in one,
	// SchemaStore's). Rules are not changed once association starts.
	Catalogs [][]Rule

	contentOnce sync.Once
	hasContent  bool
	prepOnce    sync.Once
	sets        [][]patternSet // fileMatch prepared: Config, then each catalog
}

// prepared returns the rule lists (Config first, then the catalogs) with
// their file patterns compiled once.
func (a *Associator) prepared() [][]patternSet {
	a.prepOnce.Do(func() {
		lists := append([][]Rule{a.Config}, a.Catalogs...)
		a.sets = make([][]patternSet, len(lists))
		for i, rules := range lists {
			a.sets[i] = make([]patternSet, len(rules))
			for j, r := range rules {
				a.sets[i][j] = compilePatterns(r.Patterns)
			}
		}
	})
	return a.sets
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
		if (len(e.FileMatch) == 0 && len(e.Content) == 0) || e.URL == "" {
			continue
		}
		out = append(out, Rule{URL: ResolveRef(e.URL, dir), Patterns: e.FileMatch, Source: source, Content: e.Content})
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
	return bytes.Contains(src, []byte("yaml-language-server")) // no copy of the file
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
	sets := a.prepared()
	p := absSlash(filePath)
	if url, ok := match(a.Config, sets[0], p); ok {
		return Association{URL: url, Source: "config"}, true
	}
	for i, rules := range a.Catalogs {
		if url, ok := match(rules, sets[i+1], p); ok {
			return Association{URL: url, Source: "catalog"}, true
		}
	}
	return Association{}, false
}

func match(rules []Rule, sets []patternSet, p string) (string, bool) {
	for i, r := range rules {
		if len(r.Content) == 0 && sets[i].match(p) {
			return r.URL, true
		}
	}
	return "", false
}

func absSlash(filePath string) string {
	if abs, err := filepath.Abs(filePath); err == nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(filePath)
}

// HasContentRules reports whether some rule associates by content, so
// documents of one file may get different schemas.
func (a *Associator) HasContentRules() bool {
	a.contentOnce.Do(func() { a.hasContent = a.anyContent() })
	return a.hasContent
}

func (a *Associator) anyContent() bool {
	for _, r := range a.Config {
		if len(r.Content) > 0 {
			return true
		}
	}
	for _, rules := range a.Catalogs {
		for _, r := range rules {
			if len(r.Content) > 0 {
				return true
			}
		}
	}
	return false
}

// AssociateDoc returns the schema of one document: --schema, the file's
// modeline, then config rules and catalogs in order, where a rule with
// content must also match what this document says.
func (a *Associator) AssociateDoc(filePath string, f *yamlfile.File, d *yamlfile.Document) (Association, bool) {
	return a.ForFile(filePath, f)(d)
}

// ForFile returns AssociateDoc for the documents of one file, matching
// the file globs once (a file of many documents against a catalog of a
// thousand entries would otherwise repeat them per document).
func (a *Associator) ForFile(filePath string, f *yamlfile.File) func(d *yamlfile.Document) (Association, bool) {
	if a.Flag != "" {
		as := Association{URL: a.Flag, Source: "flag"}
		return func(*yamlfile.Document) (Association, bool) { return as, true }
	}
	if f != nil {
		if ref, rng, ok := Modeline(f); ok {
			as := Association{URL: ResolveRef(ref, filepath.Dir(filePath)), Source: "modeline", Range: rng}
			return func(*yamlfile.Document) (Association, bool) { return as, true }
		}
	}
	p := absSlash(filePath)
	type candidate struct {
		rule   *Rule
		source string
	}
	var cands []candidate
	sets := a.prepared()
	add := func(rules []Rule, set []patternSet, source string) bool {
		for i := range rules {
			r := &rules[i]
			if len(r.Patterns) > 0 && !set[i].match(p) {
				continue
			}
			if len(r.Content) == 0 && len(r.Patterns) == 0 {
				continue
			}
			cands = append(cands, candidate{r, source})
			if len(r.Content) == 0 {
				return true // a file rule ends the search: later rules never apply
			}
		}
		return false
	}
	if !add(a.Config, sets[0], "config") {
		for i, rules := range a.Catalogs {
			if add(rules, sets[i+1], "catalog") {
				break
			}
		}
	}
	return func(d *yamlfile.Document) (Association, bool) {
		for _, c := range cands {
			if len(c.rule.Content) == 0 || MatchContent(c.rule.Content, d) {
				return Association{URL: c.rule.URL, Source: c.source}, true
			}
		}
		return Association{}, false
	}
}

// MatchContent reports whether every key of content is a top-level key of
// the document whose scalar value matches the glob ("argoproj.io/*").
func MatchContent(content map[string]string, d *yamlfile.Document) bool {
	if d == nil || d.Root == nil || d.Root.Kind != yamlfile.Mapping {
		return false
	}
	for key, pat := range content {
		v, ok := scalarText(d.Root.Child(key))
		if !ok {
			return false
		}
		if m, err := path.Match(pat, v); err != nil || !m {
			if !(err != nil && pat == v) {
				return false
			}
		}
	}
	return true
}

// MatchAny reports whether an absolute slash path matches the fileMatch
// patterns. As in editors, a pattern without "/" matches the base name and
// one with "/" matches a trailing part of the path; "!pattern" excludes.
func MatchAny(patterns []string, absSlashPath string) bool {
	return compilePatterns(patterns).match(absSlashPath)
}

// patternSet is a rule's fileMatch, prepared.
type patternSet []struct {
	pattern
	neg bool
}

func compilePatterns(patterns []string) patternSet {
	out := make(patternSet, len(patterns))
	for i, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		out[i].neg = neg
		out[i].pattern = compilePattern(strings.TrimPrefix(pat, "!"))
	}
	return out
}

func (ps patternSet) match(p string) bool {
	base := path.Base(p)
	matched := false
	for _, pt := range ps {
		if pt.pattern.match(p, base) {
			if pt.neg {
				return false
			}
			matched = true
		}
	}
	return matched
}

func matchOne(pat, p string) bool {
	return compilePattern(pat).match(p, path.Base(p))
}

// pattern is a fileMatch glob prepared once: literals are compared, and a
// glob is only tried when the path ends with its literal tail (".yml"),
// since a catalog of a thousand entries is consulted for every file.
type pattern struct {
	glob    string // doublestar pattern ("" for a literal)
	literal string
	tail    string // literal end of glob
	base    bool   // matched against the base name
	abs     bool   // literal from the root
}

func compilePattern(pat string) pattern {
	pat = strings.TrimPrefix(pat, "./")
	base := !strings.Contains(pat, "/")
	if strings.IndexAny(pat, "*?[{\\") < 0 {
		return pattern{literal: pat, base: base, abs: strings.HasPrefix(pat, "/")}
	}
	if !base && !strings.HasPrefix(pat, "/") && !strings.HasPrefix(pat, "**/") {
		pat = "**/" + pat
	}
	tail := pat[strings.LastIndexAny(pat, "*?]}\\")+1:]
	return pattern{glob: pat, tail: tail, base: base}
}

func (pt pattern) match(p, base string) bool {
	target := p
	if pt.base {
		target = base
	}
	if pt.glob == "" {
		switch {
		case pt.base, pt.abs:
			return target == pt.literal
		default:
			return strings.HasSuffix(p, "/"+pt.literal)
		}
	}
	if !strings.HasSuffix(target, pt.tail) {
		return false
	}
	ok, _ := doublestar.Match(pt.glob, target)
	return ok
}

// scalarText is a scalar's value as text (numbers and booleans too).
func scalarText(n *yamlfile.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch v := n.Value.(type) {
	case string:
		return v, true
	case bool, int, int64, uint64, float64, json.Number:
		return fmt.Sprint(v), true
	}
	return "", false
}
