package rules

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/yamlint/yamlint/internal/yamlfile"
)

// gitlabConfig is what the GitLab rules know of a pipeline configuration:
// the jobs and stages of the file being checked plus those of the files it
// includes with include:local (read from disk, transitively). complete is
// false when some configuration may come from elsewhere (a project, remote,
// template or component include, an unreadable local include, or a file
// that is itself a fragment included by another), in which case a name
// that is not found is not reported.
type gitlabConfig struct {
	jobs      map[string]bool
	jobNames  []string
	nodes     map[string]*yamlfile.Node // job or template definitions by name
	stages    []string                  // declared stages, in order; nil when none declared
	complete  bool
	ownStages bool // stages: is declared in the checked file itself
}

// gitlabReserved are the global keywords; every other top-level key is a job.
var gitlabReserved = map[string]bool{
	"stages": true, "workflow": true, "default": true, "include": true, "variables": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true, "spec": true,
}

// isGitLabFragment reports whether the file at p is probably included by
// a .gitlab-ci.yml in its folder or one above (up to six levels): such a
// file may use jobs, templates and stages defined elsewhere.
func isGitLabFragment(pass *Pass, p string) bool {
	base := filepath.Base(p)
	if base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml" {
		return false
	}
	dir := filepath.Dir(p)
	for i := 0; i < 6; i++ {
		for _, n := range []string{".gitlab-ci.yml", ".gitlab-ci.yaml"} {
			if pass.FileExists(filepath.Join(dir, n)) {
				return true
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return false
}

// gitlabShared is the file's GitLab configuration with its local includes,
// read once per lint for all GitLab rules.
var gitlabShared = &Shared{Name: "GitLab configuration", Compute: func(p *Pass) any {
	return readGitLabConfig(p, docsWithSchema(p, "gitlab-ci.json"))
}}

func loadGitLabConfig(p *Pass, _ []*yamlfile.Node) *gitlabConfig {
	return p.Result(gitlabShared).(*gitlabConfig)
}

func readGitLabConfig(p *Pass, roots []*yamlfile.Node) *gitlabConfig {
	c := &gitlabConfig{jobs: map[string]bool{}, nodes: map[string]*yamlfile.Node{}, complete: !isGitLabFragment(p, p.File.Path)}
	repoRoot := filepath.Dir(p.File.Path)
	seen := map[string]bool{}
	var addRoot func(root *yamlfile.Node, own bool, depth int)
	addRoot = func(root *yamlfile.Node, own bool, depth int) {
		for _, e := range mappingEntries(root) {
			switch {
			case e.Key == "stages":
				if c.stages == nil || own {
					c.stages = nil
					for _, s := range flattenStrings(e) {
						c.stages = append(c.stages, s)
					}
					c.ownStages = c.ownStages || own
				}
			case e.Key == "include":
				for _, inc := range includeEntries(e) {
					local, ok := inc.Child("local").String()
					if !ok {
						if s, isStr := inc.String(); isStr && inc.Kind == yamlfile.Scalar && !strings.Contains(s, "://") {
							local, ok = s, true
						}
					}
					if !ok || hasExpression(local) || depth > 20 {
						c.complete = false
						continue
					}
					if !c.readLocal(p, repoRoot, local, seen, func(r *yamlfile.Node) { addRoot(r, false, depth+1) }) {
						c.complete = false
					}
				}
			case !gitlabReserved[e.Key]:
				if _, ok := c.nodes[e.Key]; !ok || own {
					c.nodes[e.Key] = e
				}
				if !c.jobs[e.Key] {
					c.jobs[e.Key] = true
					c.jobNames = append(c.jobNames, e.Key)
				}
			}
		}
	}
	for _, r := range roots {
		addRoot(r, true, 0)
	}
	return c
}

// readLocal parses the local include pattern (relative to the repository
// root, globs allowed) and feeds each document root to add.
func (c *gitlabConfig) readLocal(p *Pass, repoRoot, pattern string, seen map[string]bool, add func(*yamlfile.Node)) bool {
	pattern = strings.TrimPrefix(path.Clean("/"+pattern), "/")
	matches, err := p.Glob(filepath.Join(repoRoot, filepath.FromSlash(pattern)))
	if err != nil || len(matches) == 0 {
		return false
	}
	for _, m := range matches {
		if seen[m] {
			continue
		}
		seen[m] = true
		src, err := p.ReadFile(m)
		if err != nil {
			return false
		}
		f := yamlfile.Parse(m, src, yamlfile.Options{})
		for _, d := range f.Docs {
			if d.Root != nil && d.Root.Kind == yamlfile.Mapping && d.Root.Child("spec") == nil {
				add(d.Root)
			} else if d.Root != nil && d.Root.Kind == yamlfile.Mapping && len(d.Root.Children) > 1 {
				add(d.Root)
			}
		}
	}
	return true
}

// includeEntries returns the entries of include: (a string, a map or a list).
func includeEntries(n *yamlfile.Node) []*yamlfile.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yamlfile.Sequence {
		return n.Children
	}
	return []*yamlfile.Node{n}
}

// flattenStrings returns the string scalars of a possibly nested sequence.
func flattenStrings(n *yamlfile.Node) []string {
	var out []string
	var walk func(*yamlfile.Node)
	walk = func(n *yamlfile.Node) {
		if n == nil {
			return
		}
		if s, ok := n.String(); ok && n.Kind == yamlfile.Scalar {
			out = append(out, s)
		}
		if n.Kind == yamlfile.Sequence {
			for _, c := range n.Children {
				walk(c)
			}
		}
	}
	walk(n)
	return out
}
