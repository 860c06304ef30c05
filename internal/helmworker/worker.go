// Package helmworker is the program yamlint-helm (cmd/yamlint-helm): it
// loads a Helm chart with Helm's own loader and renders it with Helm's
// engine, as `helm template` would, once per values set, and answers
// internal/helmrender's request. Only that program links Helm.
//
// It reads nothing but the chart directory (and the request on stdin); no
// cluster is contacted (lookup returns nothing). A render that outlives the
// request's timeout is abandoned and reported; the client kills the whole
// process when the request outlives its budget.
package helmworker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yamlint/yamlint/internal/helmrender"
	"github.com/yamlint/yamlint/internal/safefs"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// Main serves one request: it reads it from stdin and writes the response
// to stdout. It returns the process's exit code; a request it cannot read
// is an error on stderr (code 2).
func Main(stdin io.Reader, stdout, stderr io.Writer) int {
	in, err := io.ReadAll(io.LimitReader(stdin, helmrender.MaxRequest+1))
	if err != nil {
		fmt.Fprintln(stderr, "yamlint-helm: reading the request:", err)
		return 2
	}
	if len(in) > helmrender.MaxRequest {
		fmt.Fprintf(stderr, "yamlint-helm: request larger than %d bytes\n", helmrender.MaxRequest)
		return 2
	}
	var req helmrender.Request
	if err := json.Unmarshal(in, &req); err != nil {
		fmt.Fprintln(stderr, "yamlint-helm: reading the request:", err)
		return 2
	}
	if !filepath.IsAbs(req.Dir) {
		fmt.Fprintf(stderr, "yamlint-helm: chart directory %q is not an absolute path\n", req.Dir)
		return 2
	}
	resp := Serve(req)
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		fmt.Fprintln(stderr, "yamlint-helm: writing the response:", err)
		return 2
	}
	return 0
}

// Serve loads the request's chart and renders it with each values set.
func Serve(req helmrender.Request) *helmrender.Response {
	timeout := time.Duration(req.TimeoutMillis) * time.Millisecond
	if timeout <= 0 {
		timeout = helmrender.Timeout
	}
	c, err := load(req.Dir)
	if err != nil {
		return &helmrender.Response{LoadError: err.Error()}
	}
	resp := &helmrender.Response{Name: c.Name(), Templates: map[string][]byte{}}
	var walk func(c *chart.Chart, prefix string)
	walk = func(c *chart.Chart, prefix string) {
		for _, t := range c.Templates {
			resp.Templates[prefix+t.Name] = t.Data
		}
		for _, d := range c.Dependencies() {
			walk(d, prefix+"charts/"+d.Name()+"/")
		}
	}
	walk(c, "")
	for _, raw := range req.ValueSets {
		var w helmrender.WireRender
		overrides, err := values(raw)
		if err != nil {
			w.Message, w.ValuesError = err.Error(), true
		} else if files, err := renderWithin(c, overrides, req.KubeVersion, timeout); err != nil {
			if e, ok := helmrender.AsError(err); ok {
				w.Error = e
			} else {
				w.Message = err.Error()
			}
		} else {
			w.Files = files
		}
		resp.Renders = append(resp.Renders, w)
	}
	return resp
}

// values decodes one values set: a JSON object, or a JSON string holding a
// values file's YAML, read as `helm template -f` reads it.
func values(raw json.RawMessage) (map[string]any, error) {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '"' {
		var text string
		if err := json.Unmarshal(t, &text); err != nil {
			return nil, err
		}
		return chartutil.ReadValues([]byte(text))
	}
	var m map[string]any
	err := json.Unmarshal(raw, &m)
	return m, err
}

// load reads a chart directory (honouring .helmignore). The directory is
// checked first: only regular files (a FIFO or device would block or never
// end), each and all of them within helmrender's size limits, and no
// symbolic link Helm's loader would follow out of the chart or into a
// directory.
func load(dir string) (*chart.Chart, error) {
	if err := checkChartDir(dir); err != nil {
		return nil, err
	}
	return loader.LoadDir(dir)
}

// checkChartDir refuses a chart directory Helm's loader could hang on,
// read without bound, or leave through a symbolic link (the loader follows
// them; WalkDir does not, so a linked directory would go unchecked).
func checkChartDir(dir string) error {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	files := 0
	var total int64
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				return err
			}
			if !safefs.Within(target, root) {
				return fmt.Errorf("%s: a symbolic link out of the chart", p)
			}
			if st, err := os.Stat(target); err == nil && st.IsDir() {
				return fmt.Errorf("%s: a symbolic link to a directory", p)
			}
		}
		if files++; files > helmrender.MaxChartFiles {
			return fmt.Errorf("more than %d files in the chart", helmrender.MaxChartFiles)
		}
		if err := safefs.CheckRegular(p, helmrender.MaxChartFileSize); err != nil {
			return err
		}
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if total += st.Size(); total > helmrender.MaxChartTotalSize {
			return fmt.Errorf("chart files larger than %d bytes in all", helmrender.MaxChartTotalSize)
		}
		return nil
	})
}

// renderWithin renders c, abandoning a render that outlives timeout (its
// goroutine runs on until the process exits or is killed).
func renderWithin(c *chart.Chart, overrides map[string]any, kubeVersion string, timeout time.Duration) ([]helmrender.WireFile, error) {
	type result struct {
		files []helmrender.WireFile
		err   error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("helm panicked rendering the chart: %v", r)}
			}
		}()
		files, err := render(c, overrides, kubeVersion)
		done <- result{files, err}
	}()
	select {
	case r := <-done:
		return r.files, r.err
	case <-time.After(timeout):
		return nil, fmt.Errorf("rendering took longer than %s; abandoned", timeout)
	}
}

// render renders c with its default values and overrides (a values file's
// content, as `helm template -f`), for Kubernetes version kubeVersion
// ("v1.36.3"). Only files that are manifests (.yaml, .yml, .json; not
// partials) are returned, sorted by template path.
func render(c *chart.Chart, overrides map[string]any, kubeVersion string) ([]helmrender.WireFile, error) {
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
	if err := chartutil.ProcessDependenciesWithMerge(c, overrides); err != nil {
		return nil, err
	}
	opts := chartutil.ReleaseOptions{Name: "release-name", Namespace: "default", Revision: 1, IsInstall: true}
	// values.schema.json is checked on the values files themselves.
	vals, err := chartutil.ToRenderValuesWithSchemaValidation(c, overrides, opts, caps, true)
	if err != nil {
		return nil, err
	}
	out, err := engine.Render(c, vals)
	if err != nil {
		return nil, locate(c.Name(), err)
	}
	prefix := c.Name() + "/"
	var files []helmrender.WireFile
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
		if total > helmrender.MaxOutput {
			return nil, fmt.Errorf("rendered output is larger than %d bytes", helmrender.MaxOutput)
		}
		files = append(files, helmrender.WireFile{Template: strings.TrimPrefix(name, prefix), Rendered: name, Text: []byte(text)})
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
	e := &helmrender.Error{Message: msg}
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
