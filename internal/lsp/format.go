package lsp

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/directives"
	"github.com/yamlint/yamlint/internal/fix"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Formatting is the style rules' safe fixes applied until nothing changes,
// as `yamlint --fix` does, with the rules' options tuned by the
// yaml.format.* settings. The active configuration's style rules all run
// with their own options (a formatted file is clean under them, as far as
// their fixes reach); a few layout rules the configuration leaves off run
// too, with the formatter's options. Whatever the rules do, the result is
// re-parsed and compared with the original: a formatting that would change
// the data (or drop a comment) is never returned.

// formatterRules are the layout rules formatting runs even when the
// configuration has them off: their fixes only move whitespace, quotes
// and blank lines.
var formatterRules = []string{
	"braces", "brackets", "colons", "commas", "comments", "comments-indentation", "empty-lines",
	"hyphens", "indentation", "new-line-at-end-of-file", "quoted-strings", "trailing-spaces",
}

// maxFormatPasses bounds the fix/re-check loop (as the CLI's --fix).
const maxFormatPasses = 10

var (
	errNotFormattable = errors.New("the file has syntax errors or template placeholders; not formatted")
	errDataChanged    = errors.New("formatting would change the data; not formatted (please report this)")
)

type formatRun struct {
	rule *rules.Rule
	opts any // r.DecodeOptions of the tuned values
}

// formatPlan returns the rules formatting runs and their options: the
// configuration's enabled style rules, tuned by fs where their options
// allow it, plus formatterRules with the formatter's options.
func formatPlan(cfg *config.Config, fs FormatSettings, indent int) []formatRun {
	var plan []formatRun
	for _, r := range rules.All() {
		if r.Category != "style" {
			continue
		}
		active, values := activeRule(cfg, r)
		if !active && !slices.Contains(formatterRules, r.ID) {
			continue
		}
		if !active {
			values = map[string]any{}
		}
		tuneRule(r, active, values, fs, indent)
		opts, err := r.DecodeOptions(values)
		if err != nil {
			// The configuration's values were reported when it was loaded;
			// such a rule formats with its defaults.
			opts = nil
		}
		plan = append(plan, formatRun{rule: r, opts: opts})
	}
	return plan
}

// activeRule reports whether the configuration enables r and with which
// option values (as the engine plans its rules; decoded by the caller).
func activeRule(cfg *config.Config, r *rules.Rule) (bool, map[string]any) {
	enabled := r.DefaultEnabled
	opts := map[string]any{}
	if rc, ok := cfg.Rule(r.ID); ok {
		enabled = rc.Enabled
		for k, v := range rc.Options {
			opts[k] = v
		}
	}
	if s, ok := cfg.Severity[r.ID]; ok {
		enabled = s != diag.SeverityNone
	}
	return enabled, opts
}

// optInt reads an integer option, falling back to the rule's default.
func optInt(r *rules.Rule, opts map[string]any, name string) (int, bool) {
	v, ok := opts[name]
	if !ok {
		if o, declared := r.Option(name); declared {
			v = o.Default
		}
	}
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case uint64:
		return int(x), true
	case float64:
		return int(x), true
	}
	return 0, false
}

func optString(r *rules.Rule, opts map[string]any, name string) string {
	if s, ok := opts[name].(string); ok {
		return s
	}
	if o, declared := r.Option(name); declared {
		s, _ := o.Default.(string)
		return s
	}
	return ""
}

