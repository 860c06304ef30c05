package schemas

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/suggest"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Code is the diagnostic code of schema validation errors.
const Code = "schema"

var printer = message.NewPrinter(language.English)

// Validate checks one document against a compiled schema and returns one
// diagnostic per problem, placed on the exact node.
func (s *Store) Validate(sch *jsonschema.Schema, f *yamlfile.File, doc *yamlfile.Document) []diag.Diagnostic {
	if doc.Root == nil || sch == nil {
		return nil
	}
	err := sch.Validate(doc.Root.Value)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []diag.Diagnostic{{Range: headRange(f, doc.Root), Severity: diag.SeverityError, Code: Code, Message: oneLineErr(err)}}
	}
	m := &mapper{store: s, file: f, doc: doc}
	var out []diag.Diagnostic
	seen := map[string]bool{}
	for _, leaf := range collect(ve) {
		for _, d := range m.diagnostics(leaf) {
			k := fmt.Sprintf("%d:%d:%s", d.Range.Start, d.Range.End, d.Message)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, d)
		}
	}
	diag.Sort(out) // the error tree's order can follow map iteration
	return out
}

// collect flattens an error tree into the leaf errors worth reporting. For
// oneOf/anyOf it keeps only the branch the value most likely meant.
func collect(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	switch k := e.ErrorKind.(type) {
	case *kind.PropertyNames:
		// The causes validate the name as a standalone value, with no
		// location in the document: report the key itself.
		return []*jsonschema.ValidationError{e}
	case *kind.OneOf:
		if len(k.Subschemas) > 0 || len(e.Causes) == 0 {
			return []*jsonschema.ValidationError{e}
		}
		return bestBranch(e)
	case *kind.AnyOf:
		if len(e.Causes) == 0 {
			return []*jsonschema.ValidationError{e}
		}
		return bestBranch(e)
	}
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, collect(c)...)
	}
	return out
}

type branch struct {
	leaves   []*jsonschema.ValidationError
	rank     int // 0: wrong type here; 1: discriminator mismatch; 2: otherwise
	unknown  int // properties this branch does not know
	depth    int
	required int
}

func bestBranch(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	base := len(e.InstanceLocation)
	var branches []branch
	for _, c := range e.Causes {
		b := branch{leaves: collect(c), rank: 2}
		for _, l := range b.leaves {
			d := len(l.InstanceLocation) - base
			switch l.ErrorKind.(type) {
			case *kind.Type:
				if d == 0 {
					b.rank = min(b.rank, 0)
				}
			case *kind.Const:
				if d == 0 {
					b.rank = min(b.rank, 0)
				} else if d == 1 {
					b.rank = min(b.rank, 1) // e.g. `type: x` picks the branch
				}
			case *kind.Enum:
				if d == 0 {
					b.rank = min(b.rank, 0)
				} else if d == 1 && len(l.ErrorKind.(*kind.Enum).Want) == 1 {
					b.rank = min(b.rank, 1)
				}
			case *kind.AdditionalProperties:
				b.unknown += len(l.ErrorKind.(*kind.AdditionalProperties).Properties)
			case *kind.FalseSchema:
				if d == 0 {
					b.rank = min(b.rank, 0)
				}
			case *kind.Required:
				b.required++
			}
			b.depth = max(b.depth, d)
		}
		branches = append(branches, b)
	}
	// Every branch only misses a key of its own (exactly one of vault,
	// azure_key_vault...): say which keys would do.
	if need := missingOneOf(e, branches); need != nil {
		return []*jsonschema.ValidationError{need}
	}
	// Every branch wants another type (or value) here: one combined message.
	if merged := mergeAlternatives(e, branches); merged != nil {
		return []*jsonschema.ValidationError{merged}
	}
	best := 0
	for i := 1; i < len(branches); i++ {
		a, b := branches[best], branches[i]
		switch {
		case b.rank != a.rank:
			if b.rank > a.rank {
				best = i
			}
		case b.unknown != a.unknown:
			if b.unknown < a.unknown {
				best = i
			}
		case b.depth != a.depth:
			if b.depth > a.depth {
				best = i
			}
		case len(b.leaves) != len(a.leaves):
			if len(b.leaves) < len(a.leaves) {
				best = i
			}
		case b.required < a.required:
			best = i
		}
	}
	return branches[best].leaves
}

// needOneOf is the error of alternatives that each require another key.
type needOneOf struct{ props []string }

func (needOneOf) KeywordPath() []string { return []string{"anyOf"} }
func (k needOneOf) LocalizedString(*message.Printer) string {
	return "needs one of " + strings.Join(k.props, ", ")
}

