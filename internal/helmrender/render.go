// Package helmrender renders a Helm chart's templates offline with Helm's
// own engine (helm.sh/helm/v3), as `helm template` would for a values set,
// and maps lines of the rendered manifests back to the template lines that
// produced them.
//
// Rendering runs the chart's Go templates: it is the user's choice
// (--helm-render). No cluster is contacted (lookup returns nothing), and a
// render that outlives Timeout is abandoned and reported.
package helmrender

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yamlint/yamlint/internal/safefs"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// Timeout bounds one render of one chart with one values set.
var Timeout = 10 * time.Second

// MaxOutput bounds the rendered text of one chart and values set.
const MaxOutput = 16 << 20

// Chart is a loaded chart.
type Chart struct {
	c *chart.Chart
	// Templates are the template sources by chart-relative path
	// ("templates/deployment.yaml", "charts/sub/templates/x.yaml").
	Templates map[string][]byte
}

// Limits on what Load lets Helm's loader read: it reads every file of the
// chart directory whole, and the directory comes from the repository.
const (
	maxChartFiles     = 10_000
	maxChartFileSize  = 10 << 20
	maxChartTotalSize = 64 << 20
)

// Load reads a chart directory (honouring .helmignore). The directory is
// checked first: only regular files (a FIFO or device would block or never
// end), each and all of them within the size limits above.
func Load(dir string) (*Chart, error) {
	if err := checkChartDir(dir); err != nil {
		return nil, err
	}
	c, err := loader.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	out := &Chart{c: c, Templates: map[string][]byte{}}
	var walk func(c *chart.Chart, prefix string)
	walk = func(c *chart.Chart, prefix string) {
		for _, t := range c.Templates {
			out.Templates[prefix+t.Name] = t.Data
		}
		for _, d := range c.Dependencies() {
			walk(d, prefix+"charts/"+d.Name()+"/")
		}
	}
	walk(c, "")
	return out, nil
}

// checkChartDir refuses a chart directory Helm's loader could hang on or
// read without bound.
func checkChartDir(dir string) error {
	files := 0
	var total int64
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if files++; files > maxChartFiles {
			return fmt.Errorf("more than %d files in the chart", maxChartFiles)
		}
		if err := safefs.CheckRegular(p, maxChartFileSize); err != nil {
			return err
		}
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if total += st.Size(); total > maxChartTotalSize {
			return fmt.Errorf("chart files larger than %d bytes in all", maxChartTotalSize)
		}
		return nil
	})
}

// Name is the chart's name.
func (c *Chart) Name() string { return c.c.Name() }

// File is one rendered template.
type File struct {
	// Template is the chart-relative path of the template
	// ("templates/deployment.yaml").
	Template string
	// Rendered is Helm's name for it ("mychart/templates/deployment.yaml").
	Rendered string
	Text     string
}

// Error is a render failure located in a template.
type Error struct {
	Template     string // chart-relative path; "" when Helm names none
	Line, Column int
	Message      string
}

func (e *Error) Error() string { return e.Message }

// Render renders the chart with its default values and overrides (a
// values file's content, as `helm template -f`), for Kubernetes version
// kubeVersion ("v1.36.3"). Only files that are manifests (.yaml, .yml,
// .json; not partials) are returned, sorted by template path.
func (c *Chart) Render(overrides map[string]any, kubeVersion string) ([]File, error) {
	type result struct {
		files []File
		err   error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("helm panicked rendering the chart: %v", r)}
			}
		}()
		files, err := c.render(overrides, kubeVersion)
		done <- result{files, err}
	}()
	select {
	case r := <-done:
		return r.files, r.err
	case <-time.After(Timeout):
		return nil, fmt.Errorf("rendering took longer than %s; abandoned", Timeout)
	}
}

func (c *Chart) render(overrides map[string]any, kubeVersion string) ([]File, error) {
	if overrides == nil {
		overrides = map[string]any{}
	}
	caps := chartutil.DefaultCapabilities.Copy()
	if v := strings.TrimPrefix(kubeVersion, "v"); v != "" {
		parts := strings.SplitN(v, ".", 3)
		if len(parts) >= 2 {
			caps.KubeVersion = chartutil.KubeVersion{Version: "v" + v, Major: parts[0], Minor: parts[1]}
		}
	}
	if err := chartutil.ProcessDependenciesWithMerge(c.c, overrides); err != nil {
		return nil, err
	}
	opts := chartutil.ReleaseOptions{Name: "release-name", Namespace: "default", Revision: 1, IsInstall: true}
	// values.schema.json is checked on the values files themselves.
	vals, err := chartutil.ToRenderValuesWithSchemaValidation(c.c, overrides, opts, caps, true)
	if err != nil {
		return nil, err
	}
	out, err := engine.Render(c.c, vals)
	if err != nil {
		return nil, locate(c.c.Name(), err)
	}
	prefix := c.c.Name() + "/"
	var files []File
	total := 0
	for name, text := range out {
		base := path.Base(name)
		ext := strings.ToLower(path.Ext(name))
		if strings.HasPrefix(base, "_") || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		total += len(text)
		if total > MaxOutput {
			return nil, fmt.Errorf("rendered output is larger than %d bytes", MaxOutput)
		}
		files = append(files, File{Template: strings.TrimPrefix(name, prefix), Rendered: name, Text: text})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Template < files[j].Template })
	return files, nil
}

// helmErrorAt finds the template position in a Go template error:
// "template: mychart/templates/x.yaml:12:3: executing ..." or
// "execution error at (mychart/templates/x.yaml:12:3): ...".
var helmErrorAt = regexp.MustCompile(`([^\s():]+):(\d+)(?::(\d+))?`)

func locate(chartName string, err error) error {
	msg := err.Error()
	e := &Error{Message: msg}
	for _, m := range helmErrorAt.FindAllStringSubmatch(msg, -1) {
		name := m[1]
		if !strings.HasPrefix(name, chartName+"/") {
			continue
		}
		e.Template = strings.TrimPrefix(name, chartName+"/")
		e.Line, _ = strconv.Atoi(m[2])
		e.Column, _ = strconv.Atoi(m[3])
		break
	}
	// Helm repeats the location; the message after it says what failed.
	if i := strings.LastIndex(msg, "): "); i >= 0 && e.Template != "" {
		e.Message = msg[i+3:]
	} else if e.Template != "" {
		parts := strings.SplitN(msg, ": ", 3)
		if len(parts) == 3 {
			e.Message = parts[2]
		}
	}
	return e
}

// AsError returns the located render error in err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
