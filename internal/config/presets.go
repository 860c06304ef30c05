package config

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/rules"
)

// This file holds yamlint's knowledge of yamllint's configuration: which
// rules are yamllint's 23 style rules and the presets `extends: default`,
// `extends: relaxed` and yamlint's own `yamlint` preset (used when there is
// no configuration at all). The rules' options (names, accepted values,
// defaults, yamllint's defaults where they differ) are declared once, by
// each rule (rules.Rule.Options). Written from yamllint's documented
// behaviour (conf/default.yaml and conf/relaxed.yaml), not copied.

// IsYamllintRule reports whether id is one of yamllint's rules.
func IsYamllintRule(id string) bool {
	_, ok := presets["default"][id]
	return ok
}

// YamllintRuleIDs lists yamllint's rule ids.
func YamllintRuleIDs() []string {
	out := make([]string, 0, len(presets["default"]))
	for id := range presets["default"] {
		out = append(out, id)
	}
	sortStrings(out)
	return out
}

// presetRule is one rule's entry in a preset: disabled, or enabled with a
// level and option overrides (the rest keep the rule's defaults).
type presetRule struct {
	off   bool
	level diag.Severity
	opts  map[string]any
}

var (
	on       = presetRule{level: diag.SeverityError}
	off      = presetRule{off: true}
	warnRule = presetRule{level: diag.SeverityWarning}
)

func warnWith(opts map[string]any) presetRule {
	return presetRule{level: diag.SeverityWarning, opts: opts}
}

// presets are the configurations `extends:` can name. Options not listed
// take yamllint's defaults (yamllintDefaults).
var presets = map[string]map[string]presetRule{
	// yamllint's conf/default.yaml.
	"default": {
		"anchors":                 on,
		"braces":                  on,
		"brackets":                on,
		"colons":                  on,
		"commas":                  on,
		"comments":                warnRule,
		"comments-indentation":    warnRule,
		"document-end":            off,
		"document-start":          warnRule,
		"empty-lines":             on,
		"empty-values":            off,
		"float-values":            off,
		"hyphens":                 on,
		"indentation":             on,
		"key-duplicates":          on,
		"key-ordering":            off,
		"line-length":             on,
		"new-line-at-end-of-file": on,
		"new-lines":               on,
		"octal-values":            off,
		"quoted-strings":          off,
		"trailing-spaces":         on,
		"truthy":                  warnRule,
	},
}

func init() {
	// yamllint's conf/relaxed.yaml extends default.
	relaxed := clonePreset(presets["default"])
	relaxed["braces"] = warnWith(map[string]any{"max-spaces-inside": 1})
	relaxed["brackets"] = warnWith(map[string]any{"max-spaces-inside": 1})
	relaxed["colons"] = warnRule
	relaxed["commas"] = warnRule
	relaxed["comments"] = off
	relaxed["comments-indentation"] = off
	relaxed["document-start"] = off
	relaxed["empty-lines"] = warnRule
	relaxed["hyphens"] = warnRule
	relaxed["indentation"] = warnWith(map[string]any{"indent-sequences": "consistent"})
	relaxed["line-length"] = warnWith(map[string]any{"allow-non-breakable-inline-mappings": true})
	relaxed["truthy"] = off
	presets["relaxed"] = relaxed

	// yamlint's own default, used when there is no config file: yamllint's
	// default minus what flags the ordinary style of the formats yamlint
	// is for (see docs/rules.md, "Defaults"). Style is a warning, never an
	// error, so a first run does not fail CI on layout alone.
	y := clonePreset(presets["default"])
	for id, r := range y {
		if !r.off {
			r.level = diag.SeverityWarning
			y[id] = r
		}
	}
	// Workflows, Kubernetes manifests and compose files rarely start with
	// "---", and nothing reads it.
	y["document-start"] = off
	// GitHub workflows' `on:` key is a YAML 1.1 boolean to yamllint; values
	// like `yes` are still reported.
	y["truthy"] = warnWith(map[string]any{"check-keys": false})
	// kubectl, Helm and most Kubernetes docs write block sequences at their
	// parent key's indentation, others indent them, and real files mix
	// both (3x fewer files flagged on the corpus than with "consistent").
	y["indentation"] = warnWith(map[string]any{"indent-sequences": "whatever"})
	// Shell steps, URLs and image references make long lines normal in
	// workflows: 80 columns flags most files; even 160 flags one in nine.
	y["line-length"] = off
	// One space before an inline comment is common and harmless.
	y["comments"] = warnWith(map[string]any{"min-spaces-from-content": 1})
	// Prettier writes flow collections as { a: 1 } and [ a ]: allow one
	// space inside, as yamllint's relaxed preset does.
	y["braces"] = warnWith(map[string]any{"max-spaces-inside": 1})
	y["brackets"] = warnWith(map[string]any{"max-spaces-inside": 1})
	// The parser already reports duplicate keys as errors (duplicate-key).
	y["key-duplicates"] = off
	// The parser already reports an alias to an undefined anchor (syntax).
	y["anchors"] = warnWith(map[string]any{"forbid-undeclared-aliases": false})
	presets["yamlint"] = y
}

func clonePreset(p map[string]presetRule) map[string]presetRule {
	out := make(map[string]presetRule, len(p))
	for k, v := range p {
		out[k] = v
	}
	return out
}

// PresetNames lists the names `extends:` accepts besides file paths.
func PresetNames() []string { return []string{"default", "relaxed", "yamlint"} }

// yamllintDefaults returns a rule's options with yamllint's defaults: the
// rule's declared defaults, with yamllint's where they differ
// (indentation's indent-sequences). It is empty for other rules, whose
// declared defaults apply.
func yamllintDefaults(id string) map[string]any {
	r := rules.Lookup(id)
	if r == nil || !IsYamllintRule(id) {
		return map[string]any{}
	}
	out := map[string]any{}
	for _, o := range r.OptionList() {
		if o.YamllintDefault != nil {
			out[o.Name] = cloneValue(o.YamllintDefault)
		} else {
			out[o.Name] = cloneValue(o.Default)
		}
	}
	return out
}

// presetRules resolves a preset to rule configs.
func presetRules(name string) map[string]RuleConfig {
	p := presets[name]
	out := make(map[string]RuleConfig, len(p))
	for id, r := range p {
		if r.off {
			out[id] = RuleConfig{Enabled: false, Severity: diag.SeverityError, Options: yamllintDefaults(id)}
			continue
		}
		opts := yamllintDefaults(id)
		for k, v := range r.opts {
			opts[k] = v
		}
		out[id] = RuleConfig{Enabled: true, Severity: r.level, Options: opts}
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case []string:
		return append([]string{}, x...)
	case []any:
		return append([]any{}, x...)
	}
	return v
}

// YamllintDefaults returns yamllint's default options for one of its rules
// (nil for other ids).
func YamllintDefaults(id string) map[string]any {
	if !IsYamllintRule(id) {
		return nil
	}
	return yamllintDefaults(id)
}
