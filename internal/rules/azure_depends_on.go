package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// azure-depends-on: dependsOn must name a stage (or job) of the same list.
// Checked only for lists whose every item is a literal stage or job (no
// template, no ${{ }} directive, no expression in a name), since templates
// may add the missing one.
func init() {
	Register(&Rule{
		ID:              "azure-depends-on",
		Doc:             "Azure Pipelines dependsOn must name a stage or job of the same list",
		Category:        "azure",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkAzureDependsOn,
	})
}

func checkAzureDependsOn(p *Pass) {
	for _, d := range p.Docs {
		if !d.SchemaIs("azure-pipelines.json") || d.Doc == nil || d.Doc.Root == nil {
			continue
		}
		root := d.Doc.Root
		checkAzureList(p, root.Child("stages"), "stage")
		checkAzureList(p, root.Child("jobs"), "job")
		if stages := root.Child("stages"); stages != nil && stages.Kind == yamlfile.Sequence {
			for _, st := range stages.Children {
				checkAzureList(p, st.Child("jobs"), "job")
			}
		}
	}
}

// checkAzureList checks the dependsOn entries of a stages or jobs list.
// key is "stage" or "job" (deployment jobs are keyed "deployment").
func checkAzureList(p *Pass, list *yamlfile.Node, key string) {
	if list == nil || list.Kind != yamlfile.Sequence {
		return
	}
	names := map[string]bool{}
	var order []string
	for _, it := range list.Children {
		if it.Kind != yamlfile.Mapping || it.Child("template") != nil {
			return
		}
		for _, c := range it.Children {
			if strings.HasPrefix(c.Key, "${{") {
				return
			}
		}
		idNode := it.Child(key)
		if idNode == nil && key == "job" {
			idNode = it.Child("deployment")
		}
		id, ok := idNode.String()
		if !ok || hasExpression(id) {
			return
		}
		names[strings.ToLower(id)] = true
		order = append(order, id)
	}
	for _, it := range list.Children {
		for _, n := range stringItems(it.Child("dependsOn")) {
			name, _ := n.String()
			if name == "" || hasExpression(name) || names[strings.ToLower(name)] {
				continue
			}
			reportUnknown(p, scalarTextRange(p.File.Src, n), key+" %q in dependsOn is not defined in this list", name, order)
		}
	}
}
