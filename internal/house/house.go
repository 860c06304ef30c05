// Package house runs house rules: checks a team writes in its config
// (`house-rules:`), as a CEL assertion or an inline JSON Schema over a
// target (the document, each container, each workflow job...), and the
// built-in packs written the same way. It decodes and compiles the rules
// (config errors with positions), evaluates them on parsed files with
// findings at the exact node, and runs the rules' own examples
// (--test-rules).
package house

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/celenv"
	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// ConfigCode is the code of problems in the configuration (the config
// package's code; repeated to avoid the import).
const ConfigCode = "config"

// Rule is one compiled house rule (from the config or a pack).
type Rule struct {
	ID          string
	Description string
	Explanation string // markdown, optional
	Severity    diag.Severity
	Match       Match
	Targets     []Target
	// Field is where findings land below the target: dotted paths, the
	// first that exists wins (nil = the target itself).
	Field       [][]string
	Assert      *celenv.Program
	Schema      *jsonschema.Schema
	Message     string
	MessageExpr *celenv.Program
	Examples    Examples
	// Source is where the rule is declared: "file:line".
	Source string
	// Pack is the pack the rule belongs to, "" for a user rule.
	Pack string
	// Go, when set, is the check of a pack rule written in Go.
	Go func(*Context)

	assertText string
}

// Examples are documents a rule must accept (Valid) or report (Invalid).
type Examples struct {
	Valid, Invalid []Example
}

// Example is one inline example document.
type Example struct {
	Src    []byte
	Source string // file:line of the example
}

// Set is the house rules in force for one configuration: the config's own
// rules and the rules of the packs it lists.
type Set struct {
	Rules []*Rule
	// Dir is the directory `files` globs are relative to.
	Dir string
	// Policies are ValidatingAdmissionPolicies to evaluate.
	Policies *Policies

	inventory *Inventory
	memo      *memo
	memoOnce  sync.Once
}

// Inherit returns own extended with the rules of base (the config that
// own's `extends:` names): a rule id own declares again replaces base's;
// packs both list are run once. Base's rules keep their file globs
// relative to base's directory. Either may be nil.
func Inherit(base, own *Set) *Set {
	if base == nil || len(base.Rules) == 0 {
		return own
	}
	out := &Set{Dir: base.Dir}
	if own != nil {
		out.Dir = own.Dir
		out.Rules = append(out.Rules, own.Rules...)
	}
	have := make(map[string]bool, len(out.Rules))
	for _, r := range out.Rules {
		have[r.ID] = true
	}
	for _, r := range base.Rules {
		if have[r.ID] {
			continue
		}
		if r.Pack == "" && r.Match.Dir == "" {
			cp := *r
			cp.Match.Dir = base.Dir
			r = &cp
		}
		out.Rules = append(out.Rules, r)
	}
	return out
}

// Empty reports whether there is nothing to run.
func (s *Set) Empty() bool {
	return s == nil || (len(s.Rules) == 0 && s.Policies.Empty())
}

// Codes returns the codes of the set's user rules (pack rules and the
// admission-policy code are built in).
func (s *Set) Codes() []codes.Code {
	if s == nil {
		return nil
	}
	var out []codes.Code
	for _, r := range s.Rules {
		if r.Pack != "" {
			continue
		}
		out = append(out, r.Code())
	}
	return out
}

// Code describes the rule as a diagnostic code.
func (r *Rule) Code() codes.Code {
	cat := codes.CategoryHouse
	switch r.Pack {
	case PackKubernetes:
		cat = codes.CategoryKubernetes
	case PackGitHub:
		cat = codes.CategoryGitHub
	}
	return codes.Code{ID: r.ID, Category: cat, DefaultSeverity: r.Severity, DefaultEnabled: r.Pack == "",
		Silenceable: true, Summary: r.summary(), Explanation: r.explain(), Source: r.Source}
}

func (r *Rule) summary() string {
	if r.Description != "" {
		return r.Description
	}
	if r.Message != "" {
		return r.Message
	}
	return "house rule " + r.ID
}

// explain builds the markdown --explain prints: the description, the
// explanation, what is checked, and the examples.
func (r *Rule) explain() string {
	var b strings.Builder
	if r.Explanation != "" {
		b.WriteString(strings.TrimSpace(r.Explanation) + "\n")
	}
	if r.Pack != "" {
		fmt.Fprintf(&b, "\nPart of the `%s` pack (enable it with `packs: [%s]`).\n", r.Pack, r.Pack)
	}
	var what []string
	if len(r.Targets) > 0 && r.Targets[0].Kind != TargetDocument {
		var ts []string
		for _, t := range r.Targets {
			ts = append(ts, t.String())
		}
		what = append(what, "target: "+strings.Join(ts, ", "))
	}
	if r.assertText != "" {
		what = append(what, "assert: `"+strings.Join(strings.Fields(r.assertText), " ")+"`")
	}
	if r.Schema != nil {
		what = append(what, "an inline JSON Schema")
	}
	if len(what) > 0 {
		b.WriteString("\nChecks " + strings.Join(what, "; ") + ".\n")
	}
	if r.Message != "" && r.MessageExpr == nil {
		b.WriteString("\nMessage: " + r.Message + "\n")
	}
	for _, ex := range r.Examples.Invalid {
		b.WriteString("\n**Bad**\n```yaml\n" + strings.TrimRight(string(ex.Src), "\n") + "\n```\n")
		break
	}
	for _, ex := range r.Examples.Valid {
		b.WriteString("\n**Good**\n```yaml\n" + strings.TrimRight(string(ex.Src), "\n") + "\n```\n")
		break
	}
	return b.String()
}

