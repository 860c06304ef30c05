package rules

import (
	"fmt"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-needs: every jobs.<id>.needs entry must name a job of the same
// workflow, and needs must not form a cycle (GitHub refuses such a workflow:
// "Job 'x' depends on unknown job 'y'" / "... has a circular dependency").
func init() {
	Register(&Rule{
		ID:              "github-needs",
		Doc:             "GitHub workflow jobs.<id>.needs must name jobs of the workflow and must not form a cycle",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubNeeds,
	})
}

func checkGitHubNeeds(p *Pass) {
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		jobs := root.Child("jobs")
		ids := keysOf(jobs)
		known := map[string]bool{}
		for _, id := range ids {
			known[id] = true
		}
		edges := map[string][]*yamlfile.Node{}
		var order []string
		for _, job := range mappingEntries(jobs) {
			order = append(order, job.Key)
			for _, n := range stringItems(job.Child("needs")) {
				name, _ := n.String()
				if hasExpression(name) {
					continue
				}
				if !known[name] {
					reportUnknown(p, scalarTextRange(p.File.Src, n), "job %q needed here is not defined in this workflow", name, ids)
					continue
				}
				if name == job.Key {
					p.Reportf(scalarTextRange(p.File.Src, n), "job %q needs itself", name)
					continue
				}
				edges[job.Key] = append(edges[job.Key], n)
			}
		}
		reportNeedsCycles(p, order, edges, "job")
	}
}

// reportNeedsCycles reports each dependency cycle once, on the needs entry
// that closes it (the edge back to the first job of the cycle in file
// order).
func reportNeedsCycles(p *Pass, order []string, edges map[string][]*yamlfile.Node, what string) {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var visit func(j string)
	visit = func(j string) {
		color[j] = grey
		stack = append(stack, j)
		for _, n := range edges[j] {
			to, _ := n.String()
			switch color[to] {
			case white:
				visit(to)
			case grey:
				i := len(stack) - 1
				for i > 0 && stack[i] != to {
					i--
				}
				cycle := append(append([]string(nil), stack[i:]...), to)
				p.Report(diag.Diagnostic{
					Range:   scalarTextRange(p.File.Src, n),
					Message: fmt.Sprintf("%s %q needs %q, which forms a cycle: %s", what, j, to, strings.Join(cycle, " -> ")),
				})
			}
		}
		stack = stack[:len(stack)-1]
		color[j] = black
	}
	for _, j := range order {
		if color[j] == white {
			visit(j)
		}
	}
}
