package house

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/cel-go/cel"

	"github.com/yamlint/yamlint/internal/celenv"
	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/suggest"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// ruleEnv is the environment of house-rule expressions: self (the target
// node), object (the whole document), file (its path), and for container
// and pod-spec targets podSpec, containerType and workload, for steps job.
var ruleEnv = celenv.NewEnv("house", "self", "object", "file", "podSpec", "containerType", "workload", "job")

// ruleVars are the variable names of ruleEnv, for "did you mean".
var ruleVars = []string{"self", "object", "file", "podSpec", "containerType", "workload", "job"}

// decoder turns `house-rules:` entries into rules, collecting config
// errors with positions.
type decoder struct {
	f      *yamlfile.File
	path   string // the config file as shown
	dir    string
	pack   string
	diags  []diag.Diagnostic
	seen   map[string]*yamlfile.Node
	strict bool // reject ids of built-in codes
}

func (d *decoder) errorf(rng diag.Range, format string, args ...any) {
	d.diags = append(d.diags, diag.Diagnostic{Range: rng, Severity: diag.SeverityError, Code: ConfigCode, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) source(n *yamlfile.Node) string {
	p := d.f.Lines.Position(n.Range.Start)
	return fmt.Sprintf("%s:%d", d.path, p.Line)
}

// Parse decodes and compiles the house-rules section of a config file
// (root is the config's top mapping). dir is the config's directory.
// Problems are config diagnostics located in f.
func Parse(f *yamlfile.File, root *yamlfile.Node, path, dir string) (*Set, []diag.Diagnostic) {
	d := &decoder{f: f, path: path, dir: dir, seen: map[string]*yamlfile.Node{}, strict: true}
	set := &Set{Dir: dir}
	if hr := root.Child("house-rules"); hr != nil {
		for _, item := range items(hr) {
			if r := d.rule(item); r != nil {
				set.Rules = append(set.Rules, r)
			}
		}
	}
	if pk := root.Child("packs"); pk != nil {
		for _, item := range items(pk) {
			// An entry is a pack, or one rule of a pack.
			name, _ := item.String()
			p, ok := packs()[name]
			only := ""
			if !ok {
				if pn, isRule := packRuleIDs[name]; isRule {
					p, only = packs()[pn], name
				}
			}
			if p == nil {
				msg := fmt.Sprintf("unknown pack or pack rule %q", name)
				if s := suggest.Closest(name, append(PackNames(), packRuleNames()...)); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				d.errorf(item.Range, "%s (packs: %s)", msg, strings.Join(PackNames(), ", "))
				continue
			}
			rules, err := p.load()
			if err != nil {
				d.errorf(item.Range, "pack %s: %v", p.name, err)
				continue
			}
			for _, r := range rules {
				if (only == "" || r.ID == only) && !slices.ContainsFunc(set.Rules, func(o *Rule) bool { return o.ID == r.ID }) {
					set.Rules = append(set.Rules, r)
				}
			}
		}
	}
	return set, d.diags
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

func (d *decoder) rule(n *yamlfile.Node) *Rule {
	if n.Kind != yamlfile.Mapping {
		d.errorf(n.Range, "a house rule is a mapping with id, assert or schema, ...")
		return nil
	}
	r := &Rule{Severity: diag.SeverityWarning, Source: d.source(n), Pack: d.pack}
	idn := n.Child("id")
	r.ID, _ = idn.String()
	ok := true
	switch {
	case idn == nil || r.ID == "":
		d.errorf(headOf(d.f, n), "house rule without an id")
		ok = false
	case !idPattern.MatchString(r.ID):
		d.errorf(idn.Range, "house rule id %q: use lower-case letters, digits, '-', '_' and '.'", r.ID)
		ok = false
	case d.seen[r.ID] != nil:
		p := d.f.Lines.Position(d.seen[r.ID].Range.Start)
		d.errorf(idn.Range, "house rule %q is declared twice (first at line %d)", r.ID, p.Line)
		ok = false
	case d.strict && codes.Lookup(r.ID) != nil:
		c := codes.Lookup(r.ID)
		d.errorf(idn.Range, "house rule id %q clashes with the built-in %s code %q; choose another id", r.ID, c.Category, r.ID)
		ok = false
	}
	if idn != nil && r.ID != "" {
		d.seen[r.ID] = idn
	}
	r.Description, _ = n.Child("description").String()
	r.Explanation, _ = n.Child("explanation").String()
	if sn := n.Child("severity"); sn != nil {
		s, _ := sn.String()
		lvl, err := diag.ParseSeverity(s)
		if err != nil || lvl == diag.SeverityNone {
			d.errorf(sn.Range, "severity: want error, warning or info")
			ok = false
		} else {
			r.Severity = lvl
		}
	}
	if !d.match(n.Child("match"), &r.Match) {
		ok = false
	}
	if !d.targets(n.Child("target"), r) {
		ok = false
	}
	if fn := n.Child("field"); fn != nil {
		list := items(fn)
		if fn.Kind == yamlfile.Scalar {
			list = []*yamlfile.Node{fn}
		}
		for _, e := range list {
			s, _ := e.String()
			s = strings.TrimPrefix(s, ".")
			if s == "" || strings.Contains(s, "..") {
				d.errorf(e.Range, "field: a key of the target, or a dotted path below it")
				ok = false
				continue
			}
			r.Field = append(r.Field, strings.Split(s, "."))
		}
	}
	an, sn := n.Child("assert"), n.Child("schema")
	switch {
	case an == nil && sn == nil:
		d.errorf(headOf(d.f, n), "house rule %q needs assert (a CEL expression) or schema (an inline JSON Schema)", r.ID)
		ok = false
	case an != nil && sn != nil:
		d.errorf(sn.KeyRange, "house rule %q: give assert or schema, not both", r.ID)
		ok = false
	case an != nil:
		r.assertText, _ = an.String()
		prg := d.cel(an, cel.BoolType, "assert")
		if prg == nil {
			ok = false
		}
		r.Assert = prg
	default:
		sch, err := compileInlineSchema(d.path, r.ID, sn.Value)
		if err != nil {
			d.errorf(sn.KeyRange, "schema of house rule %q does not compile: %v", r.ID, err)
			ok = false
		}
		r.Schema = sch
	}
	r.Message, _ = n.Child("message").String()
	if mn := n.Child("messageExpression"); mn != nil {
		prg := d.cel(mn, cel.StringType, "messageExpression")
		if prg == nil {
			ok = false
		}
		r.MessageExpr = prg
	}
	if en := n.Child("examples"); en != nil {
		r.Examples.Valid = d.examples(en.Child("valid"))
		r.Examples.Invalid = d.examples(en.Child("invalid"))
	}
	if !ok {
		return nil
	}
	return r
}

func (d *decoder) examples(n *yamlfile.Node) []Example {
	var out []Example
	for _, e := range items(n) {
		var src []byte
		if s, ok := e.String(); ok && e.Kind == yamlfile.Scalar {
			src = []byte(s)
		} else {
			src = dedent(d.f.Src, e)
		}
		out = append(out, Example{Src: src, Source: d.source(e)})
	}
	return out
}

// dedent returns a node's source text with its indentation removed, so an
// example written as YAML (not as a string) parses alone.
func dedent(src []byte, n *yamlfile.Node) []byte {
	start := n.Range.Start
	ls := start
	for ls > 0 && src[ls-1] != '\n' {
		ls--
	}
	col := start - ls
	text := string(src[start:n.Range.End])
	if n.Style == yamlfile.Flow {
		return []byte(text)
	}
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		l := lines[i]
		if len(l) >= col && strings.TrimSpace(l[:col]) == "" {
			lines[i] = l[col:]
		} else {
			lines[i] = strings.TrimLeft(l, " ")
		}
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

func (d *decoder) match(n *yamlfile.Node, m *Match) bool {
	if n == nil {
		return true
	}
	ok := true
	if kn := n.Child("kinds"); kn != nil {
		list := items(kn)
		if kn.Kind == yamlfile.Scalar {
			list = []*yamlfile.Node{kn}
		}
		for _, k := range list {
			s, _ := k.String()
			if msg := checkKindPattern(s); msg != "" {
				d.errorf(k.Range, "match.kinds: %s", msg)
				ok = false
				continue
			}
			m.Kinds = append(m.Kinds, KindPattern{Text: s})
		}
	}
	if fn := n.Child("files"); fn != nil {
		list := items(fn)
		if fn.Kind == yamlfile.Scalar {
			list = []*yamlfile.Node{fn}
		}
		for _, g := range list {
			s, _ := g.String()
			if !validGlob(s) {
				d.errorf(g.Range, "match.files: %q is not a valid glob", s)
				ok = false
				continue
			}
			m.Files = append(m.Files, strings.TrimPrefix(s, "./"))
		}
	}
	if fn := n.Child("format"); fn != nil {
		s, _ := fn.String()
		if _, known := Formats[s]; !known {
			msg := fmt.Sprintf("match.format: unknown format %q", s)
			if c := suggest.Closest(s, FormatNames()); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
			}
			d.errorf(fn.Range, "%s (formats: %s)", msg, strings.Join(FormatNames(), ", "))
			ok = false
		}
		m.Format = s
	}
	if sn := n.Child("schema"); sn != nil {
		s, _ := sn.String()
		m.Schema = schemas.ResolveRef(s, d.dir)
	}
	return ok
}

// checkKindPattern says what is wrong with a match.kinds entry, or "".
func checkKindPattern(s string) string {
	if s == "" {
		return "empty kind pattern"
	}
	if s == "*" {
		return ""
	}
	parts := strings.Split(s, "/")
	if len(parts) > 3 {
		return fmt.Sprintf("%q: want group/version/Kind, version/Kind (core group), */Kind or Kind", s)
	}
	for _, p := range parts {
		if p == "" {
			return fmt.Sprintf("%q has an empty segment", s)
		}
	}
	k := parts[len(parts)-1]
	if k != "*" && !(k[0] >= 'A' && k[0] <= 'Z') && !strings.ContainsAny(k[:1], "*?[") {
		return fmt.Sprintf("%q: a Kind starts with an upper-case letter (%q)", s, strings.ToUpper(k[:1])+k[1:])
	}
	return ""
}

func validGlob(s string) bool {
	if s == "" {
		return false
	}
	return doublestar.ValidatePattern(s)
}

func (d *decoder) targets(n *yamlfile.Node, r *Rule) bool {
	if n == nil {
		r.Targets = []Target{{Kind: TargetDocument}}
		return true
	}
	list := items(n)
	if n.Kind == yamlfile.Scalar {
		list = []*yamlfile.Node{n}
	}
	ok := true
	for _, tn := range list {
		s, _ := tn.String()
		t, msg := parseTarget(s)
		if msg != "" {
			d.errorf(tn.Range, "target: %s", msg)
			ok = false
			continue
		}
		r.Targets = append(r.Targets, t)
	}
	if len(r.Targets) == 0 && ok {
		d.errorf(n.Range, "target: give a target")
		ok = false
	}
	return ok
}

// parseTarget reads a named target or a path. A single word close to a
// named target is taken for a typo.
func parseTarget(s string) (Target, string) {
	if k, ok := targetNames[s]; ok {
		return Target{Kind: k}, ""
	}
	names := make([]string, 0, len(targetNames))
	for k := range targetNames {
		names = append(names, k)
	}
	sort.Strings(names)
	p := strings.TrimPrefix(s, "$.")
	if p == "" || p == "$" {
		return Target{}, "empty path"
	}
	if !strings.Contains(s, ".") && !strings.Contains(s, "*") {
		if c := suggest.Closest(s, names); c != "" {
			return Target{}, fmt.Sprintf("unknown target %q; did you mean %q? (write \"$.%s\" for the top-level key)", s, c, s)
		}
	}
	segs := strings.Split(p, ".")
	for _, seg := range segs {
		if seg == "" {
			return Target{}, fmt.Sprintf("path %q has an empty segment (targets: %s, or a dotted path)", s, strings.Join(names, ", "))
		}
	}
	return Target{Kind: TargetPath, Path: segs}, ""
}

// cel compiles the expression of node n, checking its type.
func (d *decoder) cel(n *yamlfile.Node, want *cel.Type, what string) *celenv.Program {
	expr, isStr := n.String()
	if !isStr || strings.TrimSpace(expr) == "" {
		d.errorf(n.Range, "%s: a CEL expression (a string)", what)
		return nil
	}
	if d.pack != "" {
		// A built-in pack's expressions compile on first use
		// (TestPackExpressionsCompile compiles them all).
		return celenv.Deferred(ruleEnv, expr)
	}
	prg, err := celenv.Compile(ruleEnv, expr)
	if err != nil {
		var ce *celenv.CompileError
		if errors.As(err, &ce) {
			d.errorf(exprRange(d.f, n, ce.Line, ce.Column), "%s: %s", what, celHint(ce.Msg))
		} else {
			d.errorf(n.Range, "%s: %v", what, err)
		}
		return nil
	}
	if t := prg.Output; t != nil && !t.IsExactType(cel.DynType) && !t.IsExactType(want) {
		d.errorf(n.Range, "%s must be a %s expression, this one is %s", what, typeName(want), typeName(t))
		return nil
	}
	return prg
}

func typeName(t *cel.Type) string {
	switch {
	case t.IsExactType(cel.BoolType):
		return "bool"
	case t.IsExactType(cel.StringType):
		return "string"
	}
	return t.String()
}

var undeclared = regexp.MustCompile(`undeclared reference to '([^']+)'`)
var noOverload = regexp.MustCompile(`found no matching overload for '([^']+)'`)

// celHint adds "did you mean" to CEL's messages about unknown names.
func celHint(msg string) string {
	if m := undeclared.FindStringSubmatch(msg); m != nil {
		name := m[1]
		out := fmt.Sprintf("unknown variable or function %q", name)
		if s := suggest.Closest(name, append(append([]string(nil), ruleVars...), functionNames()...)); s != "" {
			out += fmt.Sprintf("; did you mean %q?", s)
		}
		return out + " (variables: " + strings.Join(ruleVars, ", ") + ")"
	}
	if m := noOverload.FindStringSubmatch(msg); m != nil {
		if s := suggest.Closest(m[1], functionNames()); s != "" && s != m[1] {
			return msg + fmt.Sprintf("; did you mean %q?", s)
		}
	}
	return msg
}

var functionNames = func() func() []string {
	var names []string
	var once bool
	return func() []string {
		if once {
			return names
		}
		once = true
		env, err := ruleEnv.CEL()
		if err != nil {
			return nil
		}
		for name := range env.Functions() {
			if !strings.HasPrefix(name, "_") && !strings.Contains(name, "@") {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		return names
	}
}()

// exprRange maps a CEL error location (1-based line and column in the
// expression) to the config source, when the scalar's text maps simply
// onto the expression; else the whole value.
func exprRange(f *yamlfile.File, n *yamlfile.Node, line, col int) diag.Range {
	if col <= 0 || line <= 0 {
		return n.Range
	}
	src := f.Src
	switch n.Style {
	case yamlfile.Plain, yamlfile.SingleQuoted, yamlfile.DoubleQuoted:
		if line != 1 {
			return n.Range
		}
		off := n.Range.Start + col - 1
		if n.Style != yamlfile.Plain {
			off++
		}
		if off < n.Range.End {
			return diag.Range{Start: off, End: off + 1}
		}
	case yamlfile.Literal:
		// The expression's line k is the k-th line after the header,
		// less the block's indentation (that of its first line).
		first := f.Lines.Line(n.Range.Start) + 1
		l := first + line - 1
		if l < f.Lines.Lines() && first < f.Lines.Lines() {
			indent := 0
			for i := f.Lines.LineStart(first); i < len(src) && src[i] == ' '; i++ {
				indent++
			}
			ls, le := f.Lines.LineStart(l), f.Lines.LineEnd(l)
			off := ls + indent + col - 1
			if off < le {
				return diag.Range{Start: off, End: off + 1}
			}
		}
	}
	return n.Range
}

// headOf is where a problem with a whole mapping is reported: its key, or
// its first entry.
func headOf(f *yamlfile.File, n *yamlfile.Node) diag.Range {
	if n == nil {
		return diag.Range{}
	}
	if n.HasKey {
		return n.KeyRange
	}
	if n.Kind == yamlfile.Mapping && len(n.Children) > 0 {
		c := n.Children[0]
		if c.Kind == yamlfile.Scalar && f.Lines.Line(c.Range.End) == f.Lines.Line(c.KeyRange.Start) {
			return diag.Range{Start: c.KeyRange.Start, End: c.Range.End}
		}
		return c.KeyRange
	}
	end := f.Lines.LineEnd(f.Lines.Line(n.Range.Start))
	if end > n.Range.End || end < n.Range.Start {
		end = n.Range.End
	}
	return diag.Range{Start: n.Range.Start, End: end}
}
