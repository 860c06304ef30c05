// Package config finds and reads .yamlint.yaml. The file is validated
// against yamlint's own embedded schema, with positions, like any other file.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// FileNames are the config file names looked for, in order.
var FileNames = []string{".yamlint.yaml", ".yamlint.yml"}

// DefaultMaxFileSize is the size above which a file is not checked.
const DefaultMaxFileSize = 10 << 20

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
	Catalog     string // absolute path, "" if none
	MaxFileSize int64
	// Raw is the whole decoded file, for sections read by other packages.
	Raw map[string]any
	// File is the parsed config file (nil for defaults).
	File *yamlfile.File
}

// Default returns the configuration used when there is no config file.
func Default(dir string) *Config {
	return &Config{Dir: dir, Severity: map[string]diag.Severity{}, MaxFileSize: DefaultMaxFileSize, Raw: map[string]any{}}
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
// root or at a directory holding .git. It returns "" when there is none.
func Find(dir string) string {
	dir, _ = filepath.Abs(dir)
	for {
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
		if st, err := os.Stat(filepath.Join(dir, ".git")); err == nil && st != nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
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

// Parse validates and decodes config source read from path.
func Parse(path string, src []byte) (*Config, error) {
	abs, _ := filepath.Abs(path)
	c := Default(filepath.Dir(abs))
	c.Path = path
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
		store := schemas.NewStore()
		sch, err := store.Compile(schemastore.BaseURL + "yamlint-config.json")
		if err != nil {
			return nil, &Error{Err: fmt.Errorf("internal: config schema: %w", err)}
		}
		diags = append(diags, store.Validate(sch, f, root)...)
	}
	if len(diags) > 0 {
		diag.Sort(diags)
		return nil, &Error{File: f, Diagnostics: diags}
	}
	if root == nil {
		return c, nil
	}
	m, _ := root.Root.Value.(map[string]any)
	c.Raw = m
	if s, ok := m["schemas"].(map[string]any); ok {
		keys := make([]string, 0, len(s))
		for k := range s {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, ref := range keys {
			c.Schemas = append(c.Schemas, schemas.Rule{URL: schemas.ResolveRef(ref, c.Dir), Patterns: stringList(s[ref]), Source: "config"})
		}
	}
	c.CustomTags = stringList(m["custom-tags"])
	switch ig := m["ignore"].(type) {
	case string:
		for _, line := range strings.Split(ig, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				c.Ignore = append(c.Ignore, line)
			}
		}
	default:
		c.Ignore = stringList(ig)
	}
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