// tuneRule sets the formatter's preferences on a rule's options. For an
// active rule a preference applies only where the configured options leave
// the choice open, so the result stays clean under the configuration.
func tuneRule(r *rules.Rule, active bool, opts map[string]any, fs FormatSettings, indent int) {
	switch r.ID {
	case "indentation":
		// An active rule's fixed number of spaces wins; "consistent"
		// (the default) leaves the choice to the formatter.
		if _, fixed := optInt(r, opts, "spaces"); !active || !fixed {
			opts["spaces"] = indent
		}
		if !active {
			opts["indent-sequences"] = "whatever"
		}
	case "braces", "brackets":
		want := 0
		if fs.BracketSpacing {
			want = 1
		}
		lo, _ := optInt(r, opts, "min-spaces-inside")
		hi, _ := optInt(r, opts, "max-spaces-inside")
		if !active || ((lo == -1 || lo <= want) && (hi == -1 || want <= hi)) {
			opts["min-spaces-inside"], opts["max-spaces-inside"] = want, want
		}
		if !active {
			opts["min-spaces-inside-empty"], opts["max-spaces-inside-empty"] = 0, 0
		}
	case "colons":
		if !active {
			opts["max-spaces-before"], opts["max-spaces-after"] = 0, 1
		}
	case "hyphens":
		if !active {
			opts["max-spaces-after"] = 1
		}
	case "comments":
		if !active {
			opts["require-starting-space"], opts["ignore-shebangs"], opts["min-spaces-from-content"] = true, true, 1
		}
	case "empty-lines":
		if !active {
			opts["max"], opts["max-start"], opts["max-end"] = 1, 0, 0
		}
	case "quoted-strings":
		prefer := "double"
		if fs.SingleQuote {
			prefer = "single"
		}
		if !active {
			opts["quote-type"], opts["required"], opts["allow-quoted-quotes"] = prefer, false, true
		} else if optString(r, opts, "quote-type") == "any" {
			opts["quote-type"] = prefer
		}
	}
}

// formatIndent is the indentation formatting asks for: yaml.format.indentation,
// else the editor's tab size (2 when it sends none).
func formatIndent(fs FormatSettings, tabSize int) int {
	switch {
	case fs.Indentation > 0:
		return fs.Indentation
	case tabSize > 0 && tabSize <= 16:
		return tabSize
	}
	return 2
}

// formatText returns src formatted. It fails, leaving src alone, when src
// does not parse, holds template placeholders, or when the result would
// not hold the same data and comments.
func formatText(cfg *config.Config, path string, src []byte, fs FormatSettings, tabSize int) ([]byte, error) {
	opts := yamlfile.Options{CustomTags: cfg.CustomTags}
	orig := yamlfile.Parse(path, src, opts)
	if !formattable(orig) {
		return nil, errNotFormattable
	}
	want := dataOf(orig)
	indent := formatIndent(fs, tabSize)
	plan := formatPlan(cfg, fs, indent)
	out, settled := fixLoop(cfg, path, src, orig, plan)
	// A loop stopped by a cycle or the pass limit may still move on from
	// where it stopped; a few more rounds make formatting idempotent.
	for round := 0; round < 3 && !settled; round++ {
		var next []byte
		next, settled = fixLoop(cfg, path, out, nil, plan)
		if bytes.Equal(next, out) {
			break
		}
		out = next
	}
	if fs.ProseWrap == "always" || fs.ProseWrap == "never" {
		f := yamlfile.Parse(path, out, opts)
		if formattable(f) {
			wrapped := applyEdits(out, proseEdits(f, fs.ProseWrap, fs.PrintWidth, indent))
			if !bytes.Equal(wrapped, out) {
				if g := yamlfile.Parse(path, wrapped, opts); formattable(g) && dataOf(g) == want {
					out = wrapped
				}
			}
		}
	}
	if bytes.Equal(out, src) {
		return out, nil
	}
	if f := yamlfile.Parse(path, out, opts); !formattable(f) || dataOf(f) != want {
		return nil, errDataChanged
	}
	return out, nil
}

func formattable(f *yamlfile.File) bool {
	for _, d := range f.Syntax {
		if d.Code == "syntax" {
			return false
		}
	}
	for _, d := range f.Docs {
		if d.Broken || d.Approximate {
			return false
		}
	}
	return true
}

