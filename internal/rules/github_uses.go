package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-uses: a step's uses must name an action as {owner}/{repo}@{ref},
// {owner}/{repo}/{path}@{ref}, ./path, $/path or docker://image; the
// commonest slip is a missing @ref, which GitHub refuses ("Expected format
// {org}/{repo}[/path]@ref").
func init() {
	Register(&Rule{
		ID:              "github-uses",
		Doc:             "a GitHub step's uses must be owner/repo[/path]@ref, ./path, $/path or docker://image",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubUses,
	})
}

var actionRefRE = lazyRegexp(`^[A-Za-z0-9][A-Za-z0-9-]*/[^/@\s]+(/[^@\s]+)?@[^@\s]+$`)

func checkGitHubUses(p *Pass) {
	check := func(steps *yamlfile.Node) {
		if steps == nil || steps.Kind != yamlfile.Sequence {
			return
		}
		var visit func(list *yamlfile.Node)
		visit = func(list *yamlfile.Node) {
			for _, st := range list.Children {
				if par := st.Child("parallel"); par != nil && par.Kind == yamlfile.Sequence {
					visit(par)
				}
				n := st.Child("uses")
				s, ok := n.String()
				if !ok || n.Kind != yamlfile.Scalar || s == "" || strings.Contains(s, "${{") {
					continue
				}
				switch {
				case strings.HasPrefix(s, "docker://"), strings.HasPrefix(s, "./"), strings.HasPrefix(s, "$/"):
					continue
				case actionRefRE().MatchString(s):
					continue
				}
				rng := scalarTextRange(p.File.Src, n)
				if !strings.Contains(s, "@") && strings.Count(s, "/") >= 1 && !strings.ContainsAny(s, " \t") {
					d := diag.Diagnostic{Range: rng, Message: "action \"" + s + "\" has no @ref; pin a tag, branch or commit SHA, e.g. " + s + "@v1"}
					p.Report(d)
					continue
				}
				p.Reportf(rng, "%q is not an action reference: use {owner}/{repo}[/path]@{ref}, ./path/to/action, $/path/to/action or docker://image", s)
			}
		}
		visit(steps)
	}
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		for _, job := range mappingEntries(root.Child("jobs")) {
			check(job.Child("steps"))
		}
	}
	for _, root := range docsWithSchema(p, "github-action.json") {
		check(root.Child("runs").Child("steps"))
	}
}
