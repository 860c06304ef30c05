package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/helmlines"
	"github.com/yamlint/yamlint/internal/helmrender"
	"github.com/yamlint/yamlint/internal/kube"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// CodeHelmRender reports a chart template that fails to render.
const CodeHelmRender = "k8s-helm-render"

// helmCharts holds, per chart directory, the findings of rendering it
// (computed once per linter, whichever template is linted first).
type helmCharts struct {
	mu     sync.Mutex
	charts map[string]*helmChart
}

type helmChart struct {
	once sync.Once
	// diags are the findings per template file (absolute path), with
	// ranges in the template's source.
	diags map[string][]diag.Diagnostic
}

// chartOfTemplate returns the chart directory whose templates/ holds path.
func (lo *layout) chartOfTemplate(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "templates" && lo.isChartDir(filepath.Dir(dir)) {
			return filepath.Dir(dir), true
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}

// helmTemplateDiagnostics returns the findings of the rendered chart that
// belong to one template file.
func (l *Linter) helmTemplateDiagnostics(path string) []diag.Diagnostic {
	dir, ok := l.layout.chartOfTemplate(path)
	if !ok {
		return nil
	}
	l.helm.mu.Lock()
	if l.helm.charts == nil {
		l.helm.charts = map[string]*helmChart{}
	}
	hc := l.helm.charts[dir]
	if hc == nil {
		hc = &helmChart{}
		l.helm.charts[dir] = hc
	}
	l.helm.mu.Unlock()
	hc.once.Do(func() { hc.diags = l.renderChart(dir) })
	abs, _ := filepath.Abs(path)
	return append([]diag.Diagnostic(nil), hc.diags[abs]...)
}

// renderChart renders a chart with its default values and with each
// ci/*.yaml, checks the rendered manifests as Kubernetes objects and maps
// each finding to the template line it came from.
func (l *Linter) renderChart(dir string) map[string][]diag.Diagnostic {
	out := map[string][]diag.Diagnostic{}
	type valueSet struct {
		name string // "" = the chart's defaults
		vals helmrender.Values
	}
	sets := []valueSet{{}}
	ci, _ := filepath.Glob(filepath.Join(dir, "ci", "*.yaml"))
	sort.Strings(ci)
	for _, p := range ci {
		// yamlint-helm reads the file as Helm does (YAML 1.1).
		src, err := safefs.ReadFile(p, safefs.DefaultMaxSize)
		if err != nil {
			continue // the values file itself is linted and reported
		}
		if src == nil {
			src = []byte{}
		}
		sets = append(sets, valueSet{"ci/" + filepath.Base(p), helmrender.Values{File: src}})
	}
	vals := make([]helmrender.Values, len(sets))
	for i, set := range sets {
		vals[i] = set.vals
	}
	// One run of yamlint-helm loads the chart and renders every set.
	ch, err := helmrender.LoadAndRender(dir, vals, l.kube.Registry.Version())
	if err != nil {
		for _, t := range templateFiles(dir) {
			out[t] = append(out[t], diag.Diagnostic{Range: firstLine(readOr(t)), Severity: diag.SeverityError, Code: CodeHelmRender,
				Message: "chart not rendered: " + err.Error()})
		}
		return out
	}
	// Helm installs crds/ before the templates.
	if crdFiles, _ := filepath.Glob(filepath.Join(dir, "crds", "*.y*ml")); len(crdFiles) > 0 {
		for _, p := range crdFiles {
			if src, err := l.workspace.ReadFile(p); err == nil {
				_, _ = l.kube.AddCRDsFromFile(p, src)
			}
		}
	}
	seen := map[string]bool{}
	add := func(tmpl string, d diag.Diagnostic, set string) {
		key := fmt.Sprintf("%s\x00%d\x00%s\x00%s", tmpl, d.Range.Start, d.Code, d.Message)
		if seen[key] {
			return
		}
		seen[key] = true
		if set != "" {
			d.Message += " (values: " + set + ")"
		}
		out[tmpl] = append(out[tmpl], d)
	}
	for i, set := range sets {
		files, err := ch.Renders[i].Files, ch.Renders[i].Err
		if helmrender.IsValuesError(err) {
			continue // the values file itself is linted and reported
		}
		if err != nil {
			e, located := helmrender.AsError(err)
			tmpl := ""
			if located && e.Template != "" {
				tmpl = filepath.Join(dir, filepath.FromSlash(e.Template))
			} else if ts := templateFiles(dir); len(ts) > 0 {
				tmpl = ts[0]
			}
			if tmpl == "" {
				continue
			}
			src := ch.Templates[strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(tmpl, dir)), "/")]
			rng := firstLine(src)
			if located && e.Line > 0 {
				rng = lineRange(src, e.Line, e.Column)
			}
			msg := err.Error()
			if located {
				msg = e.Message
			}
			add(tmpl, diag.Diagnostic{Range: rng, Severity: diag.SeverityError, Code: CodeHelmRender,
				Message: "template does not render: " + msg}, set.name)
			continue
		}
		for _, rf := range files {
			tmpl := filepath.Join(dir, filepath.FromSlash(rf.Template))
			for _, d := range l.checkRendered(ch, rf) {
				add(tmpl, d, set.name)
			}
		}
	}
	return out
}