// fixLoop lints src with the plan's rules, applies their safe fixes and
// repeats until nothing changes (settled) or a cycle or maxFormatPasses
// stops it. f is src parsed, or nil.
func fixLoop(cfg *config.Config, path string, src []byte, f *yamlfile.File, plan []formatRun) ([]byte, bool) {
	ids := make([]string, len(plan))
	for i, r := range plan {
		ids[i] = r.rule.ID
	}
	seen := map[[32]byte]bool{sha256.Sum256(src): true}
	for pass := 0; pass < maxFormatPasses; pass++ {
		if pass > 0 || f == nil {
			f = yamlfile.Parse(path, src, yamlfile.Options{CustomTags: cfg.CustomTags})
			if !formattable(f) {
				return src, true
			}
		}
		ds := styleDiagnostics(cfg, path, f, plan, ids)
		out, n := fix.Apply(src, safeFixes(ds))
		if n == 0 || bytes.Equal(out, src) {
			return src, true
		}
		h := sha256.Sum256(out)
		if seen[h] {
			return src, false
		}
		seen[h] = true
		src = out
	}
	return src, false
}

// styleDiagnostics runs the plan's rules over f, honouring the file's
// yamllint directives and the rules' ignore patterns.
func styleDiagnostics(cfg *config.Config, path string, f *yamlfile.File, plan []formatRun, ids []string) []diag.Diagnostic {
	docs := make([]rules.DocInfo, len(f.Docs))
	for i, d := range f.Docs {
		docs[i].Doc = d
	}
	var ds []diag.Diagnostic
	lint := rules.NewLint(nil) // style rules read no other file
	for _, run := range plan {
		if cfg.RuleIgnored(run.rule.ID, path) {
			continue
		}
		rules.Run(lint.NewPass(run.rule, f, docs, run.opts, diag.SeverityWarning, func(d diag.Diagnostic) { ds = append(ds, d) }))
	}
	return directives.Apply(f, ds, directives.Options{Rules: ids})
}

// safeFixes keeps the diagnostics with safe fixes, each with only those
// (suggestions such as "did you mean" renames are never applied unasked).
func safeFixes(ds []diag.Diagnostic) []diag.Diagnostic { return fix.Fixable(ds, false) }

// applyEdits applies non-overlapping edits (any order).
func applyEdits(src []byte, edits []diag.TextEdit) []byte {
	if len(edits) == 0 {
		return src
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Range.Start < edits[j].Range.Start })
	var out bytes.Buffer
	pos := 0
	for _, e := range edits {
		if e.Range.Start < pos || e.Range.End > len(src) {
			continue
		}
		out.Write(src[pos:e.Range.Start])
		out.WriteString(e.NewText)
		pos = e.Range.End
	}
	out.Write(src[pos:])
	return out.Bytes()
}

// dataOf renders every document's data (kinds, tags, keys and values in
// order) and the comments' text, so that two texts holding the same data
// and comments render the same.
func dataOf(f *yamlfile.File) string {
	var b strings.Builder
	for _, d := range f.Docs {
		b.WriteString("---\n")
		writeData(&b, d.Root, 0)
	}
	b.WriteString("#\n")
	for _, c := range f.Comments() {
		b.WriteString(strings.TrimSpace(c.Text))
		b.WriteByte('\n')
	}
	return b.String()
}

// maxDataDepth stops the rendering of aliases nested very deep; the parser
// already bounds the total size of alias expansion.
const maxDataDepth = 1000

func writeData(b *strings.Builder, n *yamlfile.Node, depth int) {
	if n == nil {
		b.WriteString("~\n")
		return
	}
	if depth > maxDataDepth {
		b.WriteString("...\n")
		return
	}
	b.WriteString(n.Tag)
	switch n.Kind {
	case yamlfile.Mapping:
		fmt.Fprintf(b, "{%d\n", len(n.Children))
		for _, c := range n.Children {
			fmt.Fprintf(b, "%q:", c.Key)
			writeData(b, c, depth+1)
		}
		b.WriteString("}\n")
	case yamlfile.Sequence:
		fmt.Fprintf(b, "[%d\n", len(n.Children))
		for _, c := range n.Children {
			writeData(b, c, depth+1)
		}
		b.WriteString("]\n")
	default:
		switch v := n.Value.(type) {
		case float64:
			if math.IsNaN(v) {
				b.WriteString("float NaN\n")
				return
			}
		case string:
			fmt.Fprintf(b, "string %q\n", v)
			return
		}
		fmt.Fprintf(b, "%T %v\n", n.Value, n.Value)
	}
}

