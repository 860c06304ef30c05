package config

import (
	"errors"
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
	c.applyRuleEntries(root, p)
	_ = yamllintBase
}

// checkRuleEntries reports the problems of the `rules:` entries alone, on
// a scratch copy of the config: loading does this when the file's shape is
// wrong elsewhere, so that every problem is reported in one run.
func (c *Config) checkRuleEntries(root *yamlfile.Node, p *problems) {
	scratch := &Config{Dir: c.Dir, Format: c.Format, Rules: map[string]RuleConfig{}}
	scratch.applyRuleEntries(root, p)
}

// applyRuleEntries applies the file's `rules:` entries to c.Rules.
func (c *Config) applyRuleEntries(root *yamlfile.Node, p *problems) {
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
}

// baseRules returns the rules the file's `rules:` section is applied to.
func (c *Config) baseRules(root *yamlfile.Node, depth int, p *problems) (map[string]RuleConfig, bool) {
	ext := root.Child("extends")
	if ext == nil {
		if c.Format == FormatYamllint {
			// yamllint: without extends, only the listed rules are on.
			out := map[string]RuleConfig{}
			for _, id := range YamllintRuleIDs() {
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
	// House rules, packs and admission policies are inherited too (the
	// file's own are added; a house rule id it declares again replaces
	// the base's).
	c.House = bc.House
	c.AdmissionPolicies = append([]string(nil), bc.AdmissionPolicies...)
	c.AdmissionPoliciesAt = append([]string(nil), bc.AdmissionPoliciesAt...)
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
	names := r.OptionNames()
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
			o, ok := r.Option(on.Key)
			if !ok {
				msg := fmt.Sprintf("unknown option %q for rule %q", on.Key, r.ID)
				if s := suggest.Closest(on.Key, names); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else if len(names) == 0 {
					msg += " (it has no options)"
				} else {
					msg += fmt.Sprintf(" (options: %s)", strings.Join(names, ", "))
				}
				p.add(on.KeyRange, "%s", msg)
				continue
			}
			if msg := o.Check(on.Value); msg != "" {
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
	// Cross-option checks (the option struct's Validate); single options
	// were checked above, with their positions.
	if _, err := r.DecodeOptions(rc.Options); err != nil {
		var oe *rules.OptionError
		for _, e := range unwrapAll(err) {
			if errors.As(e, &oe) && oe.Option == "" {
				p.add(rn.KeyRange, "rule %q: %s", r.ID, oe.Msg)
			}
		}
	}
}

// unwrapAll returns the errors joined in err (errors.Join), or err.
func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
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
		return rules.AsStrings(v)
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
		items, ok := rules.AsStrings(v)
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

// WithoutRuleEntries drops the schema's findings inside the entries of a
// config document's `rules:` mapping. The schema describes those entries
// (generated from the rules' option declarations, for the editor's
// completion and hover); loading the config checks them itself, with
// "did you mean", yamllint's cross-option checks and messages naming the
// rule, so the schema's findings there would only repeat them.
func WithoutRuleEntries(doc *yamlfile.Document, ds []diag.Diagnostic) []diag.Diagnostic {
	if doc == nil || doc.Root == nil {
		return ds
	}
	rn := doc.Root.Child("rules")
	if rn == nil || rn.Kind != yamlfile.Mapping || len(rn.Children) == 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		inside := false
		for _, e := range rn.Children {
			if d.Range.Start >= e.KeyRange.Start && d.Range.Start <= e.Range.End {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, d)
		}
	}
	return out
}
