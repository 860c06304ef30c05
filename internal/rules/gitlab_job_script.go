package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// gitlab-job-script: a job must have script (or run, or trigger), itself or
// through the templates it extends: GitLab rejects it otherwise ("jobs:x
// config should implement the script:, run:, or trigger: keyword"). The
// schema cannot require it, since a job may complete one defined in an
// included file; this rule checks only fully visible configurations.
func init() {
	Register(&Rule{
		ID:              "gitlab-job-script",
		Requires:        []*Shared{gitlabShared},
		Doc:             "a GitLab job needs script, run or trigger (directly or through extends)",
		Category:        "gitlab",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitLabJobScript,
	})
}

func checkGitLabJobScript(p *Pass) {
	roots := docsWithSchema(p, "gitlab-ci.json")
	if len(roots) == 0 {
		return
	}
	cfg := loadGitLabConfig(p, roots)
	if !cfg.complete {
		return
	}
	// has reports whether the job or a template it extends has one of the
	// keywords; unknown tells that an extends target could not be found.
	var has func(n *yamlfile.Node, depth int) (found, unknown bool)
	has = func(n *yamlfile.Node, depth int) (bool, bool) {
		if n == nil || n.Kind != yamlfile.Mapping || depth > 11 {
			return false, true
		}
		for _, k := range []string{"script", "run", "trigger"} {
			if n.Child(k) != nil {
				return true, false
			}
		}
		unknown := false
		for _, e := range stringItems(n.Child("extends")) {
			name, _ := e.String()
			t, ok := cfg.nodes[name]
			if !ok || hasExpression(name) {
				unknown = true
				continue
			}
			f, u := has(t, depth+1)
			if f {
				return true, false
			}
			unknown = unknown || u
		}
		return false, unknown
	}
	for _, root := range roots {
		for _, job := range mappingEntries(root) {
			if gitlabReserved[job.Key] || strings.HasPrefix(job.Key, ".") || job.Kind != yamlfile.Mapping {
				continue
			}
			if found, unknown := has(job, 0); !found && !unknown {
				p.Reportf(job.KeyRange, "job %q has no script, run or trigger (itself or through extends); GitLab rejects such a job", job.Key)
			}
		}
	}
}
