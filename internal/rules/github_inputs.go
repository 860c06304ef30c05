package rules

import (
	"fmt"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-inputs: the default of a workflow_dispatch choice input must be one
// of its options (GitHub rejects the run form otherwise), and a required
// workflow_call input should not carry a default, which is never used.
func init() {
	Register(&Rule{
		ID:              "github-inputs",
		Doc:             "workflow inputs: a choice default must be one of the options; a required workflow_call input's default is never used",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubInputs,
	})
}

func checkGitHubInputs(p *Pass) {
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		on := root.Child("on")
		for _, event := range []string{"workflow_dispatch", "workflow_call"} {
			for _, in := range mappingEntries(on.Child(event).Child("inputs")) {
				def := in.Child("default")
				if def == nil || def.Kind != yamlfile.Scalar {
					continue
				}
				if t, _ := in.Child("type").String(); t == "choice" {
					if opts := in.Child("options"); opts != nil && opts.Kind == yamlfile.Sequence {
						ok := false
						var names []string
						for _, o := range opts.Children {
							names = append(names, fmt.Sprint(o.Value))
							if fmt.Sprint(o.Value) == fmt.Sprint(def.Value) {
								ok = true
							}
						}
						if !ok {
							reportUnknown(p, def.Range, "default %q is not one of the options of this choice input", fmt.Sprint(def.Value), names)
						}
					}
				}
				// In a workflow_dispatch form the default pre-fills a required
				// field; a caller of a reusable workflow must pass a required
				// input, so its default is dead.
				if req := in.Child("required"); event == "workflow_call" && req != nil && req.Value == true {
					p.Report(diag.Diagnostic{Range: def.Range, Severity: diag.SeverityWarning,
						Message: fmt.Sprintf("input %q is required, so its default is never used", in.Key)})
				}
			}
		}
	}
}
