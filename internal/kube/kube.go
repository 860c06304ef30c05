// Package kube answers "which JSON schema validates this Kubernetes object"
// for yamlint.
//
// Built-in kinds come from the generated bundles in schemastore/kubernetes
// (one per bundled release, decompressed on first use, once per process).
// A Registry fixes a release and a strictness, adds CustomResourceDefinitions
// (AddCRD) and kubeconform-style schema locations, and returns per-kind
// JSON Schema documents (draft-07 for built-ins, 2020-12 for CRDs),
// compiled once and cached. It also reports removed or deprecated
// apiVersions (Deprecation), derived from the bundled releases plus a
// small table of well-known older removals.
//
// The OpenAPI -> JSON Schema conversion is shared by built-ins and CRDs, so
// both follow the API server's semantics: strict mode rejects fields an
// object does not declare unless x-kubernetes-preserve-unknown-fields is
// set; int-or-string accepts both; quantities accept strings and numbers;
// null is accepted as "unset"; embedded resources allow apiVersion, kind
// and metadata; apiVersion and kind are pinned.
package kube

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"k8s.io/apimachinery/pkg/util/validation"
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
	// CheckPath, when set, vets every location file before it is read
	// (locations from a repository's config may only name files inside
	// it); os.ErrNotExist means "try the next location".
	CheckPath func(path string) error
	// MaxSize bounds a location file (0: safefs.DefaultMaxSize).
	MaxSize int64
}

// Schema is a JSON Schema for one kind.
type Schema struct {
	GVK GVK
	// URL identifies the schema document (Document). It refers to the
	// release's shared definitions document: add every entry of
	// Resources() to a jsonschema compiler, then compile URL. Kinds of one
	// release share the definitions, so PodSpec is compiled once for
	// Deployment, StatefulSet, Job...
	URL string
	// Source says where it came from: "kubernetes v1.36.3", "CRD
	// <name>", or a file path.
	Source string

	// draft applies to documents without $schema (default 2020-12).
	draft *jsonschema.Draft
	// doc is built on first use by build (CRDs are converted lazily: most
	// registered CRDs are never used by the files linted).
	docOnce sync.Once
	doc     map[string]any
	build   func() map[string]any
	// defs are the bundle definitions the document refers to (nil for
	// self-contained documents).
	bundle   *bundle
	strict   bool
	isPart   bool
	defs     []string
	once     sync.Once
	compiled *jsonschema.Schema
	err      error

	partialOnce sync.Once
	partial     *Schema

	// celSource is a CRD version's raw schema, whose CEL rules are
	// compiled on first use.
	celSource map[string]any
	celOnce   sync.Once
	cel       *celNode

	resOnce sync.Once
	res     map[string]any

	// broken: the CRD this schema comes from is one the API server
	// rejects (its resources are not checked against it).
	broken *crdProblem
}

// Partial returns the schema without any `required`: for objects that are
// inputs to a build (kustomize resources completed by transformers, such as
// commonLabels adding a Deployment's selector) rather than what is applied.
// Types, enums and unknown fields are still checked.
func (s *Schema) Partial() *Schema {
	s.partialOnce.Do(func() {
		url := strings.TrimSuffix(s.URL, ".json") + "-partial.json"
		p := &Schema{GVK: s.GVK, URL: url, Source: s.Source, draft: s.draft,
			bundle: s.bundle, strict: s.strict, isPart: true, defs: s.defs}
		var from, to string
		if s.bundle != nil {
			from = strings.TrimSuffix(defURL(s.bundle.Version, s.strict, false, "x"), "x.json")
			to = strings.TrimSuffix(defURL(s.bundle.Version, s.strict, true, "x"), "x.json")
		}
		p.build = func() map[string]any {
			d, _ := withoutRequired(s.Document(), from, to).(map[string]any)
			return d
		}
		s.partial = p
	})
	return s.partial
}

// withoutRequired copies a schema document without its required keywords
// (property maps are copied as maps of schemas, so a property literally
// named "required" survives), pointing references to the document from
// at the document to instead.
func withoutRequired(v any, from, to string) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			switch k {
			case "required":
				if _, isList := e.([]any); isList {
					continue
				}
				m[k] = withoutRequired(e, from, to)
			case "$ref":
				if r, ok := e.(string); ok && from != "" && strings.HasPrefix(r, from) {
					m[k] = to + strings.TrimPrefix(r, from)
					continue
				}
				m[k] = e
			case "properties", "$defs", "definitions", "patternProperties":
				if pm, ok := e.(map[string]any); ok {
					cp := make(map[string]any, len(pm))
					for name, sub := range pm {
						cp[name] = withoutRequired(sub, from, to)
					}
					m[k] = cp
					continue
				}
				m[k] = e
			default:
				m[k] = withoutRequired(e, from, to)
			}
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = withoutRequired(e, from, to)
		}
		return l
	}
	return v
}