// proseEdits wraps (mode "always") the one-line plain string scalars of
// block collections that run past width at single spaces, or joins (mode
// "never") multi-line plain scalars onto one line. The caller verifies the
// data is unchanged.
func proseEdits(f *yamlfile.File, mode string, width, indent int) []diag.TextEdit {
	seen := map[int]bool{}
	var out []diag.TextEdit
	var walk func(n *yamlfile.Node)
	walk = func(n *yamlfile.Node) {
		if n == nil || n.Alias || seen[n.Range.Start] {
			return
		}
		seen[n.Range.Start] = true
		switch n.Kind {
		case yamlfile.Mapping, yamlfile.Sequence:
			if n.Style == yamlfile.Flow {
				return
			}
			for _, c := range n.Children {
				if c.Range.Start >= n.Range.Start && c.Range.End <= n.Range.End {
					walk(c)
				}
			}
			return
		case yamlfile.Scalar:
		default:
			return
		}
		s, ok := n.Value.(string)
		if !ok || n.Style != yamlfile.Plain || n.Tag != "" || n.Range.End > len(f.Src) {
			return
		}
		raw := string(f.Src[n.Range.Start:n.Range.End])
		startLine, endLine := f.Lines.Line(n.Range.Start), f.Lines.Line(max(n.Range.End-1, n.Range.Start))
		switch mode {
		case "never":
			if startLine != endLine && !strings.Contains(s, "\n") && !strings.Contains(s, "  ") {
				out = append(out, diag.TextEdit{Range: n.Range, NewText: s})
			}
		case "always":
			if startLine != endLine || raw != s || strings.Contains(s, "  ") || strings.ContainsAny(s, "\t") {
				return
			}
			line := f.Lines.LineText(startLine)
			lineStart := f.Lines.LineStart(startLine)
			rest := strings.TrimRight(string(line[n.Range.End-lineStart:]), "\r\n")
			if strings.TrimSpace(rest) != "" || utf8.RuneCount(bytes.TrimRight(line, "\r\n")) <= width {
				return
			}
			var cont int // column of the continuation lines
			if n.HasKey {
				cont = utf8.RuneCount(f.Src[f.Lines.LineStart(f.Lines.Line(n.KeyRange.Start)):n.KeyRange.Start]) + indent
			} else {
				cont = utf8.RuneCount(f.Src[lineStart:n.Range.Start])
			}
			if wrapped, ok := wrapWords(s, utf8.RuneCount(f.Src[lineStart:n.Range.Start]), cont, width); ok {
				out = append(out, diag.TextEdit{Range: n.Range, NewText: wrapped})
			}
		}
	}
	for _, d := range f.Docs {
		if d.Root != nil && (d.Root.Kind == yamlfile.Mapping || d.Root.Kind == yamlfile.Sequence) {
			walk(d.Root)
		}
	}
	return out
}

