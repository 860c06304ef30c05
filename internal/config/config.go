// Package config finds and reads yamlint's configuration: .yamlint.yaml, or
// yamllint's .yamllint files so teams can keep their existing config. The
// file is validated against yamlint's own embedded schema, with positions,
// like any other file, and its `rules:` against the registered rules.
package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/house"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// Schema is the schema a config is checked against, with the store to
// validate with: compiled once per process, without the generated
// per-rule option schemas (yamlint-config-codes.json#/definitions/rules,
// for the editor's completion and hover), whose findings are inside rule
// entries, which WithoutRuleEntries drops because checkRuleEntries reports
// them better. Compiling them was three quarters of the 11-20 ms the
// schema took to compile. Loading a config and linting a config file both
// use it.
func Schema() (*schemas.Store, *jsonschema.Schema, error) {
	c := compiledConfigSchema()
	return c.store, c.schema, c.err
}

type configSchemaResult struct {
	store  *schemas.Store
	schema *jsonschema.Schema
	err    error
}

var compiledConfigSchema = sync.OnceValue(func() (c configSchemaResult) {
	codesURL := schemastore.BaseURL + "yamlint-config-codes.json"
	codes, err := schemas.NewStore().Raw(codesURL)
	if err != nil {
		c.err = err
		return c
	}
	doc, ok := codes.(map[string]any)
	defs, ok2 := doc["definitions"].(map[string]any)
	if !ok || !ok2 {
		c.err = fmt.Errorf("%s: no definitions", codesURL)
		return c
	}
	// Copies: the loaded document may be shared.
	doc, defs = maps.Clone(doc), maps.Clone(defs)
	defs["rules"] = map[string]any{}
	doc["definitions"] = defs
	c.store = schemas.NewStore()
	c.store.AddResource(codesURL, doc)
	c.schema, c.err = c.store.Compile(schemastore.BaseURL + "yamlint-config.json")
	return c
})

// FileNames are the config file names looked for in each directory, in
// order: yamlint's own, then yamllint's.
var FileNames = []string{".yamlint.yaml", ".yamlint.yml", ".yamllint", ".yamllint.yaml", ".yamllint.yml"}

// Config file formats.
const (
	FormatYamlint  = "yamlint"
	FormatYamllint = "yamllint"
)

// DefaultYAMLFiles are yamllint's default yaml-files patterns.
var DefaultYAMLFiles = []string{"*.yaml", "*.yml", ".yamllint"}

// DefaultMaxFileSize is the size above which a file is not checked.
const DefaultMaxFileSize = 10 << 20

// MaxConfigSize bounds a config file (and the files it extends or reads
// ignore patterns from): it is read before max-file-size is known.
const MaxConfigSize = DefaultMaxFileSize

// Config is yamlint's configuration.
type Config struct {
	// Path is the file it was read from; "" for the defaults.
	Path string
	// Dir is the directory relative paths and globs are resolved against.
	Dir         string
	Schemas     []schemas.Rule
	CustomTags  []string
	Ignore      []string
	Severity    map[string]diag.Severity
	Remote      bool
	Refs        []string // schema files/directories registered by $id, absolute
	Catalog     string   // absolute path, "" if none
	MaxFileSize int64
	Kubernetes  Kubernetes
	// Raw is the whole decoded file, for sections read by other packages.
	Raw map[string]any
	// File is the parsed config file (nil for defaults).
	File *yamlfile.File
	// Format is FormatYamllint for yamllint's files (.yamllint...), whose
	// rules are all off unless listed or extended, as in yamllint.
	Format string
	// Rules is every configured rule's resolved configuration; a rule not
	// in it runs with its registered defaults.
	Rules map[string]RuleConfig
	// YAMLFiles are the patterns of the files checked when walking a
	// directory (yaml-files).
	YAMLFiles []string
	// Locale is yamllint's `locale` (used by key-ordering), "" if unset.
	Locale string
	// House is the compiled house rules and packs (nil when none).
	House *house.Set
	// AdmissionPolicies are the files of ValidatingAdmissionPolicies
	// (absolute), with where each is written ("file:line:col").
	AdmissionPolicies   []string
	AdmissionPoliciesAt []string
	// Remote (`remote:`) turns fetching on only when the file is
	// UserLevel: a repository's config cannot reach the network. RemoteAt
	// says where `remote:` is written ("file:line:col"), "" if it is not.
	RemoteAt string
	// UserLevel is set by the caller for a config file that belongs to the
	// user rather than to a repository being checked (see IsUserLevel).
	UserLevel bool

	ignoreM      *Matcher
	ignoreDir    string
	yamlFiles    *Matcher
	yamlFilesSet bool
}

