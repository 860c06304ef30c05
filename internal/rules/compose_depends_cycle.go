package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// compose-depends-cycle: depends_on must not form a cycle (a service
// depending on itself included): Compose cannot order the services and
// refuses the project ("dependency cycle detected: a -> b -> a").
func init() {
	Register(&Rule{
		ID:              "compose-depends-cycle",
		Doc:             "Compose depends_on must not form a cycle",
		Category:        "compose",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkComposeDependsCycle,
	})
}

func checkComposeDependsCycle(p *Pass) {
	for _, root := range docsWithSchema(p, "compose.json") {
		services := root.Child("services")
		declared := map[string]bool{}
		for _, s := range mappingEntries(services) {
			declared[s.Key] = true
		}
		edges := map[string][]needEdge{}
		var order []string
		for _, svc := range mappingEntries(services) {
			order = append(order, svc.Key)
			dep := svc.Child("depends_on")
			var targets []*yamlfile.Node
			if dep != nil && dep.Kind == yamlfile.Mapping {
				for _, e := range dep.Children {
					targets = append(targets, keyNode(e))
				}
			} else {
				targets = stringItems(dep)
			}
			for _, n := range targets {
				name, _ := n.String()
				if !declared[name] {
					continue // compose-refs reports it
				}
				if name == svc.Key {
					p.Reportf(findInNode(p.File.Src, n, name, 0), "service %q depends on itself", name)
					continue
				}
				edges[svc.Key] = append(edges[svc.Key], needEdge{to: name, node: n})
			}
		}
		reportNeedsCycles(p, order, edges, "service", "depends on")
	}
}
