package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// gitlab-stage: a job's stage must be one of stages (or .pre/.post). When
// the configuration declares no stages, GitLab's defaults apply: .pre,
// build, test, deploy, .post. Checked only when the declared stages are
// known: declared in this file, or in no file of a fully visible
// configuration.
func init() {
	Register(&Rule{
		ID:              "gitlab-stage",
		Requires:        []*Shared{gitlabShared},
		Doc:             "a GitLab job's stage must be declared in stages (default: build, test, deploy)",
		Category:        "gitlab",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitLabStage,
	})
}

var gitlabDefaultStages = []string{"build", "test", "deploy"}

func checkGitLabStage(p *Pass) {
	roots := docsWithSchema(p, "gitlab-ci.json")
	if len(roots) == 0 {
		return
	}
	cfg := loadGitLabConfig(p, roots)
	stages := cfg.stages
	declared := stages != nil
	if !cfg.ownStages && !cfg.complete {
		return // stages may be declared in a file we cannot see
	}
	if !declared {
		stages = gitlabDefaultStages
	}
	known := map[string]bool{".pre": true, ".post": true}
	for _, s := range stages {
		known[s] = true
	}
	candidates := append([]string{".pre", ".post"}, stages...)
	for _, root := range roots {
		for _, job := range mappingEntries(root) {
			if gitlabReserved[job.Key] || strings.HasPrefix(job.Key, ".") || job.Kind != yamlfile.Mapping {
				continue // templates may be given a stage by the jobs extending them
			}
			n := job.Child("stage")
			name, ok := n.String()
			if !ok || n.Kind != yamlfile.Scalar || hasExpression(name) || known[name] {
				continue
			}
			msg := "stage %q is not declared in stages"
			if !declared {
				msg = "stage %q is not one of the default stages (build, test, deploy); declare it in stages"
			}
			reportUnknown(p, scalarTextRange(p.File.Src, n), msg, name, candidates)
		}
	}
}
