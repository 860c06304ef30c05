package rules

import (
	"fmt"
	"sort"
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
		// Job ids are case-insensitive: needs: [Build] names job build.
		canonical := map[string]string{}
		for _, id := range ids {
			canonical[strings.ToLower(id)] = id
		}
		edges := map[string][]needEdge{}
		var order []string
		for _, job := range mappingEntries(jobs) {
			order = append(order, job.Key)
			listed := map[string]bool{}
			needs := stringItems(job.Child("needs"))
			// A suggestion is never the job itself nor a job this needs
			// already lists: "did you mean" must not create a new error.
			named := map[string]bool{strings.ToLower(job.Key): true}
			for _, n := range needs {
				if name, ok := n.String(); ok {
					named[strings.ToLower(name)] = true
				}
			}
			var candidates []string
			for _, id := range ids {
				if !named[strings.ToLower(id)] {
					candidates = append(candidates, id)
				}
			}
			for _, n := range needs {
				name, _ := n.String()
				if hasExpression(name) {
					continue
				}
				target, ok := canonical[strings.ToLower(name)]
				if !ok {
					reportUnknown(p, scalarTextRange(p.File.Src, n), "job %q needed here is not defined in this workflow", name, candidates)
					continue
				}
				if listed[target] {
					p.Reportf(scalarTextRange(p.File.Src, n), "job %q is already listed in needs (job ids ignore case)", name)
					continue
				}
				listed[target] = true
				if target == job.Key {
					p.Reportf(scalarTextRange(p.File.Src, n), "job %q needs itself", name)
					continue
				}
				edges[job.Key] = append(edges[job.Key], needEdge{to: target, node: n})
			}
		}
		reportNeedsCycles(p, order, edges, "job", "needs")
	}
}

// reportNeedsCycles reports each dependency cycle once, on the needs entry
// of the cycle's first job in file order, listing the cycle from there.
// needEdge is one needs entry resolved to the job it names.
type needEdge struct {
	to   string
	node *yamlfile.Node
}

func reportNeedsCycles(p *Pass, order []string, edges map[string][]needEdge, what, verb string) {
	const (
		white = iota
		grey
		black
	)
	pos := map[string]int{}
	for i, j := range order {
		pos[j] = i
	}
	color := map[string]int{}
	reported := map[string]bool{}
	var stack []string
	var visit func(j string)
	visit = func(j string) {
		color[j] = grey
		stack = append(stack, j)
		for _, e := range edges[j] {
			switch color[e.to] {
			case white:
				visit(e.to)
			case grey:
				i := len(stack) - 1
				for i > 0 && stack[i] != e.to {
					i--
				}
				cycle := append([]string(nil), stack[i:]...)
				// Rotate to start at the job that comes first in the file.
				first := 0
				for k, c := range cycle {
					if pos[c] < pos[cycle[first]] {
						first = k
					}
				}
				cycle = append(cycle[first:], cycle[:first]...)
				key := strings.Join(sortedCopy(cycle), "\x00")
				if reported[key] {
					continue
				}
				reported[key] = true
				from, to := cycle[0], e.to
				if len(cycle) > 1 {
					to = cycle[1]
				}
				var at *yamlfile.Node
				for _, fe := range edges[from] {
					if fe.to == to {
						at = fe.node
						break
					}
				}
				if at == nil {
					at = e.node
				}
				p.Report(diag.Diagnostic{
					Range:   scalarTextRange(p.File.Src, at),
					Message: fmt.Sprintf("%s %q %s %q, which forms a cycle: %s -> %s", what, from, verb, to, strings.Join(cycle, " -> "), cycle[0]),
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

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}
