package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// dependabot-refs: an update's registries must name entries of the
// top-level registries, and its multi-ecosystem-group an entry of
// multi-ecosystem-groups; Dependabot rejects the file otherwise.
func init() {
	Register(&Rule{
		ID:              "dependabot-refs",
		Doc:             "dependabot updates must refer to declared registries and multi-ecosystem groups",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkDependabotRefs,
	})
}

func checkDependabotRefs(p *Pass) {
	for _, root := range docsWithSchema(p, "dependabot-2.0.json") {
		registries := keysOf(root.Child("registries"))
		groups := keysOf(root.Child("multi-ecosystem-groups"))
		regSet, groupSet := map[string]bool{}, map[string]bool{}
		for _, r := range registries {
			regSet[r] = true
		}
		for _, g := range groups {
			groupSet[g] = true
		}
		updates := root.Child("updates")
		if updates == nil || updates.Kind != yamlfile.Sequence {
			continue
		}
		for _, u := range updates.Children {
			if regs := u.Child("registries"); regs != nil && regs.Kind == yamlfile.Sequence {
				for _, n := range stringItems(regs) {
					name, _ := n.String()
					if !regSet[name] {
						reportUnknown(p, scalarTextRange(p.File.Src, n), "registry %q is not declared under registries", name, registries)
					}
				}
			}
			if n := u.Child("multi-ecosystem-group"); n != nil {
				if name, ok := n.String(); ok && !groupSet[name] {
					reportUnknown(p, scalarTextRange(p.File.Src, n), "multi-ecosystem group %q is not declared under multi-ecosystem-groups", name, groups)
				}
			}
		}
	}
}
