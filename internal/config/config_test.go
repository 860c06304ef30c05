package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// configTestOptions are x-config-test's options: kinds the style rules do
// not use (a float).
type configTestOptions struct {
	Limit int      `yaml:"limit"`
	Names []string `yaml:"names"`
	Ratio float64  `yaml:"ratio"`
}

func init() {
	rules.Register(&rules.Rule{ID: "x-config-test", Category: "test", DefaultSeverity: diag.SeverityWarning, DefaultEnabled: true,
		Options: &configTestOptions{Limit: 3, Names: []string{"a"}, Ratio: 0.5}, Check: func(*rules.Pass) {}})
}

func mustParse(t *testing.T, name, src string) *Config {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func parseErr(t *testing.T, name, src string) string {
	t.Helper()
	_, err := Parse(name, []byte(src))
	if err == nil {
		t.Fatalf("no error for %q", src)
	}
	return err.Error()
}

func TestDefaultsIsYamlintPreset(t *testing.T) {
	c := Default(".")
	rc := c.Rules["document-start"]
	if rc.Enabled {
		t.Error("document-start should be off without a config")
	}
	if tr := c.Rules["truthy"]; !tr.Enabled || tr.Options["check-keys"] != false || tr.Severity != diag.SeverityWarning {
		t.Errorf("truthy = %+v", tr)
	}
	if c.Rules["line-length"].Enabled {
		t.Error("line-length should be off without a config")
	}
	if b := c.Rules["braces"]; !b.Enabled || b.Options["max-spaces-inside"] != 1 {
		t.Errorf("braces = %+v", b)
	}
	for id, rc := range c.Rules {
		if rc.Enabled && rc.Severity != diag.SeverityWarning {
			t.Errorf("%s: style should be a warning by default, got %v", id, rc.Severity)
		}
	}
	if len(c.Rules) != 23 {
		t.Errorf("want the 23 yamllint rules, got %d", len(c.Rules))
	}
}

func TestPresetsMatchYamllint(t *testing.T) {
	def := presetRules("default")
	on := map[string]diag.Severity{}
	for id, rc := range def {
		if rc.Enabled {
			on[id] = rc.Severity
		}
	}
	want := map[string]diag.Severity{
		"anchors": diag.SeverityError, "braces": diag.SeverityError, "brackets": diag.SeverityError, "colons": diag.SeverityError,
		"commas": diag.SeverityError, "comments": diag.SeverityWarning, "comments-indentation": diag.SeverityWarning,
		"document-start": diag.SeverityWarning, "empty-lines": diag.SeverityError, "hyphens": diag.SeverityError,
		"indentation": diag.SeverityError, "key-duplicates": diag.SeverityError, "line-length": diag.SeverityError,
		"new-line-at-end-of-file": diag.SeverityError, "new-lines": diag.SeverityError, "trailing-spaces": diag.SeverityError,
		"truthy": diag.SeverityWarning,
	}
	if !reflect.DeepEqual(on, want) {
		t.Errorf("default preset enabled rules:\n got %v\nwant %v", on, want)
	}
	if got := def["line-length"].Options["max"]; got != 80 {
		t.Errorf("line-length max = %v", got)
	}
	if got := def["truthy"].Options["allowed-values"]; !reflect.DeepEqual(got, []string{"true", "false"}) {
		t.Errorf("truthy allowed-values = %v", got)
	}
	rel := presetRules("relaxed")
	if b := rel["braces"]; b.Severity != diag.SeverityWarning || b.Options["max-spaces-inside"] != 1 || b.Options["min-spaces-inside"] != 0 {
		t.Errorf("relaxed braces = %+v", b)
	}
	for _, id := range []string{"comments", "comments-indentation", "document-start", "truthy"} {
		if rel[id].Enabled {
			t.Errorf("relaxed: %s should be off", id)
		}
	}
	if ind := rel["indentation"]; ind.Options["indent-sequences"] != "consistent" || ind.Options["spaces"] != "consistent" {
		t.Errorf("relaxed indentation = %+v", ind)
	}
	if rel["key-duplicates"].Severity != diag.SeverityError {
		t.Error("relaxed keeps key-duplicates an error")
	}
}

func TestYamllintFileWithoutExtends(t *testing.T) {
	c := mustParse(t, ".yamllint", "rules:\n  line-length:\n    max: 100\n  trailing-spaces: enable\n")
	if c.Format != FormatYamllint {
		t.Fatalf("format = %q", c.Format)
	}
	var on []string
	for id, rc := range c.Rules {
		if rc.Enabled {
			on = append(on, id)
		}
	}
	sort.Strings(on)
	if !reflect.DeepEqual(on, []string{"line-length", "trailing-spaces"}) {
		t.Errorf("enabled = %v (yamllint: only listed rules)", on)
	}
	ll := c.Rules["line-length"]
	if ll.Options["max"] != int64(100) || ll.Options["allow-non-breakable-words"] != true || ll.Severity != diag.SeverityError {
		t.Errorf("line-length = %+v", ll)
	}
}

func TestExtendsMerge(t *testing.T) {
	c := mustParse(t, ".yamllint.yml", `extends: default
rules:
  comments:
    min-spaces-from-content: 1
  document-start: disable
  empty-values: enable
  key-ordering: {level: warning}
  truthy:
    allowed-values: ["true", "false", "on"]
    level: error
`)
	com := c.Rules["comments"]
	if !com.Enabled || com.Severity != diag.SeverityWarning || com.Options["min-spaces-from-content"] != int64(1) || com.Options["require-starting-space"] != true {
		t.Errorf("comments (mapping updates base, level kept) = %+v", com)
	}
	if c.Rules["document-start"].Enabled {
		t.Error("document-start should be disabled")
	}
	if ev := c.Rules["empty-values"]; !ev.Enabled || ev.Severity != diag.SeverityError || ev.Options["forbid-in-block-mappings"] != true {
		t.Errorf("empty-values enable = %+v", ev)
	}
	if ko := c.Rules["key-ordering"]; !ko.Enabled || ko.Severity != diag.SeverityWarning {
		t.Errorf("key-ordering = %+v", ko)
	}
	if tr := c.Rules["truthy"]; tr.Severity != diag.SeverityError || len(tr.Options["allowed-values"].([]any)) != 3 {
		t.Errorf("truthy = %+v", tr)
	}
}

func TestExtendsFileAndIgnoreInherited(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "base.yaml"), []byte("extends: relaxed\nignore: |\n  vendor/\n  *.gen.yaml\nrules:\n  line-length: {max: 100}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".yamlint.yaml"), []byte("extends: base.yaml\nrules:\n  line-length: {level: error}\n"), 0o644)
	c, err := Load(filepath.Join(dir, ".yamlint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ll := c.Rules["line-length"]
	if ll.Options["max"] != int64(100) || ll.Severity != diag.SeverityError || ll.Options["allow-non-breakable-inline-mappings"] != true {
		t.Errorf("line-length = %+v", ll)
	}
	if c.Rules["truthy"].Enabled {
		t.Error("relaxed turns truthy off")
	}
	if !c.Ignored(filepath.Join(dir, "vendor", "x.yaml"), false) || !c.Ignored(filepath.Join(dir, "a", "b.gen.yaml"), false) || c.Ignored(filepath.Join(dir, "a.yaml"), false) {
		t.Error("inherited ignore patterns not applied")
	}
}

func TestRuleIgnoreAndYAMLFiles(t *testing.T) {
	c := mustParse(t, ".yamlint.yaml", `yaml-files: ["*.yaml", "*.yml", "*.tpl"]
rules:
  line-length:
    ignore:
      - charts/
      - "!charts/keep.yaml"
  x-config-test:
    ignore: "generated/*.yaml"
`)
	if !c.RuleIgnored("line-length", filepath.Join(c.Dir, "charts/a/b.yaml")) {
		t.Error("charts/ not ignored for line-length")
	}
	if c.RuleIgnored("line-length", filepath.Join(c.Dir, "charts/keep.yaml")) {
		t.Error("negated pattern not honoured")
	}
	if c.RuleIgnored("trailing-spaces", filepath.Join(c.Dir, "charts/a/b.yaml")) {
		t.Error("ignore leaked to another rule")
	}
	if !c.RuleIgnored("x-config-test", filepath.Join(c.Dir, "generated/x.yaml")) {
		t.Error("string ignore not applied")
	}
	if !c.IsYAMLFile(filepath.Join(c.Dir, "t/x.tpl")) || c.IsYAMLFile(filepath.Join(c.Dir, "x.json")) {
		t.Error("yaml-files not applied")
	}
}

func TestMatcher(t *testing.T) {
	m := NewMatcher([]string{"# comment", "", "/root.yaml", "build/", "**/gen/*.yaml", "*.tmp.yaml", "!keep.tmp.yaml", "docs/*.yml"})
	cases := map[string]bool{
		"root.yaml":            true,
		"sub/root.yaml":        false,
		"build/x.yaml":         true,
		"a/build/x.yaml":       true,
		"a/gen/x.yaml":         true,
		"gen/x.yaml":           true,
		"x.tmp.yaml":           true,
		"a/keep.tmp.yaml":      false,
		"docs/a.yml":           true,
		"a/docs/a.yml":         false,
		"docs/sub/a.yml":       false,
		"ok.yaml":              false,
		"buildx/a.yaml":        false,
		"a/b/c/build/d/e.yaml": true,
	}
	for p, want := range cases {
		if got := m.Match(p, false); got != want {
			t.Errorf("Match(%q) = %v, want %v", p, got, want)
		}
	}
	if m.Match("build", false) || !m.Match("build", true) {
		t.Error("dir-only pattern")
	}
}

func TestFindYamllintFiles(t *testing.T) {
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, ".git"), 0o755)
	sub := filepath.Join(root, "a", "b")
	os.MkdirAll(sub, 0o755)
	if Find(sub) != "" {
		t.Fatal("found a config in an empty tree")
	}
	os.WriteFile(filepath.Join(root, ".yamllint"), []byte("extends: default\n"), 0o644)
	if got := Find(sub); got != filepath.Join(root, ".yamllint") {
		t.Errorf("Find = %q", got)
	}
	os.WriteFile(filepath.Join(root, ".yamlint.yaml"), []byte("{}\n"), 0o644)
	if got := Find(sub); got != filepath.Join(root, ".yamlint.yaml") {
		t.Errorf("yamlint's own file should win in the same directory; Find = %q", got)
	}
	os.WriteFile(filepath.Join(root, "a", ".yamllint.yml"), []byte("extends: relaxed\n"), 0o644)
	if got := Find(sub); got != filepath.Join(root, "a", ".yamllint.yml") {
		t.Errorf("nearest directory should win; Find = %q", got)
	}
}

func TestUserConfigFallback(t *testing.T) {
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, ".git"), 0o755)
	xdg := t.TempDir()
	t.Setenv("YAMLLINT_CONFIG_FILE", "")
	t.Setenv("XDG_CONFIG_HOME", xdg)
	if Find(root) != "" {
		t.Fatal("found a config where there is none")
	}
	user := filepath.Join(xdg, "yamllint", "config")
	os.MkdirAll(filepath.Dir(user), 0o755)
	os.WriteFile(user, []byte("rules:\n  trailing-spaces: enable\n"), 0o644)
	if got := Find(root); got != user {
		t.Fatalf("Find = %q, want the user config", got)
	}
	c, err := Load(user)
	if err != nil || c.Format != FormatYamllint || c.Rules["line-length"].Enabled {
		t.Errorf("user config not read as yamllint's: %v %+v", err, c)
	}
	env := filepath.Join(t.TempDir(), "lint.yml")
	os.WriteFile(env, []byte("extends: relaxed\n"), 0o644)
	t.Setenv("YAMLLINT_CONFIG_FILE", env)
	if got := Find(root); got != env {
		t.Errorf("Find = %q, want $YAMLLINT_CONFIG_FILE", got)
	}
	os.WriteFile(filepath.Join(root, ".yamllint"), []byte("{}\n"), 0o644)
	if got := Find(root); got != filepath.Join(root, ".yamllint") {
		t.Errorf("a project config must win over the user's; Find = %q", got)
	}
}

