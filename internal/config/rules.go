package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/suggest"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Code is the diagnostic code of configuration problems found beyond the
// config schema (unknown rules and options, bad option values).
const Code = "config"

// RuleConfig is one rule's resolved configuration.
type RuleConfig struct {
	Enabled  bool
	Severity diag.Severity
	// Options are the rule's options as configured, overlaid on yamllint's
	// defaults for yamllint's rules. The engine overlays them on the
	// registered rule's defaults.
	Options map[string]any
	// Ignore holds the rule's own `ignore`/`ignore-from-file` patterns,
	// relative to Config.Dir; nil when there are none.
	Ignore *Matcher
}

func (rc RuleConfig) clone() RuleConfig {
	opts := make(map[string]any, len(rc.Options))
	for k, v := range rc.Options {
		opts[k] = cloneValue(v)
	}
	rc.Options = opts
	return rc
}

// Rule returns the configuration of rule id and whether the config says
// anything about it (when not, the rule's registered defaults apply).
func (c *Config) Rule(id string) (RuleConfig, bool) {
	rc, ok := c.Rules[id]
	return rc, ok
}

// isYamllintName reports whether a config file is one of yamllint's: its
// name contains "yamllint" (".yamllint", ".yamllint.yaml", ...), or it sits
// in a "yamllint" directory (~/.config/yamllint/config), or it is
// $YAMLLINT_CONFIG_FILE. Such files are read with yamllint's meaning of a
// file without `extends:` (only the rules it lists are on).
func isYamllintName(path string) bool {
	if strings.Contains(strings.ToLower(filepath.Base(path)), "yamllint") ||
		strings.EqualFold(filepath.Base(filepath.Dir(path)), "yamllint") {
		return true
	}
	env := os.Getenv("YAMLLINT_CONFIG_FILE")
	return env != "" && filepath.Clean(env) == filepath.Clean(path)
}

// problems collects located config problems.
type problems struct {
	f     *yamlfile.File
	diags []diag.Diagnostic
}

func (p *problems) add(rng diag.Range, format string, args ...any) {
	p.diags = append(p.diags, diag.Diagnostic{Range: rng, Severity: diag.SeverityError, Code: Code, Message: fmt.Sprintf(format, args...)})
}

// resolveRules computes c.Rules from the base (extends or the format's
// default) and the file's `rules:` section, with yamllint's merge semantics:
// a mapping updates an enabled base entry's options and level, "enable"
// keeps the base entry's options, "disable" turns the rule off.
func (c *Config) resolveRules(root *yamlfile.Node, depth int, p *problems) {
	base, yamllintBase := c.baseRules(root, depth, p)
	c.Rules = base
	rulesNode := root.Child("rules")
	if rulesNode == nil || rulesNode.Kind != yamlfile.Mapping {
		return
	}
	known := registeredIDs()
	for _, rn := range rulesNode.Children {
		id := rn.Key
		r := rules.Lookup(id)
		if r == nil {
			msg := fmt.Sprintf("unknown rule %q", id)
			if s := suggest.Closest(id, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			p.add(rn.KeyRange, "%s", msg)
			continue
		}
		prev, hadPrev := c.Rules[id]
		switch v := rn.Value.(type) {
		case string:
			switch v {
			case "disable":
				prev.Enabled = false
				if !hadPrev {
					prev = RuleConfig{Severity: diag.SeverityError, Options: map[string]any{}}
				}
				c.Rules[id] = prev
			case "enable":
				if !hadPrev || !prev.Enabled {
					prev = RuleConfig{Severity: diag.SeverityError, Options: yamllintDefaults(id)}
				}
				prev.Enabled = true
				c.Rules[id] = prev
			default:
				p.add(rn.Range, "rule %q: want \"enable\", \"disable\" or a mapping of options", id)
			}
		case map[string]any:
			var rc RuleConfig
			if hadPrev && prev.Enabled {
				rc = prev.clone()
			} else {
				rc = RuleConfig{Severity: diag.SeverityError, Options: yamllintDefaults(id)}
			}
			rc.Enabled = true
			c.ruleMapping(r, rn, &rc, p)
			c.Rules[id] = rc
		case nil:
			// `rule:` with no value: yamllint rejects it.
			p.add(rn.KeyRange, "rule %q: want \"enable\", \"disable\" or a mapping of options", id)
		default:
			p.add(rn.Range, "rule %q: want \"enable\", \"disable\" or a mapping of options", id)
		}
	}
	_ = yamllintBase
}

// baseRules returns the rules the file's `rules:` section is applied to.
func (c *Config) baseRules(root *yamlfile.Node, depth int, p *problems) (map[string]RuleConfig, bool) {
	ext := root.Child("extends")
	if ext == nil {
		if c.Format == FormatYamllint {
			// yamllint: without extends, only the listed rules are on.
			out := map[string]RuleConfig{}
			for id := range yamllintRules {
				out[id] = RuleConfig{Severity: diag.SeverityError, Options: yamllintDefaults(id)}
			}
			return out, true
		}
		return presetRules("yamlint"), false
	}
	name, _ := ext.Value.(string)
	if _, ok := presets[name]; ok {
		return presetRules(name), true
	}
	if depth > 8 {
		p.add(ext.Range, "extends: too deeply nested (a cycle?)")
		return presetRules("yamlint"), false
	}
	path := name
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(c.Dir, path)
	}
	src, err := safefs.ReadFile(path, MaxConfigSize)
	if err != nil {
		p.add(ext.Range, "extends: %q is neither a preset (%s) nor a readable file: %v", name, strings.Join(PresetNames(), ", "), unwrapPath(err))
		return presetRules("yamlint"), false
	}
	bc, err := parse(path, src, depth+1)
	if err != nil {
		p.add(ext.Range, "extends: %v", err)
		return presetRules("yamlint"), false
	}
	// What yamllint inherits besides rules: ignore patterns, and (ours) the
	// file list and locale when this file does not set them.
	if c.ignoreM.Empty() {
		c.ignoreM = bc.ignoreM
		c.ignoreDir = bc.ignoreDir
	}
	if bc.yamlFilesSet && root.Child("yaml-files") == nil {
		c.YAMLFiles, c.yamlFiles = bc.YAMLFiles, bc.yamlFiles
	}
	if c.Locale == "" {
		c.Locale = bc.Locale
	}
	out := make(map[string]RuleConfig, len(bc.Rules))
	for id, rc := range bc.Rules {
		out[id] = rc.clone()
	}
	return out, true
}

