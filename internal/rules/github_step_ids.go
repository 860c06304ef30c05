package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-step-id-unique: the id of a step must be unique within its job
// (GitHub: "The identifier 'x' may not be used more than once within the
// same scope"). Composite actions' steps follow the same rule.
func init() {
	Register(&Rule{
		ID:              "github-step-id-unique",
		Doc:             "step ids must be unique within a GitHub workflow job or composite action",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubStepIDs,
	})
}

func checkGitHubStepIDs(p *Pass) {
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		for _, job := range mappingEntries(root.Child("jobs")) {
			checkStepIDs(p, job.Child("steps"))
		}
	}
	for _, root := range docsWithSchema(p, "github-action.json") {
		checkStepIDs(p, root.Child("runs").Child("steps"))
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
			if first, dup := seen[id]; dup {
				line := p.File.Lines.Position(first.Range.Start).Line
				p.Reportf(scalarTextRange(p.File.Src, idNode), "step id %q is already used by a step on line %d of this job", id, line)
				continue
			}
			seen[id] = idNode
		}
	}
	visit(steps)
}
