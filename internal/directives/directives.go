// Package directives applies in-file comments that switch checks off, with
// yamllint's syntax and semantics so files written for yamllint keep
// working:
//
//	# yamllint disable [rule:ID ...]       off from this line on (all rules, or the listed ones)
//	# yamllint enable [rule:ID ...]        back on from this line on
//	# yamllint disable-line [rule:ID ...]  off for this line; alone on a line: for the next line
//	# yamllint disable-file                first line only: the file is not checked at all
//
// "yamlint" is accepted as the prefix too. Directives filter diagnostics by
// code, so `rule:schema` silences schema validation errors; a bare directive
// covers every rule but not syntax or schema errors (as in yamllint, where
// syntax errors cannot be disabled). disable-file with a rule list (an
// extension) turns only those codes off for the whole file.
package directives

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/suggest"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Code is the code of warnings about directives themselves.
const Code = "directive"

// CodeStatus is what a directive may do with a named code.
type CodeStatus uint8

const (
	CodeOK             CodeStatus = iota // known and silenceable
	CodeUnknown                          // no such code
	CodeNotSilenceable                   // known, but a comment cannot switch it off
)

// Options tell Apply which codes exist.
type Options struct {
	// Rules are the codes a bare disable/disable-line covers.
	Rules []string
	// Status says whether a code may be named with rule:ID (the code
	// registry); other names get a warning. Nil means every name in Rules
	// plus "schema".
	Status func(code string) CodeStatus
	// IDs lists every code, for "did you mean" in warnings (may be nil).
	IDs func() []string
}

var (
	// The same patterns as yamllint's linter: one space after "#", rule
	// names without spaces, nothing else on the comment.
	// Compiled on first use; the cheap tests before each match skip
	// the comments and first lines that cannot be directives.
	directiveRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^# (?:yamllint|yamlint) (disable|enable|disable-line)((?: rule:\S+)*)\s*$`)
	})
	fileRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^#\s*(?:yamllint|yamlint) disable-file((?: rule:\S+)*)\s*$`)
	})
)

var markers = [][]byte{[]byte("yamllint"), []byte("yamlint")}

type event struct {
	line     int // 0-based
	disabled map[string]bool
}

// Apply drops the diagnostics that f's directives switch off and appends a
// warning for each directive naming an unknown code. diags need not be sorted.
func Apply(f *yamlfile.File, diags []diag.Diagnostic, opts Options) []diag.Diagnostic {
	if f == nil || !mentionsDirective(f.Src) {
		return diags
	}
	all := map[string]bool{}
	for _, r := range opts.Rules {
		all[r] = true
	}
	status := opts.Status
	if status == nil {
		status = func(c string) CodeStatus {
			if all[c] || c == "schema" {
				return CodeOK
			}
			return CodeUnknown
		}
	}
	warnFor := func(rng diag.Range, id string) (diag.Diagnostic, bool) {
		st := status(id)
		if st == CodeOK {
			return diag.Diagnostic{}, false
		}
		return badNameWarning(f, rng, id, st, opts.IDs), true
	}

	// disable-file is only read from the first line, as in yamllint.
	first := f.Lines.LineText(0)
	first = bytes.TrimPrefix(first, []byte("\xef\xbb\xbf"))
	if m := fileSubmatch(first); m != nil {
		ids := ruleIDs(string(m[1]))
		if len(ids) == 0 {
			return nil
		}
		var warns []diag.Diagnostic
		off := map[string]bool{}
		for _, id := range ids {
			if w, bad := warnFor(diag.Range{Start: f.BOM, End: f.Lines.LineEnd(0)}, id); bad {
				warns = append(warns, w)
				continue
			}
			off[id] = true
		}
		out := diags[:0:0]
		for _, d := range diags {
			if !off[d.Code] {
				out = append(out, d)
			}
		}
		return append(out, warns...)
	}

	var events []event
	lineOff := map[int]map[string]bool{}
	state := map[string]bool{}
	var warns []diag.Diagnostic
	for _, c := range f.Comments() {
		text := "#" + c.Text
		if !strings.Contains(text, "lint ") {
			continue
		}
		m := directiveRe().FindStringSubmatch(text)
		if m == nil {
			continue
		}
		kind, ids := m[1], ruleIDs(m[2])
		var valid []string
		for _, id := range ids {
			if w, bad := warnFor(c.Range, id); bad {
				warns = append(warns, w)
				continue
			}
			valid = append(valid, id)
		}
		line := f.Lines.Line(c.Range.Start)
		switch kind {
		case "disable":
			next := copySet(state)
			if len(ids) == 0 {
				next = copySet(all)
			}
			for _, id := range valid {
				next[id] = true
			}
			state = next
			events = append(events, event{line: line, disabled: state})
		case "enable":
			next := copySet(state)
			if len(ids) == 0 {
				next = map[string]bool{}
			}
			for _, id := range valid {
				delete(next, id)
			}
			state = next
			events = append(events, event{line: line, disabled: state})
		case "disable-line":
			target := line
			if !inline(f, c.Range.Start) {
				target = line + 1
			}
			set := lineOff[target]
			if set == nil {
				set = map[string]bool{}
				lineOff[target] = set
			}
			if len(ids) == 0 {
				for id := range all {
					set[id] = true
				}
			}
			for _, id := range valid {
				set[id] = true
			}
		}
	}
	if len(events) == 0 && len(lineOff) == 0 {
		return append(diags, warns...)
	}
	out := diags[:0:0]
	for _, d := range diags {
		line := f.Lines.Line(d.Range.Start)
		if lineOff[line][d.Code] {
			continue
		}
		// The block state in force at the end of the diagnostic's line.
		i := sort.Search(len(events), func(i int) bool { return events[i].line > line }) - 1
		if i >= 0 && events[i].disabled[d.Code] {
			continue
		}
		out = append(out, d)
	}
	return append(out, warns...)
}

func mentionsDirective(src []byte) bool {
	for _, m := range markers {
		if bytes.Contains(src, m) {
			return true
		}
	}
	return false
}

// ruleIDs splits " rule:a rule:b" into ids.
func ruleIDs(s string) []string {
	var out []string
	for _, item := range strings.Fields(s) {
		out = append(out, strings.TrimPrefix(item, "rule:"))
	}
	return out
}

// inline reports whether something other than blanks precedes offset on
// its line (yamllint's Comment.is_inline).
func inline(f *yamlfile.File, off int) bool {
	start := f.Lines.LineStart(f.Lines.Line(off))
	if start == 0 {
		start = f.BOM
	}
	return len(bytes.TrimLeft(f.Src[start:off], " \t")) > 0
}

func copySet(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func badNameWarning(f *yamlfile.File, rng diag.Range, id string, st CodeStatus, ids func() []string) diag.Diagnostic {
	msg := fmt.Sprintf("directive names unknown rule %q", id)
	if st == CodeNotSilenceable {
		msg = fmt.Sprintf("directive names %q, which cannot be disabled", id)
	} else if ids != nil {
		if s := suggest.Closest(id, ids()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
	}
	return diag.Diagnostic{Range: rng, Severity: diag.SeverityWarning, Code: Code, Message: msg}
}

// fileSubmatch matches a disable-file directive on a file's first line.
func fileSubmatch(first []byte) [][]byte {
	if !bytes.Contains(first, []byte("lint disable-file")) {
		return nil
	}
	return fileRe().FindSubmatch(first)
}
