package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// azure-task: a task step names its task with a major version,
// name@N (PublishTestResults@2): Azure Pipelines refuses a task reference
// without one ("A task is missing. ... must specify a version").
func init() {
	Register(&Rule{
		ID:              "azure-task",
		Doc:             "Azure Pipelines task steps must name the task's major version (Name@N)",
		Category:        "azure",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkAzureTask,
	})
}

var azureTaskRE = lazyRegexp(`^[^@\s]+@[0-9]+$`)

func checkAzureTask(p *Pass) {
	for _, d := range p.Docs {
		if !d.SchemaIs("azure-pipelines.json") || d.Doc == nil {
			continue
		}
		var walk func(n *yamlfile.Node)
		walk = func(n *yamlfile.Node) {
			if n == nil || n.Alias {
				return
			}
			if n.Kind == yamlfile.Mapping {
				if t := n.Child("task"); t != nil && t.Kind == yamlfile.Scalar {
					if s, ok := t.String(); ok && !strings.Contains(s, "$") && !azureTaskRE().MatchString(s) {
						rng := scalarTextRange(p.File.Src, t)
						if !strings.Contains(s, "@") {
							p.Reportf(rng, "task %q has no major version; write %s@<version>, e.g. %s@1", s, s, s)
						} else {
							p.Reportf(rng, "task %q: the version after @ must be a major version number, e.g. %s@2", s, strings.SplitN(s, "@", 2)[0])
						}
					}
				}
			}
			for _, c := range n.Children {
				walk(c)
			}
		}
		walk(d.Doc.Root)
	}
}
