package rules

import (
	"path/filepath"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-reusable-calls: a job calling a reusable workflow of the same
// repository (uses: ./.github/workflows/x.yml or $/...) must pass only the
// inputs and secrets that workflow declares under on.workflow_call, and
// every required one that has no default (unless secrets: inherit). The
// called file is read from the repository the calling workflow is in; when
// it cannot be read nothing is reported (a partial checkout is not an
// error here).
func init() {
	Register(&Rule{
		ID:              "github-reusable-calls",
		Doc:             "calls of local reusable workflows must pass declared inputs/secrets, and the required ones",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubReusableCalls,
	})
}

func checkGitHubReusableCalls(p *Pass) {
	// The repository root is the folder holding .github/workflows/<this>.
	dir := filepath.Dir(p.File.Path)
	if filepath.Base(dir) != "workflows" || filepath.Base(filepath.Dir(dir)) != ".github" {
		return
	}
	repo := filepath.Dir(filepath.Dir(dir))
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		for _, job := range mappingEntries(root.Child("jobs")) {
			usesNode := job.Child("uses")
			uses, ok := usesNode.String()
			if !ok || hasExpression(strings.TrimPrefix(uses, "$/")) {
				continue
			}
			rel, local := strings.CutPrefix(uses, "./")
			if !local {
				rel, local = strings.CutPrefix(uses, "$/")
			}
			if !local || strings.Contains(rel, "@") {
				continue
			}
			call := loadWorkflowCall(p, filepath.Join(repo, filepath.FromSlash(rel)))
			if call == nil {
				continue
			}
			checkCallArgs(p, job, job.Child("with"), call.Child("inputs"), "input", uses)
			if s := job.Child("secrets"); s == nil || s.Kind == yamlfile.Mapping {
				checkCallArgs(p, job, s, call.Child("secrets"), "secret", uses)
			}
		}
	}
}

// loadWorkflowCall returns the on.workflow_call node of the workflow at
// path, an empty mapping when it has on: workflow_call with no settings,
// or nil when the file cannot be read or is not a reusable workflow.
func loadWorkflowCall(p *Pass, path string) *yamlfile.Node {
	src, err := p.ReadFile(path)
	if err != nil {
		return nil
	}
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	if len(f.Docs) == 0 || f.Docs[0].Root == nil {
		return nil
	}
	on := f.Docs[0].Root.Child("on")
	if on == nil {
		return nil
	}
	switch on.Kind {
	case yamlfile.Mapping:
		if c := on.Child("workflow_call"); c != nil {
			if c.Kind == yamlfile.Mapping {
				return c
			}
			return &yamlfile.Node{Kind: yamlfile.Mapping}
		}
	default:
		for _, n := range flattenStrings(on) {
			if n == "workflow_call" {
				return &yamlfile.Node{Kind: yamlfile.Mapping}
			}
		}
	}
	return nil
}

// checkCallArgs compares what a call passes (given: a mapping or nil)
// with what the called workflow declares.
func checkCallArgs(p *Pass, job, given, declared *yamlfile.Node, what, uses string) {
	names := keysOf(declared)
	decl := map[string]*yamlfile.Node{}
	for _, d := range mappingEntries(declared) {
		decl[strings.ToLower(d.Key)] = d
	}
	passed := map[string]bool{}
	for _, g := range mappingEntries(given) {
		passed[strings.ToLower(g.Key)] = true
		if _, ok := decl[strings.ToLower(g.Key)]; !ok {
			reportUnknown(p, g.KeyRange, what+" %q is not declared by "+uses, g.Key, names)
		}
	}
	for _, d := range mappingEntries(declared) {
		if passed[strings.ToLower(d.Key)] {
			continue
		}
		if req := d.Child("required"); req == nil || req.Value != true || d.Child("default") != nil {
			continue
		}
		at := job.KeyRange
		if given != nil && given.HasKey {
			at = given.KeyRange
		}
		p.Reportf(at, "required %s %q of %s is not passed", what, d.Key, uses)
	}
}
