// Package kube answers "which JSON schema validates this Kubernetes object"
// for yamlint.
//
// Built-in kinds come from the generated bundles in schemastore/kubernetes
// (one per bundled release, decompressed on first use, once per process).
// A Registry fixes a release and a strictness, adds CustomResourceDefinitions
// (AddCRD) and kubeconform-style schema locations, and returns per-kind
// JSON Schema 2020-12 documents, compiled once and cached. It also reports
// removed or deprecated apiVersions (Deprecation), derived from the bundled
// releases plus a small table of well-known older removals.
//
// The OpenAPI -> JSON Schema conversion is shared by built-ins and CRDs, so
// both follow the API server's semantics: strict mode rejects fields an
// object does not declare unless x-kubernetes-preserve-unknown-fields is
// set; int-or-string accepts both; quantities accept strings and numbers;
// null is accepted as "unset"; embedded resources allow apiVersion, kind
// and metadata; apiVersion and kind are pinned.
package kube

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// GVK names a kind by apiVersion ("apps/v1", "v1") and kind.
type GVK struct {
	APIVersion string
	Kind       string
}

func (g GVK) String() string { return g.APIVersion + "/" + g.Kind }

// Group is the API group ("" for the core group).
func (g GVK) Group() string {
	if i := strings.LastIndex(g.APIVersion, "/"); i >= 0 {
		return g.APIVersion[:i]
	}
	return ""
}

// Version is the version part of the apiVersion ("v1").
func (g GVK) Version() string {
	return g.APIVersion[strings.LastIndex(g.APIVersion, "/")+1:]
}

// Options configure a Registry.
type Options struct {
	// Version is a bundled release or its minor ("1.30"); "" means the
	// newest bundled release.
	Version string
	// Strict rejects undeclared fields (see the package doc).
	Strict bool
	// SchemaLocations are kubeconform-compatible --schema-location values:
	// local directories or path templates (see Location). "default" stands
	// for the bundled schemas; when SchemaLocations is empty only the
	// bundled schemas (and CRDs) are used.
	SchemaLocations []string
}

// Schema is a JSON Schema for one kind.
type Schema struct {
	GVK GVK
	// URL identifies the schema document, whose content (Document) is
	// self-contained (definitions under $defs) and can be added to any
	// jsonschema compiler with AddResource(URL, Document()).
	URL string
	// Source says where it came from: "kubernetes v1.36.3", "CRD
	// <name>", or a file path.
	Source string

	// draft applies to documents without $schema (default 2020-12).
	draft *jsonschema.Draft
	// doc is built on first use by build (CRDs are converted lazily: most
	// registered CRDs are never used by the files linted).
	docOnce  sync.Once
	doc      map[string]any
	build    func() map[string]any
	once     sync.Once
	compiled *jsonschema.Schema
	err      error
}

// Compiled returns the schema compiled with jsonschema/v6 (once).
func (s *Schema) Compiled() (*jsonschema.Schema, error) {
	s.once.Do(func() {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if s.draft != nil {
			c.DefaultDraft(s.draft)
		}
		if err := c.AddResource(s.URL, s.Document()); err != nil {
			s.err = err
			return
		}
		s.compiled, s.err = c.Compile(s.URL)
	})
	return s.compiled, s.err
}

// Document returns the JSON Schema document (built once).
func (s *Schema) Document() map[string]any {
	s.docOnce.Do(func() {
		if s.build != nil {
			s.doc = s.build()
			s.doc["$id"] = s.URL
		}
	})
	return s.doc
}

// Validate checks a decoded document (map[string]any etc.) against the
// schema. A *jsonschema.ValidationError describes failures.
func (s *Schema) Validate(v any) error {
	c, err := s.Compiled()
	if err != nil {
		return err
	}
	return c.Validate(v)
}

// Registry resolves kinds for one Kubernetes release and strictness.
// It is safe for concurrent use.
type Registry struct {
	version   string
	requested string // the user's version as kubeconform normalizes it, for locations
	strict    bool
	locations []*Location
	useBundle bool

	mu      sync.Mutex
	crds    map[GVK]*Schema
	crdFrom map[GVK]string
	// crdNotes: versions a CRD does not serve, or serves as deprecated.
	crdNotes map[GVK]*Deprecation
	located  map[GVK]*Schema
}

// New returns a registry for o.Version ("" = newest bundled release).
func New(o Options) (*Registry, error) {
	v, err := ResolveVersion(o.Version)
	if err != nil {
		return nil, err
	}
	req := "master"
	if o.Version != "" && o.Version != "latest" && o.Version != "master" {
		req = "v" + strings.TrimPrefix(o.Version, "v")
	}
	r := &Registry{version: v, requested: req, strict: o.Strict, useBundle: len(o.SchemaLocations) == 0,
		crds: map[GVK]*Schema{}, crdFrom: map[GVK]string{}, crdNotes: map[GVK]*Deprecation{}, located: map[GVK]*Schema{}}
	for _, l := range o.SchemaLocations {
		if l == "default" {
			r.useBundle = true
			r.locations = append(r.locations, nil)
			continue
		}
		loc, err := NewLocation(l)
		if err != nil {
			return nil, err
		}
		r.locations = append(r.locations, loc)
	}
	return r, nil
}

// Version is the bundled release in use, e.g. "v1.36.3".
func (r *Registry) Version() string { return r.version }

// Strict reports whether undeclared fields are rejected.
func (r *Registry) Strict() bool { return r.strict }