// Compiled returns the schema compiled with jsonschema/v6 (once).
func (s *Schema) Compiled() (*jsonschema.Schema, error) {
	s.once.Do(func() {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if s.draft != nil {
			c.DefaultDraft(s.draft)
		}
		for url, doc := range s.Resources() {
			if err := c.AddResource(url, doc); err != nil {
				s.err = err
				return
			}
		}
		s.compiled, s.err = c.Compile(s.URL)
	})
	return s.compiled, s.err
}

// Resources returns the documents the schema needs by URL: its own and the
// shared definitions it refers to.
func (s *Schema) Resources() map[string]any {
	s.resOnce.Do(func() {
		res := map[string]any{}
		if s.bundle != nil {
			res = defResources(s.bundle, s.strict, s.isPart, s.defs)
		}
		res[s.URL] = s.Document()
		s.res = res
	})
	return s.res
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
	checkPath func(string) error
	maxSize   int64
	useBundle bool
	// prefetched is set once Prefetch has started loading the bundle.
	prefetched atomic.Bool

	// gen counts CRD registrations, so results computed before one are
	// known to be stale.
	gen atomic.Uint64

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
	r := &Registry{version: v, requested: req, strict: o.Strict, useBundle: len(o.SchemaLocations) == 0, checkPath: o.CheckPath, maxSize: o.MaxSize,
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

// Prefetch starts loading the release's bundle on another goroutine (once
// per registry) when src, a file about to be parsed, mentions apiVersion:
// decompressing the bundle takes about as long as parsing a thousand
// lines, and the first lookup would otherwise wait for it after the parse.
func (r *Registry) Prefetch(src []byte) {
	if r == nil || !r.useBundle || r.prefetched.Load() || !bytes.Contains(src, []byte("apiVersion")) || r.prefetched.Swap(true) {
		return
	}
	go func() { _, _ = loadBundle(r.version) }()
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

// bundleDraft is the dialect of the built-in kinds' documents. They use
// only keywords that draft-07 and 2020-12 define alike (a test walks every
// bundled definition), and a kind's root reaches its definition through
// allOf, since draft-07 ignores $ref's siblings. Draft-07 because the
// library checks each document against its draft's meta-schema when first
// loaded: for 2020-12 that was a fifth of a run's CPU on a file of three
// kinds (the vocabularies' meta-schemas, re-entered at every subschema),
// for draft-07 about 6%. CRDs' documents stay 2020-12.
const bundleDraft = "http://json-schema.org/draft-07/schema#"

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
	var defs []string
	if g.APIVersion == "v1" && g.Kind == "List" {
		build = func() map[string]any { return listDoc(b, strict) }
		defs = []string{listMeta}
	} else {
		name := b.Kinds[g.APIVersion][g.Kind]
		if name == "" {
			return nil, fmt.Errorf("%w %s %s in Kubernetes %s", ErrUnknownKind, g.APIVersion, g.Kind, version)
		}
		build = func() map[string]any { return rootDoc(b, strict, name, g) }
		defs = []string{name}
	}
	url := schemaBase + version + strictPath(strict) + "/" + g.APIVersion + "/" + g.Kind + ".json"
	s := &Schema{GVK: g, URL: url, build: build, bundle: b, strict: strict, defs: defs, Source: "kubernetes " + version}
	actual, _ := builtinCache.LoadOrStore(key, s)
	return actual.(*Schema), nil
}

func strictPath(strict bool) string {
	if strict {
		return "-strict"
	}
	return ""
}

// rootDoc builds the document of a kind: a reference to its definition in
// the release's shared definitions (under allOf: a draft-07 $ref has no
// siblings), with apiVersion and kind pinned.
func rootDoc(b *bundle, strict bool, name string, g GVK) map[string]any {
	return map[string]any{
		"$schema":     bundleDraft,
		"allOf":       []any{map[string]any{"$ref": defURL(b.Version, strict, false, name)}},
		"description": descriptionOf(b, name),
		"properties":  pinProps(g),
	}
}

// defKey identifies one converted definition document.
type defKey struct {
	version         string
	strict, partial bool
	name            string
}

var defCache sync.Map // defKey -> *defEntry

type defEntry struct {
	once sync.Once
	doc  map[string]any
}

// defURL is the URL of one converted definition of a release. Every
// definition is its own document, so that a compiler loads (and checks
// against the meta-schema) only the definitions the linted kinds reach,
// each once however many kinds share it (PodSpec for Deployment,
// StatefulSet, Job...).
func defURL(version string, strict, partial bool, name string) string {
	dir := "/defs/"
	if partial {
		dir = "/defs-partial/"
	}
	return schemaBase + version + strictPath(strict) + dir + name + ".json"
}

// defDoc converts one definition (once per process), pointing its
// references at the other definitions' documents.
func defDoc(b *bundle, strict, partial bool, name string) map[string]any {
	k := defKey{b.Version, strict, partial, name}
	v, _ := defCache.LoadOrStore(k, &defEntry{})
	e := v.(*defEntry)
	e.once.Do(func() {
		raw := b.def(name)
		doc := rewriteRefs(convert(raw, convertOptions{Strict: strict}), func(ref string) string {
			if n, ok := refName(ref); ok {
				return defURL(b.Version, strict, partial, n)
			}
			return ref
		}).(map[string]any)
		if partial {
			doc = withoutRequired(doc, "", "").(map[string]any)
		}
		doc["$schema"] = bundleDraft
		doc["$id"] = defURL(b.Version, strict, partial, name)
		e.doc = doc
	})
	return e.doc
}

// defResources returns the documents of the named definitions and of
// every definition they reach, by URL.
func defResources(b *bundle, strict, partial bool, names []string) map[string]any {
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
		collectRefs(b.def(n), b.def, seen)
	}
	out := make(map[string]any, len(seen))
	for n := range seen {
		if _, ok := b.Definitions[n]; ok {
			out[defURL(b.Version, strict, partial, n)] = defDoc(b, strict, partial, n)
		}
	}
	return out
}

// rewriteRefs copies a converted schema, mapping every $ref through f
// (property maps are walked as maps of schemas: a property named "$ref"
// is not a reference).
func rewriteRefs(v any, f func(string) string) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			switch k {
			case "$ref":
				if r, ok := e.(string); ok {
					m[k] = f(r)
					continue
				}
				m[k] = e
			case "properties", "patternProperties", "$defs":
				if pm, ok := e.(map[string]any); ok {
					cp := make(map[string]any, len(pm))
					for name, sub := range pm {
						cp[name] = rewriteRefs(sub, f)
					}
					m[k] = cp
					continue
				}
				m[k] = e
			default:
				m[k] = rewriteRefs(e, f)
			}
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = rewriteRefs(e, f)
		}
		return l
	}
	return v
}

