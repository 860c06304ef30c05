package rules

import (
	"fmt"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-expression-refs (ids compared ignoring case, as GitHub does): in ${{ }} expressions (and if: conditions, which
// are expressions without the braces), steps.<id> must name a step of the
// same job that runs earlier, and needs.<job> a job listed in the job's
// needs: the steps and needs contexts hold nothing else, so such a
// reference always evaluates to null.
func init() {
	Register(&Rule{
		ID:              "github-expression-refs",
		Doc:             "steps.<id> and needs.<job> in GitHub workflow expressions must name an earlier step of the job and a job in its needs",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubExpressionRefs,
	})
}

var (
	exprBlockRE = lazyRegexp(`\$\{\{([\s\S]*?)\}\}`)
	exprRefRE   = lazyRegexp(`(^|[^.\w-])(steps|needs)\.([A-Za-z_][\w-]*)`)
	quotedRE    = lazyRegexp(`'(?:[^']|'')*'`)
)

type exprRef struct {
	context, name string
	k             int // occurrence of context.name within the scalar
}

// expressionRefs returns the steps./needs. references in a string scalar.
// whole says the scalar is an expression even without ${{ }} (if:).
func expressionRefs(s string, whole bool) []exprRef {
	var exprs []string
	if m := exprBlockRE().FindAllStringSubmatch(s, -1); len(m) > 0 {
		for _, x := range m {
			exprs = append(exprs, x[1])
		}
	} else if whole {
		exprs = []string{s}
	}
	var out []exprRef
	count := map[string]int{}
	for _, e := range exprs {
		// String literals ('...') are not references.
		e = quotedRE().ReplaceAllStringFunc(e, func(q string) string { return strings.Repeat(" ", len(q)) })
		for _, m := range exprRefRE().FindAllStringSubmatch(e, -1) {
			text := m[2] + "." + m[3]
			out = append(out, exprRef{context: m[2], name: m[3], k: count[text]})
			count[text]++
		}
	}
	return out
}

func checkGitHubExpressionRefs(p *Pass) {
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		jobs := root.Child("jobs")
		jobIDs := map[string]bool{}
		for _, j := range mappingEntries(jobs) {
			jobIDs[strings.ToLower(j.Key)] = true
		}
		for _, job := range mappingEntries(jobs) {
			checkJobExpressionRefs(p, job, jobIDs)
		}
	}
	// A composite action is checked like a job: its steps, and its outputs
	// (read after every step ran); it has no needs context.
	for _, root := range docsWithSchema(p, "github-action.json") {
		runs := root.Child("runs")
		if u, _ := runs.Child("using").String(); u != "composite" {
			continue
		}
		if steps := runs.Child("steps"); steps != nil {
			kids := []*yamlfile.Node{steps}
			if outs := root.Child("outputs"); outs != nil {
				kids = append(kids, outs)
			}
			job := &yamlfile.Node{Kind: yamlfile.Mapping, Key: "(composite action)", Children: kids}
			checkJobExpressionRefs(p, job, map[string]bool{})
		}
	}
}

func checkJobExpressionRefs(p *Pass, job *yamlfile.Node, jobIDs map[string]bool) {
	var needs []string
	needSet := map[string]bool{}
	for _, n := range stringItems(job.Child("needs")) {
		s, _ := n.String()
		needs = append(needs, s)
		needSet[strings.ToLower(s)] = true
	}
	// Step ids in run order (steps of a parallel group run together).
	stepIndex := map[string]int{}
	var stepIDs []string
	var steps []*yamlfile.Node
	if list := job.Child("steps"); list != nil && list.Kind == yamlfile.Sequence {
		for i, st := range list.Children {
			steps = append(steps, st)
			add := func(s *yamlfile.Node) {
				if id, ok := s.Child("id").String(); ok {
					if _, dup := stepIndex[strings.ToLower(id)]; !dup {
						stepIndex[strings.ToLower(id)] = i
						stepIDs = append(stepIDs, id)
					}
				}
			}
			add(st)
			if par := st.Child("parallel"); par != nil && par.Kind == yamlfile.Sequence {
				for _, c := range par.Children {
					add(c)
				}
			}
		}
	}
	check := func(n *yamlfile.Node, whole bool, stepPos int) {
		s, ok := n.String()
		if !ok || !strings.Contains(s, "steps.") && !strings.Contains(s, "needs.") {
			return
		}
		for _, r := range expressionRefs(s, whole) {
			full := findInNode(p.File.Src, n, r.context+"."+r.name, r.k)
			rng := full
			if full.End-full.Start == len(r.context)+1+len(r.name) {
				rng = diag.Range{Start: full.Start + len(r.context) + 1, End: full.End}
			}
			switch r.context {
			case "needs":
				if needSet[strings.ToLower(r.name)] {
					continue
				}
				if jobIDs[strings.ToLower(r.name)] {
					p.Reportf(rng, "job %q is not in the needs of job %q, so needs.%s is not defined; add it to needs", r.name, job.Key, r.name)
					continue
				}
				reportUnknown(p, rng, "needs.%s names no job in the needs of this job", r.name, needs)
			case "steps":
				if stepPos < 0 {
					continue // job-level keys: the steps context is not available there at all
				}
				idx, ok := stepIndex[strings.ToLower(r.name)]
				if !ok {
					reportUnknown(p, rng, "steps.%s names no step id of this job", r.name, stepIDs)
					continue
				}
				if stepPos < len(steps) && idx >= stepPos {
					p.Reportf(rng, "step %q does not run before this step, so steps.%s is not defined here", r.name, r.name)
				}
			}
		}
	}
	var walk func(n *yamlfile.Node, stepPos int)
	walk = func(n *yamlfile.Node, stepPos int) {
		if n == nil {
			return
		}
		switch n.Kind {
		case yamlfile.Scalar:
			check(n, n.HasKey && n.Key == "if", stepPos)
		case yamlfile.Mapping, yamlfile.Sequence:
			for _, c := range n.Children {
				walk(c, stepPos)
			}
		}
	}
	for _, c := range mappingEntries(job) {
		switch c.Key {
		case "steps":
			for i, st := range steps {
				walk(st, i)
			}
		case "outputs":
			walk(c, len(steps)) // every step has run when outputs are read
		default:
			walk(c, -1)
		}
	}
}

// String form for debugging.
func (r exprRef) String() string { return fmt.Sprintf("%s.%s#%d", r.context, r.name, r.k) }