// Match says which documents a rule applies to; all given conditions must
// hold.
type Match struct {
	Kinds []KindPattern
	Files []string // doublestar globs relative to Dir
	// Dir is the directory of the config that declared the rule, which
	// its Files are relative to ("" : the Set's Dir).
	Dir    string
	Format string
	Schema string
}

// KindPattern matches a Kubernetes object's apiVersion and kind: "*", a
// bare Kind, "*/Kind" (any apiVersion), or apiVersion/Kind with "*" in a
// segment ("apps/v1/Deployment", "apps/*/Deployment", "v1/Pod").
type KindPattern struct {
	Text string
}

// Matches reports whether an object with apiVersion and kind matches.
func (p KindPattern) Matches(apiVersion, kind string) bool {
	// Without splitting into slices: every rule with kinds matches every
	// document against its patterns.
	t := p.Text
	if t == "*" {
		return true
	}
	av, kp, hasAV := "", t, false
	if i := strings.LastIndexByte(t, '/'); i >= 0 {
		av, kp, hasAV = t[:i], t[i+1:], true
	}
	if ok, _ := filepath.Match(kp, kind); !ok {
		return false
	}
	if !hasAV || av == "*" {
		return true
	}
	if pn, an := strings.Count(av, "/"), strings.Count(apiVersion, "/"); pn != an {
		// "*/v1/Pod" also matches the core group's "v1".
		if pn == 1 && an == 0 && strings.HasPrefix(av, "*/") {
			av = av[2:]
		} else {
			return false
		}
	}
	for {
		ps, prest, more := strings.Cut(av, "/")
		as, arest, _ := strings.Cut(apiVersion, "/")
		if ok, _ := filepath.Match(ps, as); !ok {
			return false
		}
		if !more {
			return true
		}
		av, apiVersion = prest, arest
	}
}

// Formats are the names `match.format` accepts, with the suffix of the
// bundled schema that identifies each ("" for formats found otherwise).
var Formats = map[string]string{
	"github-workflow":   "github-workflow.json",
	"github-action":     "github-action.json",
	"gitlab-ci":         "gitlab-ci.json",
	"azure-pipelines":   "azure-pipelines.json",
	"compose":           "compose.json",
	"helm-values":       "",
	"helm-chart":        "helm/chart.json",
	"kustomization":     "kustomize/kustomization.json",
	"kubernetes":        "",
	"dependabot":        "dependabot-2.0.json",
	"pre-commit-config": "pre-commit-config.json",
}

// FormatNames lists the format names, sorted.
func FormatNames() []string {
	out := make([]string, 0, len(Formats))
	for k := range Formats {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FormatOf names the format of a document from its associated schema URL
// and its content ("" when none applies). Helm values files are named by
// the caller, which knows the chart layout.
func FormatOf(schemaURL string, root *yamlfile.Node) string {
	base := strings.SplitN(schemaURL, "#", 2)[0]
	if base != "" {
		for name, suffix := range Formats {
			if suffix != "" && strings.HasSuffix(base, "/"+suffix) {
				return name
			}
		}
	}
	if isKubeObject(root) && (base == "" || strings.Contains(base, "kubernetes")) {
		return "kubernetes"
	}
	return ""
}

// isKubeObject reports whether root looks like a Kubernetes object.
func isKubeObject(root *yamlfile.Node) bool {
	if root == nil || root.Kind != yamlfile.Mapping {
		return false
	}
	av, _ := root.Child("apiVersion").String()
	k, _ := root.Child("kind").String()
	return av != "" && k != ""
}

// inferFormat guesses the format of an example document that has no path
// to associate a schema through.
func inferFormat(root *yamlfile.Node) string {
	switch {
	case root == nil || root.Kind != yamlfile.Mapping:
		return ""
	case isKubeObject(root):
		return "kubernetes"
	case root.Child("jobs") != nil && root.Child("on") != nil:
		return "github-workflow"
	case root.Child("runs") != nil:
		return "github-action"
	case root.Child("services") != nil:
		return "compose"
	case root.Child("jobs") != nil || root.Child("stages") != nil && root.Child("steps") != nil:
		return "azure-pipelines"
	}
	for _, c := range root.Children {
		if c.Child("script") != nil || c.Child("trigger") != nil || c.Child("extends") != nil {
			return "gitlab-ci"
		}
	}
	return ""
}

// schemaStore compiles inline schemas; one per process is enough, each
// schema gets its own URL.
var schemaStore = schemas.NewStore()