// Default returns the configuration used when there is no config file.
func Default(dir string) *Config {
	return &Config{Dir: dir, Severity: map[string]diag.Severity{}, MaxFileSize: DefaultMaxFileSize, Raw: map[string]any{},
		Format: FormatYamlint, Rules: presetRules("yamlint"), YAMLFiles: DefaultYAMLFiles, yamlFiles: NewMatcher(DefaultYAMLFiles), ignoreDir: dir}
}

// Error is a config file that cannot be used; Diagnostics locate the
// problems inside it.
type Error struct {
	File        *yamlfile.File
	Diagnostics []diag.Diagnostic
	Err         error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	if len(e.Diagnostics) > 0 {
		d := e.Diagnostics[0]
		p := e.File.Lines.Position(d.Range.Start)
		return fmt.Sprintf("%s:%d:%d: %s", e.File.Path, p.Line, p.Column, d.Message)
	}
	return "invalid configuration"
}

// Find looks for a config file from dir upward, stopping at the filesystem
// root or at a directory holding .git. When there is none it falls back,
// as yamllint does, to $YAMLLINT_CONFIG_FILE and then to yamllint's user
// config ($XDG_CONFIG_HOME/yamllint/config or ~/.config/yamllint/config).
// It returns "" when there is no config at all.
func Find(dir string) string {
	if p := findUp(dir); p != "" {
		return p
	}
	return UserConfig()
}