// ruleMapping reads a rule's option mapping into rc.
func (c *Config) ruleMapping(r *rules.Rule, rn *yamlfile.Node, rc *RuleConfig, p *problems) {
	var ignoreLines []string
	hasIgnore, hasIgnoreFile := false, false
	declared := map[string]rules.Option{}
	names := make([]string, 0, len(r.Options))
	for _, o := range r.Options {
		declared[o.Name] = o
		names = append(names, o.Name)
	}
	for _, on := range rn.Children {
		switch on.Key {
		case "level":
			s, _ := on.Value.(string)
			sev, err := diag.ParseSeverity(s)
			if err != nil || sev == diag.SeverityNone {
				p.add(on.Range, "rule %q: level must be \"error\", \"warning\" or \"info\"", r.ID)
				continue
			}
			rc.Severity = sev
		case "ignore":
			hasIgnore = true
			lines, ok := patternLines(on.Value)
			if !ok {
				p.add(on.Range, "rule %q: ignore should contain file patterns", r.ID)
				continue
			}
			ignoreLines = append(ignoreLines, lines...)
		case "ignore-from-file":
			hasIgnoreFile = true
			lines, err := c.readIgnoreFiles(on.Value)
			if err != nil {
				p.add(on.Range, "rule %q: ignore-from-file: %v", r.ID, err)
				continue
			}
			ignoreLines = append(ignoreLines, lines...)
		default:
			o, ok := declared[on.Key]
			if !ok {
				msg := fmt.Sprintf("unknown option %q for rule %q", on.Key, r.ID)
				if s := suggest.Closest(on.Key, names); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else if len(names) == 0 {
					msg += " (it has no options)"
				} else {
					sort.Strings(names)
					msg += fmt.Sprintf(" (options: %s)", strings.Join(names, ", "))
				}
				p.add(on.KeyRange, "%s", msg)
				continue
			}
			if msg := checkOptionValue(r.ID, o, on.Value); msg != "" {
				p.add(on.Range, "rule %q: option %q: %s", r.ID, on.Key, msg)
				continue
			}
			rc.Options[on.Key] = on.Value
		}
	}
	if hasIgnore && hasIgnoreFile {
		p.add(rn.KeyRange, "rule %q: ignore and ignore-from-file cannot be used together", r.ID)
	}
	if hasIgnore || hasIgnoreFile {
		rc.Ignore = NewMatcher(ignoreLines)
	}
	if msg := validateRule(r.ID, rc.Options); msg != "" {
		p.add(rn.KeyRange, "rule %q: %s", r.ID, msg)
	}
}

