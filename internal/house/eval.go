package house

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/celenv"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Doc is one document to check, with the schema associated with it and
// its format ("github-workflow", "kubernetes", ...; "" when none).
type Doc struct {
	Doc       *yamlfile.Document
	SchemaURL string
	Format    string
}

// Context is what a rule sees on one file.
type Context struct {
	Rule *Rule
	Set  *Set
	File *yamlfile.File
	Path string
	Docs []Doc
	// Testing is set when the rule runs on its examples: conditions on the
	// file (match.files, match.schema) are taken to hold.
	Testing bool
	report  func(diag.Diagnostic)
	pend    func(*Pending)
	cache   *instanceCache
	costHit bool
	docSize int
	errSeen map[string]bool
}

// defer_ hands over a finding that depends on inputs not linted yet.
func (c *Context) defer_(p *Pending) {
	if c.pend == nil {
		c.report(p.Diag)
		return
	}
	c.pend(p)
}

// Report records a finding of the rule.
func (c *Context) Report(rng diag.Range, msg string) {
	c.report(diag.Diagnostic{Range: rng, Severity: c.Rule.Severity, Code: c.Rule.ID, Message: msg})
}

// Check runs every rule of the set on a file and reports the findings.
// Findings that depend on inputs not linted yet (after Defer) go to pend;
// nil pend reports them at once.
func (s *Set) Check(path string, f *yamlfile.File, docs []Doc, report func(diag.Diagnostic), pend ...func(*Pending)) {
	if s == nil || f == nil {
		return
	}
	var p func(*Pending)
	if len(pend) > 0 {
		p = pend[0]
	}
	cache := newInstanceCache()
	defer cache.release()
	// One context, reset per rule: a file runs every rule of the set.
	ctx := &Context{}
	for _, r := range s.Rules {
		*ctx = Context{Rule: r, Set: s, File: f, Path: path, Docs: docs, report: report, pend: p, cache: cache}
		ctx.run()
	}
	if !s.Policies.Empty() {
		s.Policies.check(s, path, f, docs, report)
	}
}

func (c *Context) run() {
	defer func() {
		if p := recover(); p != nil {
			c.report(diag.Diagnostic{Severity: diag.SeverityError, Code: "internal",
				Message: fmt.Sprintf("house rule %s failed: %v (please report this)", c.Rule.ID, p)})
		}
	}()
	r := c.Rule
	if r.Go != nil {
		r.Go(c)
		return
	}
	for _, d := range c.Docs {
		if d.Doc == nil || d.Doc.Root == nil || !c.Matches(d) {
			continue
		}
		for _, t := range r.Targets {
			for _, in := range c.instances(d, t) {
				c.evalOne(d, in)
				if c.costHit {
					return
				}
			}
		}
	}
}