// checkRendered checks one rendered template and maps the findings into
// the template's source.
func (l *Linter) checkRendered(ch *helmrender.Chart, rf helmrender.File) []diag.Diagnostic {
	tsrc := ch.Templates[rf.Template]
	lm := helmlines.NewLineMap(string(tsrc), rf.Text)
	f := yamlfile.Parse(rf.Rendered, []byte(rf.Text), yamlfile.Options{CustomTags: l.Config.CustomTags})
	var found []diag.Diagnostic
	for _, d := range f.Syntax {
		d.Code = CodeHelmRender
		d.Message = "rendered output is not valid YAML: " + d.Message
		found = append(found, d)
	}
	if len(f.Syntax) == 0 && kube.HasObjects(f) {
		_, _ = l.kube.AddCRDsFromParsed(f)
		kd, _ := l.kube.Check(l.Store, f, false)
		found = append(found, kd...)
	}
	rendered := []byte(rf.Text)
	var out []diag.Diagnostic
	for _, d := range found {
		rline, rcol := lineCol(rendered, d.Range.Start)
		tl := lm.Line(rline)
		if tl == 0 {
			d.Range = firstLine(tsrc)
			d.Message += fmt.Sprintf(" (rendered %s, line %d)", rf.Rendered, rline)
		} else {
			text := lineText(rendered, rline)
			tcol, exact := lm.Column(rline, text, rcol)
			start := lineStart(tsrc, tl) + tcol
			end := lineEnd(tsrc, start)
			if exact {
				if rest := string(tsrc[start:end]); strings.HasPrefix(rest, "{{") {
					// The value came from this action: mark all of it.
					if i := strings.Index(rest, "}}"); i >= 0 {
						end = start + i + 2
					}
				} else if n := d.Range.End - d.Range.Start; start+n < end {
					end = start + n
				}
			}
			d.Range = diag.Range{Start: start, End: end}
		}
		d.Fixes = nil // edits of the rendered text do not apply to the template
		out = append(out, d)
	}
	return out
}

func templateFiles(dir string) []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(dir, "templates"), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			ext := strings.ToLower(filepath.Ext(p))
			if ext == ".yaml" || ext == ".yml" {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func readOr(p string) []byte {
	b, _ := safefs.ReadFile(p, safefs.DefaultMaxSize)
	return b
}

// lineCol returns the 1-based line and 0-based byte column of an offset.
func lineCol(src []byte, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, off - start
}

func lineStart(src []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := indexByteFrom(src, '\n', off)
		if i < 0 {
			return len(src)
		}
		off = i + 1
	}
	return off
}

func lineEnd(src []byte, off int) int {
	if off > len(src) {
		return len(src)
	}
	if i := indexByteFrom(src, '\n', off); i >= 0 {
		return i
	}
	return len(src)
}

func indexByteFrom(src []byte, b byte, from int) int {
	for i := from; i < len(src); i++ {
		if src[i] == b {
			return i
		}
	}
	return -1
}

func lineText(src []byte, line int) string {
	s := lineStart(src, line)
	return string(src[s:lineEnd(src, s)])
}

func firstLine(src []byte) diag.Range {
	return diag.Range{Start: 0, End: lineEnd(src, 0)}
}

// lineRange is a 1-based line and column (0 = whole line) in src.
func lineRange(src []byte, line, col int) diag.Range {
	s := lineStart(src, line)
	e := lineEnd(src, s)
	if col > 0 && s+col-1 < e {
		return diag.Range{Start: s + col - 1, End: e}
	}
	return diag.Range{Start: s, End: e}
}
