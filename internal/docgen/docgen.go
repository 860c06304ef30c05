// Package docgen writes what is generated from the code registry: the code
// reference in docs/rules.md and the per-code parts of yamlint's config
// schema (severity keys, rule names and options), so that the docs, the
// editor's completion in .yamlint.yaml and the tool never disagree. Run
// `go generate ./internal/docgen`; a test fails when the files are stale.
package docgen

//go:generate go run ./cmd -root ../..

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/yamlint/yamlint/internal/codes"
	_ "github.com/yamlint/yamlint/internal/engine" // links every package that registers codes
	"github.com/yamlint/yamlint/internal/house"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/schemastore"
)

// Marker separates the hand-written part of docs/rules.md from the
// generated reference below it.
const Marker = "<!-- Everything below is generated from the code registry by `go generate ./internal/docgen`; do not edit. -->"

// RulesDocPath and ConfigSchemaPath are relative to the repository root.
const (
	RulesDocPath     = "docs/rules.md"
	ConfigSchemaPath = "schemastore/schemas/yamlint-config-codes.json"
)

var categoryTitles = map[string]string{
	codes.CategoryInput:      "Input",
	codes.CategoryParser:     "Parser",
	codes.CategoryConfig:     "Configuration and directives",
	codes.CategorySchema:     "Schemas",
	codes.CategoryKubernetes: "Kubernetes",
	codes.CategoryGitHub:     "GitHub Actions and Dependabot",
	codes.CategoryGitLab:     "GitLab CI",
	codes.CategoryAzure:      "Azure Pipelines",
	codes.CategoryCompose:    "Compose",
	codes.CategoryDependabot: "Dependabot",
	codes.CategoryStyle:      "Style (yamllint's rules)",
}

// RulesReference renders the generated part of docs/rules.md.
func RulesReference(reg *codes.Registry) string {
	var b strings.Builder
	all := reg.All()
	b.WriteString("## Code reference\n\n")
	b.WriteString("Every code yamlint can report. `yamlint --explain CODE` prints a code's section; `yamlint --list-codes` lists them.\n")
	b.WriteString("*Default* is the severity when the code is on; *on* says whether it runs without configuration (the `yamlint` preset may still switch style rules, see above); *silenceable* says whether `# yamllint disable...` comments and `severity: {CODE: off}` may switch it off.\n\n")
	b.WriteString("| code | category | default | on | silenceable | summary |\n|---|---|---|---|---|---|\n")
	for _, c := range all {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s | %s |\n", c.ID, codes.Anchor(c.ID), c.Category, c.DefaultSeverity,
			yesNo(c.DefaultEnabled), yesNo(c.Silenceable), escapeCell(c.Summary))
	}
	cat := ""
	for _, c := range all {
		if c.Category != cat {
			cat = c.Category
			title := categoryTitles[cat]
			if title == "" {
				title = cat
			}
			fmt.Fprintf(&b, "\n## %s\n", title)
		}
		fmt.Fprintf(&b, "\n### %s\n\n", c.ID)
		fmt.Fprintf(&b, "%s\n\n", c.Summary)
		state := "on by default"
		if !c.DefaultEnabled {
			state = "off unless configured"
		}
		silence := "may be silenced"
		if !c.Silenceable {
			silence = "cannot be silenced"
		}
		fmt.Fprintf(&b, "*%s, default %s, %s.*\n", state, c.DefaultSeverity, silence)
		if r := rules.Lookup(c.ID); r != nil && len(r.OptionList()) > 0 {
			b.WriteString("\n| option | values | default | meaning |\n|---|---|---|---|\n")
			for _, o := range r.OptionList() {
				def := "`" + optionDefault(o.Default) + "`"
				if o.YamllintDefault != nil {
					def += " (yamllint: `" + optionDefault(o.YamllintDefault) + "`)"
				}
				fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", o.Name, escapeCell(o.Accepts()), def, escapeCell(o.Doc))
			}
		}
		if c.Explanation != "" {
			b.WriteString("\n")
			b.WriteString(strings.TrimRight(shiftHeadings(c.Explanation), "\n"))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// RulesDoc returns docs/rules.md with its generated part replaced.
func RulesDoc(current []byte, reg *codes.Registry) ([]byte, error) {
	i := bytes.Index(current, []byte(Marker))
	if i < 0 {
		return nil, fmt.Errorf("%s has no generated-part marker", RulesDocPath)
	}
	var out bytes.Buffer
	out.Write(current[:i])
	out.WriteString(Marker)
	out.WriteString("\n\n")
	out.WriteString(RulesReference(reg))
	return out.Bytes(), nil
}

// ConfigSchema renders yamlint-config-codes.json: definitions the config
// schema references for `severity:` keys and `rules:` entries.
func ConfigSchema(reg *codes.Registry) ([]byte, error) {
	levels := []string{"error", "warning", "info", "off"}
	sevProps := map[string]any{}
	for _, c := range reg.All() {
		enum := levels
		if !c.Silenceable {
			enum = levels[:3]
		}
		sevProps[c.ID] = map[string]any{"description": c.Summary, "enum": enum}
	}
	ruleProps := map[string]any{}
	for _, r := range rules.All() {
		if codes.Lookup(r.ID) == nil || r.Category == "test" {
			continue
		}
		opts := map[string]any{
			"level":            map[string]any{"enum": []string{"error", "warning", "info"}, "description": "severity of this rule's findings"},
			"ignore":           map[string]any{"$ref": "#/definitions/patterns", "description": "patterns (.gitignore syntax, relative to the config file) of files this rule does not check"},
			"ignore-from-file": map[string]any{"$ref": "#/definitions/patterns", "description": "files holding patterns of files this rule does not check"},
		}
		// Option names, kinds, enums, defaults and docs come from the
		// rule's typed declaration. The config loader reports problems in
		// rules: itself (with did-you-mean and yamllint's cross-option
		// checks) and drops the schema's findings there.
		for _, o := range r.OptionList() {
			opts[o.Name] = o.JSONSchema()
		}
		ruleProps[r.ID] = map[string]any{
			"description": r.Doc,
			"oneOf": []any{
				map[string]any{"enum": []string{"enable", "disable"}},
				map[string]any{"type": "object", "properties": opts, "additionalProperties": false},
			},
		}
	}
	doc := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         schemastore.BaseURL + "yamlint-config-codes.json",
		"title":       "yamlint configuration: codes and rules",
		"description": "Generated from yamlint's code registry by `go generate ./internal/docgen`; referenced by yamlint-config.json.",
		"definitions": map[string]any{
			"patterns": map[string]any{"oneOf": []any{
				map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
				map[string]any{"type": "string"},
			}},
			// Unknown keys stay open: house rules add codes per
			// configuration, and config loading reports unknown ones
			// with "did you mean".
			"severity": map[string]any{"type": "object", "properties": sevProps,
				"additionalProperties": map[string]any{"enum": levels}},
			"rules": map[string]any{"type": "object", "properties": ruleProps},
			// A packs: entry is a pack or one rule of a pack.
			"packs": map[string]any{"enum": append(house.PackNames(), house.PackRuleIDs()...)},
		},
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func escapeCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

func optionDefault(v any) string {
	switch x := v.(type) {
	case nil:
		return "none"
	case []string:
		if len(x) == 0 {
			return "[]"
		}
		return "[" + strings.Join(x, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// shiftHeadings keeps an explanation's own headings below the code's "###".
func shiftHeadings(md string) string {
	lines := strings.Split(md, "\n")
	fence := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(l, "#") {
			lines[i] = "###" + l
		}
	}
	return strings.Join(lines, "\n")
}