// Matches reports whether the rule's match conditions hold for a document.
func (c *Context) Matches(d Doc) bool {
	m := &c.Rule.Match
	if len(m.Kinds) > 0 {
		root := d.Doc.Root
		if !isKubeObject(root) {
			return false
		}
		av, _ := root.Child("apiVersion").String()
		k, _ := root.Child("kind").String()
		ok := false
		for _, p := range m.Kinds {
			if p.Matches(av, k) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if m.Format != "" && d.Format != m.Format {
		return false
	}
	if c.Testing {
		return true
	}
	if m.Schema != "" {
		docURL, _, _ := strings.Cut(d.SchemaURL, "#")
		want, _, _ := strings.Cut(m.Schema, "#")
		if docURL != want {
			return false
		}
	}
	if len(m.Files) > 0 {
		dir := m.Dir
		if dir == "" {
			dir = c.Set.Dir
		}
		rel := relTo(dir, c.Path)
		ok := false
		for _, g := range m.Files {
			if match, _ := doublestar.Match(g, rel); match {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func relTo(dir, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// evaluations counts CEL evaluations, for tests of the cache and limits.
var evaluations atomic.Int64

// instanceCache shares, between the rules run on one file, each
// document's target instances and their CEL variables.
type instanceCache struct {
	docs map[*yamlfile.Document]*docInstances
	// values converts the file's values to CEL values once.
	values *valueCache
}

// instanceCaches recycles the caches of files checked before: their maps
// keep their room, so a file's cache costs no allocation to grow.
var instanceCaches = sync.Pool{New: func() any { return &instanceCache{} }}

func newInstanceCache() *instanceCache { return instanceCaches.Get().(*instanceCache) }

// release empties the cache for the next file. Nothing of it outlives the
// check: findings hold strings, pending ones their labels. A cache grown
// by a huge file is dropped rather than kept.
func (c *instanceCache) release() {
	const maxKept = 1024
	if len(c.docs) > maxKept || (c.values != nil && len(c.values.maps)+len(c.values.lists) > maxKept) {
		return
	}
	clear(c.docs)
	if c.values != nil {
		clear(c.values.maps)
		clear(c.values.lists)
	}
	instanceCaches.Put(c)
}

// docInstances are one document's instances by target: the named targets
// by kind, paths by their dotted text.
type docInstances struct {
	named    [TargetPath][]*instance
	resolved [TargetPath]bool
	paths    map[string][]*instance
}

func (c *Context) instances(d Doc, t Target) []*instance {
	if c.cache == nil {
		c.cache = &instanceCache{}
	}
	if c.cache.docs == nil {
		c.cache.docs = map[*yamlfile.Document]*docInstances{}
	}
	di := c.cache.docs[d.Doc]
	if di == nil {
		di = &docInstances{}
		c.cache.docs[d.Doc] = di
	}
	var key string
	if t.Kind == TargetPath {
		key = strings.Join(t.Path, ".")
		if ins, ok := di.paths[key]; ok {
			return ins
		}
	} else if di.resolved[t.Kind] {
		return di.named[t.Kind]
	}
	found := t.resolve(d.Format, d.Doc.Root)
	out := make([]*instance, len(found))
	for i := range found {
		out[i] = &found[i]
	}
	if t.Kind == TargetPath {
		if di.paths == nil {
			di.paths = map[string][]*instance{}
		}
		di.paths[key] = out
	} else {
		di.named[t.Kind], di.resolved[t.Kind] = out, true
	}
	return out
}

// variables are an instance's CEL variables, converted to CEL values once
// for all the rules evaluated on it.
func (c *Context) variables(d Doc, in *instance) *activation {
	if in.vars == nil {
		if c.cache.values == nil {
			c.cache.values = &valueCache{}
		}
		in.vars = &activation{conv: c.cache.values, path: c.Path, root: d.Doc.Root, in: in}
	}
	return in.vars
}

func (c *Context) evalOne(d Doc, in *instance) {
	r := c.Rule
	if r.Schema != nil {
		c.evalSchema(*in)
		return
	}
	vars := c.variables(d, in)
	evaluations.Add(1)
	c.docSize = d.Doc.Range.End - d.Doc.Range.Start
	out, err := r.Assert.EvalSized(vars, d.Doc.Range.End-d.Doc.Range.Start)
	if err != nil {
		c.evalError(in, err)
		return
	}
	if b, ok := out.(bool); !ok || b {
		if !ok {
			c.evalError(in, fmt.Errorf("assert gave %T, not a bool", out))
		}
		return
	}
	c.Report(c.findingRange(in.node), c.message(vars))
}

func nodeValue(n *yamlfile.Node) any {
	if n == nil {
		return nil
	}
	return n.Value
}

// message is the finding's text: messageExpression's value, else message,
// else a description of the failed check.
func (c *Context) message(vars *activation) string {
	r := c.Rule
	if r.MessageExpr != nil {
		out, err := r.MessageExpr.EvalSized(vars, c.docSize)
		if s, ok := out.(string); err == nil && ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	if r.Message != "" {
		return r.Message
	}
	if r.Description != "" {
		return r.Description
	}
	return fmt.Sprintf("fails house rule %s: %s", r.ID, strings.TrimSpace(r.assertText))
}

// evalError reports a rule that could not be evaluated: once per file for
// an exceeded cost limit (the rule then stops on this file), once per
// distinct error otherwise.
func (c *Context) evalError(in *instance, err error) {
	if celenv.CostExceeded(err) {
		c.costHit = true
		c.report(diag.Diagnostic{Range: c.findingRange(in.node), Severity: diag.SeverityError, Code: c.Rule.ID,
			Message: fmt.Sprintf("house rule %s exceeded its cost limit (%d) and was stopped on this file; simplify the expression", c.Rule.ID, celenv.PerCallLimit)})
		return
	}
	msg := err.Error()
	if c.errSeen == nil {
		c.errSeen = map[string]bool{}
	}
	if c.errSeen[msg] {
		return
	}
	c.errSeen[msg] = true
	c.report(diag.Diagnostic{Range: headOf(c.File, in.node), Severity: c.Rule.Severity, Code: c.Rule.ID,
		Message: fmt.Sprintf("house rule %s could not be evaluated here: %s (guard optional fields with has() or ?.)", c.Rule.ID, msg)})
}

// findingRange is where a failed check on node is reported: the rule's
// field when present (a scalar's value, a collection's key), else the key
// of the deepest mapping on the way that should hold it; without field,
// the target's key (or first line).
func (c *Context) findingRange(n *yamlfile.Node) diag.Range {
	cur := n
	if len(c.Rule.Field) > 0 {
		var deepest *yamlfile.Node
		for i, path := range c.Rule.Field {
			at, full := n, true
			for _, seg := range path {
				next := at.Child(seg)
				if next == nil {
					full = false
					break
				}
				at = next
			}
			if full {
				deepest = nil
				cur = at
				break
			}
			if i == 0 {
				deepest = at
			}
		}
		if deepest != nil {
			return headOf(c.File, deepest)
		}
		if cur.Kind == yamlfile.Scalar {
			return cur.Range
		}
	}
	if cur.Kind == yamlfile.Null && cur.HasKey {
		return cur.KeyRange
	}
	if !cur.HasKey && cur == n && n.Kind == yamlfile.Mapping {
		if k := n.Child("kind"); k != nil && k.Kind == yamlfile.Scalar {
			return diag.Range{Start: k.KeyRange.Start, End: k.Range.End}
		}
	}
	return headOf(c.File, cur)
}

func (c *Context) evalSchema(in instance) {
	r := c.Rule
	doc := &yamlfile.Document{Root: in.node}
	for _, d := range schemaStore.Validate(r.Schema, c.File, doc) {
		msg := d.Message
		if r.Message != "" {
			msg = r.Message + " (" + d.Message + ")"
		}
		c.Report(d.Range, msg)
	}
}

// compileInlineSchema compiles a rule's inline JSON Schema.
func compileInlineSchema(configPath, id string, v any) (*jsonschema.Schema, error) {
	if _, ok := v.(map[string]any); !ok {
		if _, isBool := v.(bool); !isBool {
			return nil, fmt.Errorf("a JSON Schema is a mapping")
		}
	}
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	url := fmt.Sprintf("https://yamlint.dev/house/%s/%x.json", id, sum[:8])
	schemaStore.AddResource(url, v)
	return schemaStore.Compile(url)
}
