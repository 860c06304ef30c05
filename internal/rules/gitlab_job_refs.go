package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// gitlab-job-refs: needs, dependencies, extends and !reference [job, ...]
// must name a job or template of the configuration. Only reported when the
// whole configuration is visible (the file and its include:local files),
// since other includes may define the name.
func init() {
	Register(&Rule{
		ID:              "gitlab-job-refs",
		Requires:        []*Shared{gitlabShared},
		Doc:             "GitLab needs, dependencies, extends and !reference must name jobs or templates of the configuration",
		Category:        "gitlab",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitLabJobRefs,
	})
}

func checkGitLabJobRefs(p *Pass) {
	roots := docsWithSchema(p, "gitlab-ci.json")
	if len(roots) == 0 {
		return
	}
	cfg := loadGitLabConfig(p, roots)
	if !cfg.complete {
		return
	}
	var visible []string // jobs that can be needed (hidden ones cannot)
	for _, j := range cfg.jobNames {
		if !strings.HasPrefix(j, ".") {
			visible = append(visible, j)
		}
	}
	unknown := func(n *yamlfile.Node, format string, candidates []string) {
		name, _ := n.String()
		if name == "" || hasExpression(name) || cfg.jobs[name] || cfg.jobs[parallelBase(name)] {
			return
		}
		reportUnknown(p, scalarTextRange(p.File.Src, n), format, name, candidates)
	}
	for _, root := range roots {
		for _, job := range mappingEntries(root) {
			if gitlabReserved[job.Key] || job.Kind != yamlfile.Mapping {
				continue
			}
			for _, n := range stringItems(job.Child("extends")) {
				unknown(n, "extends %q, which is not a job or template of this configuration", cfg.jobNames)
			}
			for _, n := range stringItems(job.Child("dependencies")) {
				unknown(n, "dependency %q is not a job of this configuration", visible)
			}
			checkGitLabNeeds(p, job.Child("needs"), unknown, visible)
			if rules := job.Child("rules"); rules != nil {
				for _, r := range rules.Children {
					checkGitLabNeeds(p, r.Child("needs"), unknown, visible)
				}
			}
		}
		walkReferences(root, func(target *yamlfile.Node) {
			unknown(target, "!reference names %q, which is not a job or template of this configuration", cfg.jobNames)
		})
	}
}

func checkGitLabNeeds(p *Pass, needs *yamlfile.Node, unknown func(*yamlfile.Node, string, []string), visible []string) {
	if needs == nil || needs.Kind != yamlfile.Sequence {
		return
	}
	for _, n := range needs.Children {
		switch n.Kind {
		case yamlfile.Scalar:
			unknown(n, "job %q needed here is not a job of this configuration", visible)
		case yamlfile.Mapping:
			if n.Child("project") != nil || n.Child("pipeline") != nil {
				continue // another pipeline's job
			}
			if o := n.Child("optional"); o != nil && o.Value == true {
				continue // may legitimately be absent
			}
			if j := n.Child("job"); j != nil {
				unknown(j, "job %q needed here is not a job of this configuration", visible)
			}
		}
	}
}

// walkReferences calls f with the first element (the job) of every
// !reference [job, keyword, ...] sequence under n.
func walkReferences(n *yamlfile.Node, f func(*yamlfile.Node)) {
	if n == nil {
		return
	}
	if n.Tag == "!reference" && n.Kind == yamlfile.Sequence && len(n.Children) > 0 {
		f(n.Children[0])
		return
	}
	for _, c := range n.Children {
		walkReferences(c, f)
	}
}

var (
	matrixInstance   = lazyRegexp(`^(.+): \[.*\]$`)
	parallelInstance = lazyRegexp(`^(.+) [0-9]+/[0-9]+$`)
)

// parallelBase returns the job a parallel instance name refers to:
// "build: [linux, amd64]" (parallel:matrix) and "test 2/4" (parallel: N)
// name instances of build and test.
func parallelBase(name string) string {
	if m := matrixInstance().FindStringSubmatch(name); m != nil {
		return m[1]
	}
	if m := parallelInstance().FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return name
}