func descriptionOf(b *bundle, name string) string {
	if d := b.def(name); d != nil {
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
const listMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"

func listDoc(b *bundle, strict bool) map[string]any {
	const meta = listMeta
	props := pinProps(GVK{"v1", "List"})
	props["metadata"] = map[string]any{"$ref": defURL(b.Version, strict, false, meta)}
	props["items"] = map[string]any{
		"type": "array",
		// Each item is checked as an object of its own kind (Checker).
		"items": map[string]any{"type": "object"},
	}
	doc := map[string]any{
		"$schema":     bundleDraft,
		"description": "List holds a list of objects of any kind.",
		"type":        "object",
		"properties":  props,
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

// IsAPIVersion reports whether s has the form of an apiVersion:
// [group/]version, the group a DNS-1123 subdomain and the version a
// DNS-1035 label ("v1", "apps/v1", "example.com/v1beta2").
func IsAPIVersion(s string) bool {
	group, version, hasGroup := strings.Cut(s, "/")
	if !hasGroup {
		group, version = "", s
	}
	if hasGroup && (group == "" || len(validation.IsDNS1123Subdomain(group)) > 0) {
		return false
	}
	return version != "" && len(validation.IsDNS1035Label(version)) == 0
}

// isBuiltinGroup reports whether a group is one of the release's built-in
// API groups (the core group included): custom resources cannot be
// defined in them.
func (r *Registry) isBuiltinGroup(group string) bool {
	b, err := loadBundle(r.version)
	if err != nil {
		return false
	}
	for gv := range b.Kinds {
		if (GVK{APIVersion: gv}).Group() == group {
			return true
		}
	}
	return group == "extensions"
}

// builtinKindFold returns the built-in kind of apiVersion that equals kind
// but for case ("" when there is none, or when a CRD serves the kind).
func (r *Registry) builtinKindFold(apiVersion, kind string) string {
	b, err := loadBundle(r.version)
	if err != nil {
		return ""
	}
	for k := range b.Kinds[apiVersion] {
		if k != kind && strings.EqualFold(k, kind) {
			return k
		}
	}
	return ""
}