func missingOneOf(e *jsonschema.ValidationError, branches []branch) *jsonschema.ValidationError {
	base := len(e.InstanceLocation)
	var props []string
	for _, b := range branches {
		if len(b.leaves) != 1 || len(b.leaves[0].InstanceLocation) != base {
			return nil
		}
		r, ok := b.leaves[0].ErrorKind.(*kind.Required)
		if !ok {
			return nil
		}
		props = append(props, r.Missing...)
	}
	if len(props) < 2 {
		return nil
	}
	return &jsonschema.ValidationError{InstanceLocation: e.InstanceLocation, SchemaURL: e.SchemaURL, ErrorKind: needOneOf{uniq(props)}}
}

// mergeAlternatives combines branches that all fail at the value itself with
// a type, const or enum error into one "expected X or Y" error.
func mergeAlternatives(e *jsonschema.ValidationError, branches []branch) *jsonschema.ValidationError {
	base := len(e.InstanceLocation)
	var types []string
	var values []any
	var got any
	gotType := ""
	for _, b := range branches {
		if b.rank != 0 {
			return nil
		}
		for _, l := range b.leaves {
			if len(l.InstanceLocation) != base {
				continue
			}
			switch k := l.ErrorKind.(type) {
			case *kind.Type:
				types = append(types, k.Want...)
				gotType = k.Got
			case *kind.Const:
				values = append(values, k.Want)
				got = k.Got
			case *kind.Enum:
				values = append(values, k.Want...)
				got = k.Got
			}
		}
	}
	if len(values) > 0 && got != nil {
		return &jsonschema.ValidationError{InstanceLocation: e.InstanceLocation, SchemaURL: e.SchemaURL,
			ErrorKind: &kind.Enum{Got: got, Want: values}}
	}
	if len(types) > 0 {
		return &jsonschema.ValidationError{InstanceLocation: e.InstanceLocation, SchemaURL: e.SchemaURL,
			ErrorKind: &kind.Type{Got: gotType, Want: uniq(types)}}
	}
	return nil
}