func findUp(dir string) string {
	dir, _ = filepath.Abs(dir)
	for {
		p, stop := findIn(dir)
		if p != "" || stop {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// findIn returns the config file in dir, if any, and whether the search
// stops there (dir is a repository's root).
func findIn(dir string) (path string, stop bool) {
	for _, name := range FileNames {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	if st, err := os.Stat(filepath.Join(dir, ".git")); err == nil && st != nil {
		return "", true
	}
	return "", false
}

// IsUserLevel reports whether the config file at path is the user's own
// rather than part of a repository being checked: the per-user config
// (UserConfig), or a file named explicitly (--config, the editor's
// yamlint.configPath) that lies outside every root in repoRoots (the
// repositories or workspace folders being checked). A repository's config
// is untrusted input: it cannot turn on network access.
func IsUserLevel(path string, repoRoots []string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	if u := UserConfig(); u != "" {
		if ua, err := filepath.Abs(u); err == nil && ua == abs {
			return true
		}
	}
	for _, r := range repoRoots {
		if r == "" {
			continue
		}
		if ra, err := filepath.Abs(r); err == nil && safefs.Within(abs, ra) {
			return false
		}
	}
	return len(repoRoots) > 0
}

// UserConfig returns yamllint's per-user config file, or "".
func UserConfig() string {
	candidates := []string{os.Getenv("YAMLLINT_CONFIG_FILE")}
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
		candidates = append(candidates, filepath.Join(x, "yamllint", "config"))
	} else if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, ".config", "yamllint", "config"))
	}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	src, err := safefs.ReadFile(path, MaxConfigSize)
	if err != nil {
		return nil, &Error{Err: fmt.Errorf("config %s: %w", path, unwrapPath(err))}
	}
	return Parse(path, src)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse validates and decodes config source read from path. A file whose
// name contains "yamllint" is read as yamllint reads it.
func Parse(path string, src []byte) (*Config, error) {
	return parse(path, src, 0)
}

func parse(path string, src []byte, depth int) (*Config, error) {
	abs, _ := filepath.Abs(path)
	c := Default(filepath.Dir(abs))
	c.Path = path
	if isYamllintName(path) {
		c.Format = FormatYamllint
		c.Rules = presetRules("default")
	}
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	c.File = f
	diags := append([]diag.Diagnostic(nil), f.Syntax...)
	var root *yamlfile.Document
	for _, d := range f.Docs {
		if d.Root != nil {
			root = d
			break
		}
	}
	if root != nil && len(diags) == 0 {
		house.Warm(root.Root)
		store, sch, err := Schema()
		if err != nil {
			return nil, &Error{Err: fmt.Errorf("internal: config schema: %w", err)}
		}
		diags = append(diags, WithoutRuleEntries(root, store.Validate(sch, f, root))...)
	}
	if len(diags) > 0 {
		if root != nil && len(f.Syntax) == 0 {
			p := &problems{f: f}
			c.checkRuleEntries(root.Root, p)
			diags = append(diags, p.diags...)
		}
		diag.Sort(diags)
		return nil, &Error{File: f, Diagnostics: diags}
	}
	if root == nil {
		if c.Format == FormatYamllint {
			// yamllint rejects an empty config; reading it as "no rules"
			// would silently turn everything off, so use its default.
			c.Rules = presetRules("default")
		}
		return c, nil
	}
	m, _ := root.Root.Value.(map[string]any)
	c.Raw = m
	p := &problems{f: f}
	c.readKubernetes(f, root.Root, m)
	c.readFiles(root.Root, m, p)
	c.resolveRules(root.Root, depth, p)
	c.checkSeverityCodes(root.Root, p)
	c.readHouse(f, root.Root, p)
	if len(p.diags) > 0 {
		diag.Sort(p.diags)
		return nil, &Error{File: f, Diagnostics: p.diags}
	}
	if s, ok := m["schemas"].(map[string]any); ok {
		keys := make([]string, 0, len(s))
		for k := range s {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, ref := range keys {
			c.Schemas = append(c.Schemas, SchemaRule(ref, s[ref], c.Dir))
		}
	}
	c.CustomTags = stringList(m["custom-tags"])
	if sev, ok := m["severity"].(map[string]any); ok {
		for code, v := range sev {
			s, _ := v.(string)
			level, err := diag.ParseSeverity(s)
			if err == nil {
				c.Severity[code] = level
			}
		}
	}
	c.Remote, _ = m["remote"].(bool)
	if n := root.Root.Child("remote"); n != nil {
		pos := f.Lines.Position(n.KeyRange.Start)
		c.RemoteAt = fmt.Sprintf("%s:%d:%d", path, pos.Line, pos.Column)
	}
	for _, r := range stringList(m["refs"]) {
		if !filepath.IsAbs(r) {
			r = filepath.Join(c.Dir, r)
		}
		c.Refs = append(c.Refs, r)
	}
	if cat, ok := m["catalog"].(string); ok && cat != "" {
		if !filepath.IsAbs(cat) {
			cat = filepath.Join(c.Dir, cat)
		}
		c.Catalog = cat
	}
	if n, ok := m["max-file-size"].(int64); ok {
		c.MaxFileSize = n
	}
	return c, nil
}

// Kubernetes is the config's Kubernetes section; paths are absolute.
type Kubernetes struct {
	Version              string // "" = newest bundled
	Strict               *bool  // nil = default (strict)
	CRDs                 []string
	SchemaLocations      []string
	IgnoreMissingSchemas bool
	// HelmRender renders Helm chart templates and checks the manifests.
	HelmRender bool
	// VersionAt and CRDsAt say where the version and each CRD path are
	// written ("file:line:col"), for errors about them.
	VersionAt string
	CRDsAt    []string
}

// readKubernetes decodes the Kubernetes keys. A version written as a bare
// number keeps its source text: `kubernetes-version: 1.30` means 1.30, not
// the float 1.3.
func (c *Config) readKubernetes(f *yamlfile.File, root *yamlfile.Node, m map[string]any) {
	k := &c.Kubernetes
	at := func(n *yamlfile.Node) string {
		pos := f.Lines.Position(n.Range.Start)
		return fmt.Sprintf("%s:%d:%d", c.Path, pos.Line, pos.Column)
	}
	if n := root.Child("kubernetes-version"); n != nil {
		k.VersionAt = at(n)
		switch v := n.Value.(type) {
		case string:
			k.Version = v
		case float64, int64:
			k.Version = string(f.Src[n.Range.Start:n.Range.End])
		}
	}
	if s, ok := m["kubernetes-strict"].(bool); ok {
		k.Strict = &s
	}
	k.IgnoreMissingSchemas, _ = m["ignore-missing-schemas"].(bool)
	k.HelmRender, _ = m["helm-render"].(bool)
	for _, l := range stringList(m["schema-locations"]) {
		if l != "default" && !strings.Contains(l, "://") && !filepath.IsAbs(l) {
			l = filepath.Join(c.Dir, l)
		}
		k.SchemaLocations = append(k.SchemaLocations, l)
	}
	crds := root.Child("crds")
	for i, p := range stringList(m["crds"]) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.Dir, p)
		}
		k.CRDs = append(k.CRDs, p)
		where := at(crds)
		if crds.Kind == yamlfile.Sequence && i < len(crds.Children) {
			where = at(crds.Children[i])
		}
		k.CRDsAt = append(k.CRDsAt, where)
	}
}

