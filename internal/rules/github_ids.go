package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-id-unique: GitHub compares job ids, step ids, matrix keys and the
// names of environment variables, inputs, secrets, outputs and services
// case-insensitively, so two that differ only in case are duplicates (one
// silently replaces the other): step ids must be unique within a job or
// composite action ("The identifier 'x' may not be used more than once
// within the same scope"), the other names within their map.
func init() {
	Register(&Rule{
		ID:              "github-id-unique",
		Doc:             "job ids, step ids (per job), matrix keys, env/input/secret/output/service names must be unique, ignoring case, in GitHub workflows",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubIDs,
	})
}

func checkGitHubIDs(p *Pass) {
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		jobs := root.Child("jobs")
		checkKeysUnique(p, jobs, "job id")
		checkKeysUnique(p, root.Child("env"), "environment variable")
		for _, ev := range []string{"workflow_call", "workflow_dispatch"} {
			e := root.Child("on").Child(ev)
			checkKeysUnique(p, e.Child("inputs"), "input")
			checkKeysUnique(p, e.Child("secrets"), "secret")
			checkKeysUnique(p, e.Child("outputs"), "output")
		}
		for _, job := range mappingEntries(jobs) {
			checkStepIDs(p, job.Child("steps"))
			checkKeysUnique(p, job.Child("strategy").Child("matrix"), "matrix key")
			checkKeysUnique(p, job.Child("env"), "environment variable")
			checkKeysUnique(p, job.Child("outputs"), "output")
			checkKeysUnique(p, job.Child("services"), "service")
			checkKeysUnique(p, job.Child("with"), "input")
			checkKeysUnique(p, job.Child("secrets"), "secret")
			if steps := job.Child("steps"); steps != nil && steps.Kind == yamlfile.Sequence {
				for _, st := range steps.Children {
					checkKeysUnique(p, st.Child("env"), "environment variable")
					checkKeysUnique(p, st.Child("with"), "input")
				}
			}
		}
	}
	for _, root := range docsWithSchema(p, "github-action.json") {
		checkStepIDs(p, root.Child("runs").Child("steps"))
	}
}

// checkKeysUnique reports keys of m equal to an earlier key but for case
// (exact duplicates are already reported by the parser).
func checkKeysUnique(p *Pass, m *yamlfile.Node, what string) {
	seen := map[string]*yamlfile.Node{}
	for _, c := range mappingEntries(m) {
		k := strings.ToLower(c.Key)
		if first, dup := seen[k]; dup && first.Key != c.Key {
			line := p.File.Lines.Position(first.KeyRange.Start).Line
			p.Reportf(c.KeyRange, "%s %q duplicates %q on line %d (GitHub ignores case here)", what, c.Key, first.Key, line)
			continue
		}
		seen[k] = c
	}
}

func checkStepIDs(p *Pass, steps *yamlfile.Node) {
	if steps == nil || steps.Kind != yamlfile.Sequence {
		return
	}
	seen := map[string]*yamlfile.Node{}
	var visit func(list *yamlfile.Node)
	visit = func(list *yamlfile.Node) {
		for _, step := range list.Children {
			if par := step.Child("parallel"); par != nil && par.Kind == yamlfile.Sequence {
				visit(par) // steps of a parallel group share the job's ids
			}
			idNode := step.Child("id")
			id, ok := idNode.String()
			if !ok || id == "" || hasExpression(id) {
				continue
			}
			if first, dup := seen[strings.ToLower(id)]; dup {
				line := p.File.Lines.Position(first.Range.Start).Line
				p.Reportf(scalarTextRange(p.File.Src, idNode), "step id %q is already used by a step on line %d of this job (ids ignore case)", id, line)
				continue
			}
			seen[strings.ToLower(id)] = idNode
		}
	}
	visit(steps)
}