// checkOptionValue checks a configured value against yamllint's accepted
// values for its rules, or against the type of the registered default for
// other rules. It returns "" when the value is acceptable.
func checkOptionValue(ruleID string, o rules.Option, v any) string {
	if spec, ok := yamllintRules[ruleID][o.Name]; ok {
		return spec.check(v)
	}
	switch o.Default.(type) {
	case bool:
		if _, ok := v.(bool); !ok {
			return "want true or false"
		}
	case int, int64:
		if _, ok := v.(int64); !ok {
			return "want an integer"
		}
	case float64:
		switch v.(type) {
		case int64, float64:
		default:
			return "want a number"
		}
	case string:
		if _, ok := v.(string); !ok {
			return "want a string"
		}
	case []string:
		if _, ok := stringItems(v); !ok {
			return "want a list of strings"
		}
	}
	return ""
}

func (s optSpec) check(v any) string {
	for _, e := range s.enum {
		if e == v {
			return ""
		}
	}
	for _, k := range s.kinds {
		switch k {
		case kindBool:
			if _, ok := v.(bool); ok {
				return ""
			}
		case kindInt:
			if _, ok := v.(int64); ok {
				return ""
			}
		case kindString:
			if _, ok := v.(string); ok {
				return ""
			}
		case kindStringList:
			items, ok := stringItems(v)
			if !ok {
				continue
			}
			for _, it := range items {
				if len(s.listEnum) > 0 && !contains(s.listEnum, it) {
					return fmt.Sprintf("%q is not one of %s", it, strings.Join(s.listEnum, ", "))
				}
			}
			return ""
		}
	}
	var want []string
	for _, k := range s.kinds {
		want = append(want, [...]string{"true, false", "an integer", "a string", "a list of strings"}[k])
	}
	for _, e := range s.enum {
		want = append(want, fmt.Sprintf("%v", e))
	}
	return "want " + orList(want)
}

// orList joins ["a", "b", "c"] as "a, b or c".
func orList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// validateRule applies yamllint's cross-option checks.
func validateRule(id string, opts map[string]any) string {
	if id != "quoted-strings" {
		return ""
	}
	req := opts["required"]
	allowed, _ := stringItems(opts["extra-allowed"])
	required, _ := stringItems(opts["extra-required"])
	switch {
	case req == true && len(allowed) > 0:
		return `cannot use both "required: true" and "extra-allowed"`
	case req == true && len(required) > 0:
		return `cannot use both "required: true" and "extra-required"`
	case req == false && len(allowed) > 0:
		return `cannot use both "required: false" and "extra-allowed"`
	}
	return ""
}

func stringItems(v any) ([]string, bool) {
	switch x := v.(type) {
	case []string:
		return x, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortStrings(s []string) { sort.Strings(s) }

// patternLines reads an ignore value: a list of patterns or a string with
// one pattern per line.
func patternLines(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return strings.Split(x, "\n"), true
	default:
		return stringItems(v)
	}
}

// readIgnoreFiles reads ignore-from-file: one path or a list, relative to
// the config file's directory.
func (c *Config) readIgnoreFiles(v any) ([]string, error) {
	var paths []string
	switch x := v.(type) {
	case string:
		paths = []string{x}
	default:
		items, ok := stringItems(v)
		if !ok {
			return nil, fmt.Errorf("want a file path or a list of them")
		}
		paths = items
	}
	var lines []string
	for _, p := range paths {
		full := p
		if !filepath.IsAbs(p) {
			full = filepath.Join(c.Dir, p)
		}
		b, err := safefs.ReadFile(full, MaxConfigSize)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p, unwrapPath(err))
		}
		lines = append(lines, ParsePatternText(b)...)
	}
	return lines, nil
}

func registeredIDs() []string {
	all := rules.All()
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = r.ID
	}
	return out
}

// NormalizeOption converts a configured option value to the Go type of the
// rule's registered default, so rules can type-assert what they declared:
// YAML integers arrive as int64 and lists as []any.
func NormalizeOption(def, v any) any {
	switch def.(type) {
	case int:
		switch x := v.(type) {
		case int64:
			return int(x)
		case float64:
			if x == float64(int(x)) {
				return int(x)
			}
		}
	case int64:
		if x, ok := v.(int); ok {
			return int64(x)
		}
	case float64:
		switch x := v.(type) {
		case int64:
			return float64(x)
		case int:
			return float64(x)
		}
	case []string:
		if items, ok := stringItems(v); ok {
			return items
		}
	case []any:
		if x, ok := v.([]string); ok {
			out := make([]any, len(x))
			for i, s := range x {
				out[i] = s
			}
			return out
		}
	case nil, string, bool:
		// Options whose default is an int but accept a string (indentation
		// spaces: consistent) are declared with the string default; a YAML
		// integer then stays int64 unless converted here.
		if x, ok := v.(int64); ok {
			return int(x)
		}
	}
	return v
}
