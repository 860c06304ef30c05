package kube

import (
	"github.com/yamlint/yamlint/internal/schemas"

	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/safefs"
)

// Location is a kubeconform-compatible schema location: a local directory
// laid out like kubernetes-json-schema (<dir>/vX.Y.Z-standalone-strict/
// deployment-apps-v1.json) or a path template using
// {{.NormalizedKubernetesVersion}} ("v1.30.0", or "master"),
// {{.StrictSuffix}} ("-strict" or ""), {{.ResourceKind}} (lower-case kind),
// {{.ResourceAPIVersion}} (version without group), {{.Group}} (API group,
// "" for core) and {{.KindSuffix}} ("-apps-v1", "-v1"). As in kubeconform,
// a location not ending in "json" is a directory and gets
// /{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json.
// Remote (http) locations are refused: yamlint does not fetch at run time.
type Location struct {
	Raw string
	tpl *template.Template
}

// NewLocation parses a --schema-location value.
func NewLocation(l string) (*Location, error) {
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return nil, fmt.Errorf("schema location %q: remote locations are not supported (yamlint works offline); download the schemas and pass a directory", l)
	}
	tplText := l
	if !strings.HasSuffix(l, "json") {
		tplText = strings.TrimRight(l, "/") + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
	}
	tpl, err := template.New("schema-location").Option("missingkey=error").Parse(tplText)
	if err != nil {
		return nil, fmt.Errorf("schema location %q: %w", l, err)
	}
	return &Location{Raw: l, tpl: tpl}, nil
}

// Path renders the location for a kind, a full Kubernetes version
// ("v1.30.14" or "master") and strictness.
func (l *Location) Path(g GVK, version string, strict bool) (string, error) {
	data := struct {
		NormalizedKubernetesVersion string
		StrictSuffix                string
		ResourceKind                string
		ResourceAPIVersion          string
		Group                       string
		KindSuffix                  string
	}{
		NormalizedKubernetesVersion: version,
		ResourceKind:                strings.ToLower(g.Kind),
		ResourceAPIVersion:          g.Version(),
		Group:                       g.Group(),
	}
	if strict {
		data.StrictSuffix = "-strict"
	}
	// kubeconform: "-" + first label of the group (or the version for the
	// core group) + "-" + version.
	groupParts := strings.Split(g.APIVersion, "/")
	data.KindSuffix = "-" + strings.ToLower(strings.Split(groupParts[0], ".")[0])
	if len(groupParts) > 1 {
		data.KindSuffix += "-" + strings.ToLower(groupParts[1])
	}
	var buf bytes.Buffer
	if err := l.tpl.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// fromLocation loads a kind's schema file from a location; a missing file
// is not an error (nil, nil), the next location is tried.
func (r *Registry) fromLocation(loc *Location, g GVK) (*Schema, error) {
	r.mu.Lock()
	s, ok := r.located[g]
	r.mu.Unlock()
	if ok {
		return s, nil
	}
	// kubeconform's directories are named after the version the user asked
	// for ("v1.30.0", or "master" when none was given).
	path, err := loc.Path(g, r.requested, r.strict)
	if err != nil {
		return nil, err
	}
	if r.checkPath != nil && r.checkPath(path) != nil {
		// Missing, or refused (outside the repository): try the next
		// location. The engine warns about a refused location up front.
		return nil, nil
	}
	max := r.maxSize
	if max == 0 {
		max = safefs.DefaultMaxSize
	}
	data, err := safefs.ReadFile(path, max)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		// Never quote the file's content (it may be any file a template
		// leads to): say where it breaks.
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s: not valid JSON (at byte %d)", path, se.Offset)
		}
		return nil, fmt.Errorf("%s: not a JSON object", path)
	}
	dropFormats(doc)
	abs, _ := filepath.Abs(path)
	s = &Schema{GVK: g, URL: "file://" + filepath.ToSlash(abs), doc: doc, Source: path, draft: jsonschema.Draft7}
	s.docOnce.Do(func() {})
	r.mu.Lock()
	r.located[g] = s
	r.mu.Unlock()
	return s, nil
}

// dropFormats removes "format" keywords: kubeconform never asserts them,
// and schemas generated from CRDs use formats (int32, byte, ...) whose
// Kubernetes meaning differs from JSON Schema's. Duration stays, as the
// Go duration the API server checks ("5m0s"; not ISO 8601).
func dropFormats(v any) {
	switch x := v.(type) {
	case map[string]any:
		if f, ok := x["format"].(string); ok && f != "" {
			if f == "duration" {
				x["format"] = schemas.KubeDurationFormat
			} else {
				delete(x, "format")
			}
		}
		for k, e := range x {
			if k == "properties" || k == "definitions" || k == "$defs" || k == "patternProperties" {
				if m, ok := e.(map[string]any); ok {
					for _, sub := range m {
						dropFormats(sub)
					}
				}
				continue
			}
			dropFormats(e)
		}
	case []any:
		for _, e := range x {
			dropFormats(e)
		}
	}
}
