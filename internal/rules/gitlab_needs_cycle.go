package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// gitlab-needs-cycle: needs must not form a cycle; GitLab refuses the
// pipeline ("circular dependency detected in `needs`"). The jobs of the
// checked file win over included ones, so a cycle among them is final;
// files that are fragments of another configuration are skipped.
func init() {
	Register(&Rule{
		ID:              "gitlab-needs-cycle",
		Doc:             "GitLab needs must not form a cycle",
		Category:        "gitlab",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitLabNeedsCycle,
	})
}

func checkGitLabNeedsCycle(p *Pass) {
	roots := docsWithSchema(p, "gitlab-ci.json")
	if len(roots) == 0 || isGitLabFragment(p, p.File.Path) {
		return
	}
	for _, root := range roots {
		jobs := map[string]bool{}
		for _, j := range mappingEntries(root) {
			if !gitlabReserved[j.Key] && !strings.HasPrefix(j.Key, ".") && j.Kind == yamlfile.Mapping {
				jobs[j.Key] = true
			}
		}
		edges := map[string][]needEdge{}
		var order []string
		for _, j := range mappingEntries(root) {
			if !jobs[j.Key] {
				continue
			}
			order = append(order, j.Key)
			needs := j.Child("needs")
			if needs == nil || needs.Kind != yamlfile.Sequence {
				continue
			}
			for _, n := range needs.Children {
				target := n
				if n.Kind == yamlfile.Mapping {
					if n.Child("project") != nil || n.Child("pipeline") != nil {
						continue
					}
					target = n.Child("job")
				}
				name, ok := target.String()
				if !ok || target.Kind != yamlfile.Scalar {
					continue
				}
				name = parallelBase(name)
				if !jobs[name] {
					continue
				}
				if name == j.Key {
					p.Reportf(scalarTextRange(p.File.Src, target), "job %q needs itself", name)
					continue
				}
				edges[j.Key] = append(edges[j.Key], needEdge{to: name, node: target})
			}
		}
		reportNeedsCycles(p, order, edges, "job", "needs")
	}
}