func TestErrorsHavePositions(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{".yamlint.yaml", "rules:\n  line-lenght: {max: 3}\n", `.yamlint.yaml:2:3: unknown rule "line-lenght"; did you mean "line-length"?`},
		{".yamlint.yaml", "rules:\n  line-length:\n    maximum: 3\n", `.yamlint.yaml:3:5: unknown option "maximum" for rule "line-length"`},
		{".yamllint", "rules:\n  line-length:\n    max: wide\n", `.yamllint:3:10: rule "line-length": option "max": want an integer`},
		{".yamllint", "rules:\n  indentation:\n    spaces: two\n", `.yamllint:3:13: rule "indentation": option "spaces": want an integer or consistent`},
		{".yamllint", "rules:\n  truthy:\n    allowed-values: [yes, 'maybe']\n", `.yamllint:3:21: rule "truthy": option "allowed-values": "maybe" is not one of`},
		{".yamllint", "rules:\n  trailing-spaces:\n    max: 1\n", `unknown option "max" for rule "trailing-spaces" (it has no options)`},
		{".yamllint", "rules:\n  quoted-strings:\n    required: true\n    extra-allowed: ['^http']\n", `.yamllint:2:3: rule "quoted-strings": cannot use both "required: true" and "extra-allowed"`},
		{".yamllint", "ignore: a\nignore-from-file: .gitignore\n", `.yamllint:2:1: ignore and ignore-from-file cannot be used together`},
		{".yamllint", "extends: nothing-here\n", `.yamllint:1:10: extends: "nothing-here" is neither a preset`},
		{".yamllint", "rules:\n  x-config-test:\n    limit: many\n", `rule "x-config-test": option "limit": want an integer`},
		{".yamllint", "rules:\n  x-config-test:\n    names: [1]\n", `option "names": want a list of strings`},
		{".yamllint", "rules:\n  colons: sometimes\n", `.yamllint:2:11:`},
		{".yamllint", "rules:\n  colons: {level: fatal}\n", `.yamllint:2:19: rule "colons": level must be "error", "warning" or "info"`},
		{".yamlint.yaml", "rules:\n  braces: {forbid: sometimes}\n", `.yamlint.yaml:2:20: rule "braces": option "forbid": want true, false or non-empty`},
		{".yamlint.yaml", "rules:\n  new-lines: {type: mac}\n", `.yamlint.yaml:2:21: rule "new-lines": option "type": want unix, dos or platform`},
		{".yamlint.yaml", "rules:\n  line-length: {allow-non-breakable-word: false}\n", `unknown option "allow-non-breakable-word" for rule "line-length"; did you mean "allow-non-breakable-words"?`},
	}
	for _, tc := range tests {
		got := parseErr(t, tc.name, tc.src)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

func TestAllProblemsReported(t *testing.T) {
	_, err := Parse(".yamllint", []byte("rules:\n  nope: enable\n  colons: {bad: 1}\n  commas: {max-spaces-after: x}\n"))
	var ce *Error
	if !errors.As(err, &ce) || len(ce.Diagnostics) != 3 {
		t.Fatalf("want 3 located problems, got %v", err)
	}
}

// TestPresetOptionsDeclared keeps the presets and the registered rules in
// step: every option a preset sets must be declared by the rule, with a
// value of the declared kind.
func TestPresetOptionsDeclared(t *testing.T) {
	for _, name := range PresetNames() {
		for id, rc := range presetRules(name) {
			r := rules.Lookup(id)
			if r == nil {
				t.Errorf("preset %s: no rule %s", name, id)
				continue
			}
			if _, err := r.DecodeOptions(rc.Options); err != nil {
				t.Errorf("preset %s: rule %s: %v", name, id, err)
			}
		}
	}
}

// A version written as a bare number keeps its source text: 1.30 is
// Kubernetes 1.30, not the float 1.3. Relative CRD paths resolve against
// the config's directory.
func TestKubernetesSection(t *testing.T) {
	dir := t.TempDir()
	c, err := Parse(filepath.Join(dir, ".yamlint.yaml"), []byte("kubernetes-version: 1.30\nkubernetes-strict: false\ncrds: [crds/]\nignore-missing-schemas: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	k := c.Kubernetes
	if k.Version != "1.30" || k.Strict == nil || *k.Strict || !k.IgnoreMissingSchemas {
		t.Errorf("kubernetes = %+v", k)
	}
	abs, _ := filepath.Abs(filepath.Join(dir, "crds"))
	if len(k.CRDs) != 1 || k.CRDs[0] != abs {
		t.Errorf("crds = %v, want [%s]", k.CRDs, abs)
	}
}

// The config schema describes rule options (generated from their
// declarations, for editors), and loading reports each problem there once,
// in the config's words, not again in the schema's.
func TestRuleOptionsInSchemaReportedOnce(t *testing.T) {
	src := []byte("rules:\n  line-length:\n    max: wide\n    maxx: 3\n")
	f := yamlfile.Parse(".yamlint.yaml", src, yamlfile.Options{})
	store := schemas.NewStore()
	sch, err := store.Compile(schemastore.BaseURL + "yamlint-config.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := store.Validate(sch, f, f.Docs[0]); len(got) == 0 {
		t.Error("the config schema accepts line-length max: wide; it should describe the option's type")
	}
	_, err = Parse(".yamlint.yaml", src)
	var ce *Error
	if !errors.As(err, &ce) || len(ce.Diagnostics) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
	for _, d := range ce.Diagnostics {
		if d.Code != Code {
			t.Errorf("problem from %s, not the config checks: %s", d.Code, d.Message)
		}
	}
}