func uniq(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

type mapper struct {
	store *Store
	file  *yamlfile.File
	doc   *yamlfile.Document
}

func (m *mapper) diag(rng diag.Range, format string, args ...any) diag.Diagnostic {
	return diag.Diagnostic{Range: rng, Severity: diag.SeverityError, Code: Code, Message: fmt.Sprintf(format, args...)}
}

func (m *mapper) node(loc []string) *yamlfile.Node {
	n, _ := m.doc.Lookup(loc)
	return n
}

func (m *mapper) diagnostics(e *jsonschema.ValidationError) []diag.Diagnostic {
	n := m.node(e.InstanceLocation)
	if n == nil {
		n = m.doc.Root
	}
	valRange := n.Range
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		return []diag.Diagnostic{m.diag(valRange, "expected %s, got %s", typeList(k.Want), describe(n.Value))}
	case *kind.Enum:
		return []diag.Diagnostic{m.enumDiag(valRange, k.Got, k.Want)}
	case *kind.Const:
		return []diag.Diagnostic{m.diag(valRange, "expected %s, got %s", show(k.Want), show(k.Got))}
	case *kind.Required:
		what := "property " + quoteList(k.Missing)
		if len(k.Missing) > 1 {
			what = "properties " + quoteList(k.Missing)
		}
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "missing required %s", what)}
	case *kind.AdditionalProperties:
		known := m.knownProperties(e.SchemaURL)
		var out []diag.Diagnostic
		for _, p := range k.Properties {
			rng := headRange(m.file, n)
			if c := n.Child(p); c != nil {
				rng = c.KeyRange
			}
			msg := fmt.Sprintf("unknown property %q", p)
			d := m.diag(rng, "%s", msg)
			if s := suggest.Closest(p, known); s != "" {
				d.Message = fmt.Sprintf("%s; did you mean %q?", msg, s)
				d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Rename to %q", s), Edits: []diag.TextEdit{{Range: rng, NewText: s}}}}
			}
			out = append(out, d)
		}
		return out
	case *kind.FalseSchema:
		if n.HasKey && len(e.InstanceLocation) > 0 {
			return []diag.Diagnostic{m.diag(n.KeyRange, "property %q is not allowed here", n.Key)}
		}
		return []diag.Diagnostic{m.diag(valRange, "this value is not allowed here")}
	case *kind.Pattern:
		if timedOut.has(k.Want, k.Got) {
			return []diag.Diagnostic{{Range: valRange, Severity: diag.SeverityWarning, Code: PatternTimeoutCode,
				Message: fmt.Sprintf("not checked: matching the pattern %s took longer than %v", k.Want, patternMatchTimeout)}}
		}
		return []diag.Diagnostic{m.diag(valRange, "%s does not match the pattern %s", show(k.Got), k.Want)}
	case *kind.PropertyNames:
		// Point at the offending key, not at the mapping holding it.
		// jsonschema/v6 gives this error the validator's location slice,
		// which later validation may overwrite: when the key is not under
		// the reported node, look for it in the whole document.
		rng := headRange(m.file, n)
		if c := n.Child(k.Property); c != nil {
			rng = c.KeyRange
		} else if c := findKey(m.doc.Root, k.Property); c != nil {
			rng = c.KeyRange
		}
		msg := fmt.Sprintf("property name %q is not allowed", k.Property)
		for _, c := range e.Causes {
			if pk, ok := c.ErrorKind.(*kind.Pattern); ok {
				msg += fmt.Sprintf("; names must match %s", pk.Want)
			} else if ek, ok := c.ErrorKind.(*kind.Enum); ok {
				msg += "; expected " + showList(ek.Want)
			}
		}
		return []diag.Diagnostic{m.diag(rng, "%s", msg)}
	case *kind.Format:
		if k.Want == KubeDurationFormat {
			return []diag.Diagnostic{m.diag(valRange, "%s is not a valid duration; Kubernetes reads Go durations such as 30s, 5m0s or 1h30m", show(k.Got))}
		}
		return []diag.Diagnostic{m.diag(valRange, "%s is not a valid %s", show(k.Got), k.Want)}
	case *kind.MinLength:
		return []diag.Diagnostic{m.diag(valRange, "must be at least %d characters long, got %d", k.Want, k.Got)}
	case *kind.MaxLength:
		return []diag.Diagnostic{m.diag(valRange, "must be at most %d characters long, got %d", k.Want, k.Got)}
	case *kind.MinItems:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "must have at least %d items, got %d", k.Want, k.Got)}
	case *kind.MaxItems:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "must have at most %d items, got %d", k.Want, k.Got)}
	case *kind.MinProperties:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "must have at least %d properties, got %d", k.Want, k.Got)}
	case *kind.MaxProperties:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "must have at most %d properties, got %d", k.Want, k.Got)}
	case *kind.Minimum:
		return []diag.Diagnostic{m.diag(valRange, "must be at least %s, got %s", rat(k.Want), rat(k.Got))}
	case *kind.Maximum:
		return []diag.Diagnostic{m.diag(valRange, "must be at most %s, got %s", rat(k.Want), rat(k.Got))}
	case *kind.ExclusiveMinimum:
		return []diag.Diagnostic{m.diag(valRange, "must be greater than %s, got %s", rat(k.Want), rat(k.Got))}
	case *kind.ExclusiveMaximum:
		return []diag.Diagnostic{m.diag(valRange, "must be less than %s, got %s", rat(k.Want), rat(k.Got))}
	case *kind.MultipleOf:
		return []diag.Diagnostic{m.diag(valRange, "must be a multiple of %s, got %s", rat(k.Want), rat(k.Got))}
	case *kind.UniqueItems:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "items %d and %d are equal; items must be unique", k.Duplicates[0]+1, k.Duplicates[1]+1)}
	case *kind.Dependency:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "property %q requires %s", k.Prop, quoteList(k.Missing))}
	case *kind.DependentRequired:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "property %q requires %s", k.Prop, quoteList(k.Missing))}
	case *kind.Contains:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "no item has the required form")}
	case *kind.Not:
		if desc := m.notDescription(e.SchemaURL); desc != "" {
			return []diag.Diagnostic{m.diag(valRange, "%s is not allowed here: %s", show(n.Value), desc)}
		}
		return []diag.Diagnostic{m.diag(valRange, "this value has a form that is not allowed here")}
	case needOneOf:
		return []diag.Diagnostic{m.diag(headRange(m.file, n), "needs one of %s", quoteList(k.props))}
	case *kind.OneOf:
		if len(k.Subschemas) >= 2 {
			return []diag.Diagnostic{m.diag(valRange, "matches more than one allowed form (alternatives %d and %d); make it unambiguous", k.Subschemas[0]+1, k.Subschemas[1]+1)}
		}
		return []diag.Diagnostic{m.diag(valRange, "does not match any allowed form")}
	case *kind.AnyOf:
		return []diag.Diagnostic{m.diag(valRange, "does not match any allowed form")}
	}
	return []diag.Diagnostic{m.diag(valRange, "%s", oneLineErr(fmt.Errorf("%s", e.ErrorKind.LocalizedString(printer))))}
}

