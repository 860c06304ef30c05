package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Versions are the Kubernetes releases bundled: the newest patch of each
// minor, as served by the Go module proxy on the day the bundles were made.
// `go list -m -versions k8s.io/kubernetes` does not list any 1.27 tag on
// that proxy, but v1.27.16 (the last 1.27 patch) resolves when asked for
// by name, so it is bundled too.
var Versions = []string{"v1.27.16", "v1.30.14", "v1.34.4", "v1.35.4", "v1.36.3", "v1.37.2"}

// module is what `go mod download -json` reports for one module version.
type module struct {
	Path    string
	Version string
	Dir     string
	Sum     string
	Error   string
}

// download fetches (or finds in the module cache) k8s.io/kubernetes at
// version. The go command verifies the module against the checksum
// database, so the spec read afterwards is the one the tag published.
// offline restricts the go command to the module cache.
func download(version string, offline bool) (*module, error) {
	return downloadModule("k8s.io/kubernetes", version, offline)
}

func downloadModule(path, version string, offline bool) (*module, error) {
	cmd := exec.Command("go", "mod", "download", "-json", path+"@"+version)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if offline {
		cmd.Env = append(cmd.Env, "GOPROXY=off")
	}
	// Run outside any module so the project's go.mod is never touched.
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var m module
	if jerr := json.Unmarshal(out, &m); jerr == nil && m.Error != "" {
		return nil, fmt.Errorf("go mod download %s@%s: %s", path, version, m.Error)
	}
	if err != nil {
		return nil, fmt.Errorf("go mod download %s@%s: %v: %s", path, version, err, stderr.String())
	}
	if m.Dir == "" {
		return nil, fmt.Errorf("go mod download %s@%s: no directory reported", path, version)
	}
	return &m, nil
}

// Bundle is the content of one kubernetes/vX.Y.json.gz file.
type Bundle struct {
	// Version is the full release, e.g. v1.36.3.
	Version string `json:"version"`
	// Source names the module and its go.sum hash.
	Source string `json:"source"`
	// Kinds maps apiVersion -> kind -> definition name.
	Kinds map[string]map[string]string `json:"kinds"`
	// Definitions holds the normalized OpenAPI schemas reachable from Kinds.
	// References are "#/$defs/NAME".
	Definitions map[string]any `json:"definitions"`
}

// noiseKinds are listed under every group by the spec but are not objects
// anyone writes in a manifest.
var noiseKinds = map[string]bool{"DeleteOptions": true, "WatchEvent": true}