// wrapWords fills s into lines of at most width columns, the first
// starting at column first and the others at cont. A word that starts
// with a YAML indicator never begins a line.
func wrapWords(s string, first, cont, width int) (string, bool) {
	words := strings.Split(s, " ")
	var b strings.Builder
	col := first
	lines := 1
	for i, w := range words {
		wl := utf8.RuneCountInString(w)
		if i > 0 {
			if col+1+wl > width && col > cont && w != "" && !strings.ContainsAny(w[:1], "-?:,[]{}#&*!|>'\"%@`") {
				b.WriteString("\n")
				b.WriteString(strings.Repeat(" ", cont))
				col = cont
				lines++
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += wl
	}
	return b.String(), lines > 1
}

// formatEdits formats a snapshot and returns the edits, in protocol form,
// that turn its text into the formatted one.
func (s *Server) formatEdits(snap *snapshot, opts protocol.FormattingOptions, rng *protocol.Range) ([]protocol.TextEdit, error) {
	out := []protocol.TextEdit{}
	if snap.doc == nil {
		return out, nil
	}
	linter, settings := s.linterFor(snap.path)
	if !settings.Format.Enable {
		return out, nil
	}
	formatted, err := formatText(linter.Config, snap.path, snap.text, settings.Format, int(opts.TabSize))
	if err != nil {
		// Not an error for the client: the file stays as it is, and the
		// reason goes to the log (a syntax error is shown as a diagnostic).
		s.logf("format %s: %v", snap.uri, err)
		return out, nil
	}
	edits := fix.LineEdits(snap.text, formatted)
	if rng != nil {
		// Range formatting keeps the edits touching the range's lines, if
		// applying only those still keeps the data.
		from := snap.lines.LineStart(int(rng.Start.Line))
		to := toOffset(snap.lines, rng.End)
		var kept []diag.TextEdit
		for _, e := range edits {
			if e.Range.End >= from && e.Range.Start <= to {
				kept = append(kept, e)
			}
		}
		if len(kept) < len(edits) {
			copyKept := append([]diag.TextEdit(nil), kept...)
			partial := applyEdits(snap.text, copyKept)
			opts := yamlfile.Options{CustomTags: linter.Config.CustomTags}
			if f := yamlfile.Parse(snap.path, partial, opts); !formattable(f) || dataOf(f) != dataOf(yamlfile.Parse(snap.path, snap.text, opts)) {
				s.logf("range format %s: the edits in the range alone would change the data; not formatted", snap.uri)
				return out, nil
			}
		}
		edits = kept
	}
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toRange(snap.lines, e.Range), NewText: e.NewText})
	}
	return out, nil
}

// onTypeFormat indents the line a newline just opened: one level deeper
// after "key:" (or "- key:"), at the item's content after "- key: value",
// and with a new "- " after a "- item" line.
func (s *Server) onTypeFormat(snap *snapshot, p protocol.DocumentOnTypeFormattingParams) ([]protocol.TextEdit, error) {
	out := []protocol.TextEdit{}
	if snap.doc == nil || p.Ch != "\n" || p.Position.Line == 0 {
		return out, nil
	}
	_, settings := s.linterFor(snap.path)
	indent := formatIndent(settings.Format, int(p.Options.TabSize))
	line := int(p.Position.Line)
	if line >= snap.lines.Lines() {
		return out, nil
	}
	prev := strings.TrimRight(string(snap.lines.LineText(line-1)), "\r\n")
	code := stripComment(prev)
	code = strings.TrimRight(code, " \t")
	if strings.TrimSpace(code) == "" {
		return out, nil
	}
	base := len(prev) - len(strings.TrimLeft(prev, " "))
	var want string
	item := strings.HasPrefix(code[base:], "- ") || code[base:] == "-"
	content := base
	if item {
		content = base + 2
	}
	switch {
	case strings.HasSuffix(code, ":"):
		want = strings.Repeat(" ", content+indent)
	case item && strings.Contains(code[base:], ": "):
		want = strings.Repeat(" ", content)
	case item && code[base:] != "-":
		want = strings.Repeat(" ", base) + "- "
	default:
		return out, nil
	}
	cur := string(snap.lines.LineText(line))
	curTrim := strings.TrimRight(cur, "\r\n")
	lead := len(curTrim) - len(strings.TrimLeft(curTrim, " \t"))
	if curTrim[:lead] == want || (strings.TrimSpace(curTrim) != "" && strings.HasSuffix(want, "- ")) {
		return out, nil
	}
	// The line left behind loses its trailing spaces.
	if t := strings.TrimRight(prev, " \t"); len(t) < len(prev) {
		ps := snap.lines.LineStart(line - 1)
		out = append(out, protocol.TextEdit{Range: toRange(snap.lines, diag.Range{Start: ps + len(t), End: ps + len(prev)}), NewText: ""})
	}
	start := snap.lines.LineStart(line)
	out = append(out, protocol.TextEdit{Range: toRange(snap.lines, diag.Range{Start: start, End: start + lead}), NewText: want})
	return out, nil
}

// stripComment drops a trailing " # comment" outside quotes.
func stripComment(line string) string {
	var q byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '\'' || c == '"':
			q = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return line[:i]
		}
	}
	return line
}