func (m *mapper) enumDiag(rng diag.Range, got any, want []any) diag.Diagnostic {
	var names []string
	for _, w := range want {
		if s, ok := w.(string); ok {
			names = append(names, s)
		}
	}
	if gs, ok := got.(string); ok {
		if s := suggest.Closest(gs, names); s != "" {
			d := m.diag(rng, "%s is not allowed; did you mean %q?", show(got), s)
			d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Change to %q", s), Edits: []diag.TextEdit{{Range: rng, NewText: s}}}}
			return d
		}
	}
	return m.diag(rng, "%s is not allowed; expected %s", show(got), showList(want))
}

// knownProperties lists the property names the schema at schemaURL's parent
// declares, for "did you mean" suggestions.
func (m *mapper) knownProperties(schemaURL string) []string {
	base, frag, _ := strings.Cut(schemaURL, "#")
	segs := strings.Split(strings.TrimPrefix(frag, "/"), "/")
	if n := len(segs); n > 0 && (segs[n-1] == "additionalProperties" || segs[n-1] == "unevaluatedProperties") {
		segs = segs[:n-1]
	}
	obj, _ := m.rawAt(base, segs).(map[string]any)
	props, _ := obj["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// notDescription is the description written on a `not` subschema (what the
// value must not be), or "".
func (m *mapper) notDescription(schemaURL string) string {
	base, frag, _ := strings.Cut(schemaURL, "#")
	obj, _ := m.rawAt(base, strings.Split(strings.TrimPrefix(frag, "/"), "/")).(map[string]any)
	if not, ok := obj["not"].(map[string]any); ok {
		obj = not // the error names the schema holding `not`
	}
	desc, _ := obj["description"].(string)
	return desc
}

// rawAt walks a loaded schema document along JSON pointer segments.
func (m *mapper) rawAt(base string, segs []string) any {
	doc, err := m.store.Raw(base)
	if err != nil {
		return nil
	}
	cur := doc
	for _, seg := range segs {
		if seg == "" {
			continue
		}
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			cur = c[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// headRange is where a problem with a whole mapping or list is reported: its
// key when it has one, else the first line of the value.
func headRange(f *yamlfile.File, n *yamlfile.Node) diag.Range {
	if n.HasKey {
		return n.KeyRange
	}
	end := f.Lines.LineEnd(f.Lines.Line(n.Range.Start))
	if end > n.Range.End || end < n.Range.Start {
		end = n.Range.End
	}
	if n.Kind == yamlfile.Mapping && len(n.Children) > 0 && n.Children[0].HasKey {
		return n.Children[0].KeyRange
	}
	return diag.Range{Start: n.Range.Start, End: end}
}

var typeNames = map[string]string{"object": "mapping", "array": "list", "null": "null"}

func typeList(want []string) string {
	names := make([]string, len(want))
	for i, w := range want {
		if t, ok := typeNames[w]; ok {
			names[i] = t
		} else {
			names[i] = w
		}
	}
	if len(names) <= 2 {
		return strings.Join(names, " or ")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// describe says what a value is, for "got ..." in messages.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "string " + show(x)
	case bool:
		return fmt.Sprintf("boolean %v", x)
	case int64, json.Number:
		return fmt.Sprintf("integer %v", x)
	case float64:
		return "number " + strconv.FormatFloat(x, 'g', -1, 64)
	case map[string]any:
		return "mapping"
	case []any:
		return "list"
	}
	return fmt.Sprintf("%v", v)
}

func show(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 60 {
			x = x[:57] + "..."
		}
		return strconv.Quote(x)
	case nil:
		return "null"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%v", v)
}

func showList(vs []any) string {
	var parts []string
	for i, v := range vs {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("... (%d more)", len(vs)-8))
			break
		}
		parts = append(parts, show(v))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "one of " + strings.Join(parts, ", ")
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func rat(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// findKey returns the first mapping entry (depth first, in source order)
// whose key is key.
func findKey(n *yamlfile.Node, key string) *yamlfile.Node {
	if n == nil || n.Alias {
		return nil
	}
	if n.Kind == yamlfile.Mapping {
		if c := n.Child(key); c != nil {
			return c
		}
	}
	for _, c := range n.Children {
		if f := findKey(c, key); f != nil {
			return f
		}
	}
	return nil
}