// generate builds the bundle for one module directory.
func generate(m *module) (*Bundle, error) {
	specDir := filepath.Join(m.Dir, "api", "openapi-spec", "v3")
	files, err := filepath.Glob(filepath.Join(specDir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("%s: no OpenAPI v3 documents (%v)", specDir, err)
	}
	sort.Strings(files)
	raw := map[string]map[string]any{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Components struct {
				Schemas map[string]map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for name, s := range doc.Components.Schemas {
			raw[name] = s
		}
	}
	enums, err := parseEnums(filepath.Join(m.Dir, "pkg", "generated", "openapi", "zz_generated.openapi.go"))
	if err != nil {
		return nil, err
	}
	b := &Bundle{
		Version:     m.Version,
		Source:      m.Path + "@" + m.Version + " " + m.Sum,
		Kinds:       map[string]map[string]string{},
		Definitions: map[string]any{},
	}
	var roots []string
	for name, s := range raw {
		gvks, _ := s["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			gm, _ := g.(map[string]any)
			group, _ := gm["group"].(string)
			version, _ := gm["version"].(string)
			kind, _ := gm["kind"].(string)
			if kind == "" || version == "" || noiseKinds[kind] {
				continue
			}
			apiVersion := version
			if group != "" {
				apiVersion = group + "/" + version
			}
			if b.Kinds[apiVersion] == nil {
				b.Kinds[apiVersion] = map[string]string{}
			}
			b.Kinds[apiVersion][kind] = name
			roots = append(roots, name)
		}
	}
	sort.Strings(roots)
	// Copy every definition reachable from a kind, normalizing as we go.
	queue := roots
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, done := b.Definitions[name]; done {
			continue
		}
		s, ok := raw[name]
		if !ok {
			return nil, fmt.Errorf("%s: reference to missing definition %q", m.Version, name)
		}
		var refs []string
		clean := normalize(s, enums[name], &refs)
		b.Definitions[name] = clean
		queue = append(queue, refs...)
	}
	return b, nil
}

const refPrefix = "#/components/schemas/"

// normalize keeps the parts of an OpenAPI schema that validation and hover
// use, in the form internal/kube converts to JSON Schema:
//   - allOf:[{$ref}] wrappers become a plain $ref (siblings are legal in
//     2020-12, so the field's own description stays next to it);
//   - int-or-string (format, or the IntOrString oneOf) becomes
//     x-kubernetes-int-or-string, which also fixes the <=1.28 specs that
//     declare such fields as plain strings with format int-or-string;
//   - a oneOf of bare types (Quantity: string|number) becomes a type list;
//   - enums from the Go openapi definitions are added (the JSON spec has none);
//   - defaults, list/patch/map hints, unions and formats are dropped.
func normalize(s map[string]any, enums map[string][]any, refs *[]string) map[string]any {
	return normalizeAt(s, "", enums, refs)
}

func normalizeAt(s map[string]any, path string, enums map[string][]any, refs *[]string) map[string]any {
	out := map[string]any{}
	if f, _ := s["format"].(string); f == "int-or-string" {
		out["x-kubernetes-int-or-string"] = true
	}
	for k, v := range s {
		switch k {
		case "description", "required", "nullable", "x-kubernetes-preserve-unknown-fields",
			"x-kubernetes-embedded-resource", "x-kubernetes-int-or-string", "enum",
			"minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems":
			out[k] = v
		case "type":
			if out["x-kubernetes-int-or-string"] == nil {
				out[k] = v
			}
		case "$ref":
			out["$ref"] = rewriteRef(v.(string), refs)
		case "allOf":
			list, _ := v.([]any)
			if len(list) == 1 {
				if m, ok := list[0].(map[string]any); ok && len(m) == 1 && m["$ref"] != nil {
					out["$ref"] = rewriteRef(m["$ref"].(string), refs)
					continue
				}
			}
			var conv []any
			for _, e := range list {
				conv = append(conv, normalizeAt(e.(map[string]any), path, nil, refs))
			}
			out[k] = conv
		case "oneOf", "anyOf":
			list, _ := v.([]any)
			var types []any
			bare := true
			for _, e := range list {
				m, _ := e.(map[string]any)
				t, ok := m["type"].(string)
				if !ok || len(m) != 1 {
					bare = false
					break
				}
				types = append(types, t)
			}
			if bare {
				if out["x-kubernetes-int-or-string"] == nil && !isIntOrString(types) {
					out["type"] = types
				} else {
					out["x-kubernetes-int-or-string"] = true
					delete(out, "type")
				}
				continue
			}
			var conv []any
			for _, e := range list {
				conv = append(conv, normalizeAt(e.(map[string]any), path, nil, refs))
			}
			out[k] = conv
		case "properties":
			props := map[string]any{}
			for name, p := range v.(map[string]any) {
				props[name] = normalizeAt(p.(map[string]any), path+"/properties/"+name, enums, refs)
			}
			out[k] = props
		case "items":
			if m, ok := v.(map[string]any); ok {
				out[k] = normalizeAt(m, path+"/items", enums, refs)
			}
		case "additionalProperties":
			if m, ok := v.(map[string]any); ok {
				out[k] = normalizeAt(m, path+"/additionalProperties", enums, refs)
			} else {
				out[k] = v
			}
		}
	}
	if e, ok := enums[path]; ok && out["enum"] == nil {
		out["enum"] = e
	}
	return out
}

func isIntOrString(types []any) bool {
	return len(types) == 2 && ((types[0] == "integer" && types[1] == "string") || (types[0] == "string" && types[1] == "integer"))
}

func rewriteRef(ref string, refs *[]string) string {
	name := strings.TrimPrefix(ref, refPrefix)
	*refs = append(*refs, name)
	return "#/$defs/" + name
}

// encode renders a bundle deterministically (encoding/json sorts map keys).
func encode(b *Bundle) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// bundleFile names the bundle of a release: one per minor.
func bundleFile(version string) string {
	parts := strings.SplitN(version, ".", 3)
	return parts[0] + "." + parts[1] + ".json.gz"
}