// readFiles reads the keys that choose files: ignore, ignore-from-file,
// yaml-files, locale.
func (c *Config) readFiles(root *yamlfile.Node, m map[string]any, p *problems) {
	ig, igf := root.Child("ignore"), root.Child("ignore-from-file")
	if ig != nil && igf != nil {
		p.add(igf.KeyRange, "ignore and ignore-from-file cannot be used together")
	}
	switch {
	case ig != nil:
		lines, _ := patternLines(ig.Value)
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				c.Ignore = append(c.Ignore, l)
			}
		}
		c.ignoreM = NewMatcher(c.Ignore)
	case igf != nil:
		lines, err := c.readIgnoreFiles(igf.Value)
		if err != nil {
			p.add(igf.Range, "ignore-from-file: %v", err)
		}
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				c.Ignore = append(c.Ignore, l)
			}
		}
		c.ignoreM = NewMatcher(c.Ignore)
	}
	if yf := root.Child("yaml-files"); yf != nil {
		c.YAMLFiles = stringList(yf.Value)
		c.yamlFiles = NewMatcher(c.YAMLFiles)
		c.yamlFilesSet = true
	}
	if loc, ok := m["locale"].(string); ok {
		c.Locale = loc
	}
}

// relPath returns path relative to dir, slash-separated; paths outside dir
// stay absolute (without the leading slash), so that unanchored patterns
// still match their last components.
func relPath(dir, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = abs
	}
	return strings.TrimPrefix(filepath.ToSlash(rel), "/")
}

// Ignored reports whether path (a file, or a directory when isDir) matches
// the top-level ignore patterns, relative to the config file's directory.
func (c *Config) Ignored(path string, isDir bool) bool {
	if c.ignoreM.Empty() {
		return false
	}
	return c.ignoreM.Match(relPath(c.ignoreDir, path), isDir)
}

// RuleIgnored reports whether rule id is switched off for path by the
// rule's own ignore patterns.
func (c *Config) RuleIgnored(id, path string) bool {
	rc, ok := c.Rules[id]
	if !ok || rc.Ignore.Empty() {
		return false
	}
	return rc.Ignore.Match(relPath(c.Dir, path), false)
}

// IsYAMLFile reports whether a file found while walking a directory is to
// be checked (yaml-files; by default *.yaml, *.yml and .yamllint).
func (c *Config) IsYAMLFile(path string) bool {
	m := c.yamlFiles
	if m == nil {
		m = NewMatcher(DefaultYAMLFiles)
	}
	return m.Match(relPath(c.Dir, path), false)
}

func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// readHouse compiles the house rules and packs (problems are config
// errors at their position) and reads the admission-policy paths.
func (c *Config) readHouse(f *yamlfile.File, root *yamlfile.Node, p *problems) {
	if root.Child("house-rules") == nil && root.Child("packs") == nil && root.Child("admission-policies") == nil {
		return
	}
	set, diags := house.Parse(f, root, c.Path, c.Dir)
	p.diags = append(p.diags, diags...)
	if len(set.Rules) > 0 {
		c.House = house.Inherit(c.House, set)
	}
	ap := root.Child("admission-policies")
	if ap == nil {
		return
	}
	for _, n := range ap.Children {
		s, ok := n.String()
		if !ok || s == "" {
			continue
		}
		if !filepath.IsAbs(s) {
			s = filepath.Join(c.Dir, s)
		}
		pos := f.Lines.Position(n.Range.Start)
		c.AdmissionPolicies = append(c.AdmissionPolicies, s)
		c.AdmissionPoliciesAt = append(c.AdmissionPoliciesAt, fmt.Sprintf("%s:%d:%d", c.Path, pos.Line, pos.Column))
	}
}

// SchemaRule reads one `schemas:` association: a glob, a list of globs, or
// {files: [globs], content: {key: glob}} (association by what a document
// says; all keys must match). The LSP's yaml.schemas takes the same forms.
func SchemaRule(ref string, v any, dir string) schemas.Rule {
	r := schemas.Rule{URL: schemas.ResolveRef(ref, dir), Source: "config"}
	m, ok := v.(map[string]any)
	if !ok {
		r.Patterns = stringList(v)
		return r
	}
	r.Patterns = stringList(m["files"])
	if c, ok := m["content"].(map[string]any); ok {
		r.Content = map[string]string{}
		for k, cv := range c {
			switch x := cv.(type) {
			case string:
				r.Content[k] = x
			case nil:
			default:
				r.Content[k] = fmt.Sprint(x)
			}
		}
	}
	return r
}