// ErrUnknownKind is returned (wrapped) by Lookup for kinds with no schema.
var ErrUnknownKind = errors.New("no schema for kind")

// Lookup returns the schema of a kind: registered CRDs first, then the
// schema locations in order (the bundled release where "default" is
// listed, or alone when no location is given). An unknown kind yields an
// error wrapping ErrUnknownKind.
func (r *Registry) Lookup(apiVersion, kind string) (*Schema, error) {
	g := GVK{apiVersion, kind}
	r.mu.Lock()
	s := r.crds[g]
	r.mu.Unlock()
	if s != nil {
		return s, nil
	}
	if len(r.locations) == 0 {
		return builtin(r.version, r.strict, g)
	}
	for _, loc := range r.locations {
		if loc == nil {
			s, err := builtin(r.version, r.strict, g)
			if err == nil || !errors.Is(err, ErrUnknownKind) {
				return s, err
			}
			continue
		}
		s, err := r.fromLocation(loc, g)
		if err != nil || s != nil {
			return s, err
		}
	}
	return nil, fmt.Errorf("%w %s %s", ErrUnknownKind, apiVersion, kind)
}

// Known reports whether Lookup would find a schema without building it.
func (r *Registry) Known(apiVersion, kind string) bool {
	s, err := r.Lookup(apiVersion, kind)
	return err == nil && s != nil
}

// builtinCache holds converted documents per release, strictness and kind,
// shared by all registries of the process.
var builtinCache sync.Map // builtinKey -> *Schema

type builtinKey struct {
	version string
	strict  bool
	gvk     GVK
}

const schemaBase = "https://yamlint.dev/kubernetes/"

func builtin(version string, strict bool, g GVK) (*Schema, error) {
	key := builtinKey{version, strict, g}
	if s, ok := builtinCache.Load(key); ok {
		return s.(*Schema), nil
	}
	b, err := loadBundle(version)
	if err != nil {
		return nil, err
	}
	var build func() map[string]any
	if g.APIVersion == "v1" && g.Kind == "List" {
		build = func() map[string]any { return listDoc(b, strict) }
	} else {
		name := b.Kinds[g.APIVersion][g.Kind]
		if name == "" {
			return nil, fmt.Errorf("%w %s %s in Kubernetes %s", ErrUnknownKind, g.APIVersion, g.Kind, version)
		}
		build = func() map[string]any { return rootDoc(b, strict, name, g) }
	}
	url := schemaBase + version + strictPath(strict) + "/" + g.APIVersion + "/" + g.Kind + ".json"
	s := &Schema{GVK: g, URL: url, build: build, Source: "kubernetes " + version}
	actual, _ := builtinCache.LoadOrStore(key, s)
	return actual.(*Schema), nil
}

func strictPath(strict bool) string {
	if strict {
		return "-strict"
	}
	return ""
}

// rootDoc builds a self-contained document for definition name: the
// converted definition and everything it references under $defs, and a
// root that pins apiVersion and kind.
func rootDoc(b *bundle, strict bool, name string, g GVK) map[string]any {
	defs := defsFor(b, strict, []string{name})
	return map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$ref":        "#/$defs/" + name,
		"description": descriptionOf(b, name),
		"properties":  pinProps(g),
		"$defs":       defs,
	}
}

// defsFor converts the named definitions and their references.
func defsFor(b *bundle, strict bool, names []string) map[string]any {
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
		collectRefs(b.Definitions[n], b.Definitions, seen)
	}
	defs := map[string]any{}
	for n := range seen {
		if d, ok := b.Definitions[n].(map[string]any); ok {
			defs[n] = convert(d, convertOptions{Strict: strict})
		}
	}
	return defs
}

func descriptionOf(b *bundle, name string) string {
	if d, ok := b.Definitions[name].(map[string]any); ok {
		s, _ := d["description"].(string)
		return s
	}
	return ""
}

func pinProps(g GVK) map[string]any {
	return map[string]any{
		"apiVersion": map[string]any{"const": g.APIVersion},
		"kind":       map[string]any{"const": g.Kind},
	}
}

// listDoc is the schema of kind: List (v1), which has no OpenAPI
// definition: each item must be an object with apiVersion and kind.
// Items are validated against their own kinds by the caller (see Items).
func listDoc(b *bundle, strict bool) map[string]any {
	const meta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"
	props := pinProps(GVK{"v1", "List"})
	props["metadata"] = map[string]any{"$ref": "#/$defs/" + meta}
	props["items"] = map[string]any{
		"type": "array",
		// Each item is checked as an object of its own kind (Checker).
		"items": map[string]any{"type": "object"},
	}
	doc := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"description": "List holds a list of objects of any kind.",
		"type":        "object",
		"properties":  props,
		"$defs":       defsFor(b, strict, []string{meta}),
	}
	if strict {
		doc["additionalProperties"] = false
	}
	return doc
}

// IsList reports whether a kind is a list whose items are objects of their
// own kinds: kind List in the core group.
func IsList(apiVersion, kind string) bool {
	return apiVersion == "v1" && kind == "List"
}

// Kinds lists the built-in kinds of the registry's release.
func (r *Registry) Kinds() ([]GVK, error) {
	b, err := loadBundle(r.version)
	if err != nil {
		return nil, err
	}
	var out []GVK
	for gv, kinds := range b.Kinds {
		for k := range kinds {
			out = append(out, GVK{gv, k})
		}
	}
	return out, nil
}
