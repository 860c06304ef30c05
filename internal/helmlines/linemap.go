// Package helmlines maps the lines of a rendered Helm template back to
// the template lines that produced them (kept apart from rendering, which
// links all of Helm, so it can be fuzzed cheaply).
package helmlines

import (
	"regexp"
	"strings"
)

// LineMap maps the lines of a rendered template to the template lines
// that produced them. Each template line becomes a pattern: its literal
// text, with every {{ action }} standing for any text; lines that are only
// actions produce no output of their own. Rendered lines are matched in
// order (forward from the last match, then from the top, for range
// loops). A rendered line that no pattern matches — text from an include,
// a toYaml, a multi-line value — has no template line: only its file is
// certain.
type LineMap struct {
	tmplLines []string
	// lines[i] is the 1-based template line of rendered line i+1, or 0.
	lines []int
}

// maxWork bounds the alignment (rendered lines × template lines).
const maxWork = 4 << 20

// action matches a template action; actions may span lines.
var action = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// NewLineMap builds the map of one rendered template.
func NewLineMap(template, rendered string) *LineMap {
	tl := strings.Split(template, "\n")
	// Replace actions by a marker, keeping line structure: a multi-line
	// action leaves its lines empty.
	const mark = "\x00"
	masked := action.ReplaceAllStringFunc(template, func(a string) string {
		return mark + strings.Repeat("\n", strings.Count(a, "\n"))
	})
	ml := strings.Split(masked, "\n")
	pats := make([]*regexp.Regexp, len(ml))
	for i, line := range ml {
		lit := strings.TrimSpace(line)
		if strings.Trim(lit, mark+" \t") == "" {
			continue // only actions
		}
		parts := strings.Split(lit, mark)
		for j, p := range parts {
			parts[j] = regexp.QuoteMeta(p)
		}
		re, err := regexp.Compile(`^` + strings.Join(parts, `.*`) + `$`)
		if err == nil {
			pats[i] = re
		}
	}
	out := strings.Split(rendered, "\n")
	m := &LineMap{tmplLines: tl, lines: make([]int, len(out))}
	if len(out)*len(pats) > maxWork {
		return m // too big to align: every line uncertain (file only)
	}
	cur := 0
	for i, line := range out {
		s := strings.TrimSpace(line)
		if s == "" || s == "---" {
			continue
		}
		found := -1
		for j := cur; j < len(pats) && found < 0; j++ {
			if pats[j] != nil && pats[j].MatchString(s) {
				found = j
			}
		}
		for j := 0; j < cur && found < 0; j++ {
			if pats[j] != nil && pats[j].MatchString(s) {
				found = j
			}
		}
		if found >= 0 {
			m.lines[i] = found + 1
			cur = found + 1
		}
	}
	return m
}

// Line returns the template line (1-based) of a rendered line (1-based),
// 0 when uncertain.
func (m *LineMap) Line(renderedLine int) int {
	if renderedLine < 1 || renderedLine > len(m.lines) {
		return 0
	}
	return m.lines[renderedLine-1]
}

// Column maps a 0-based byte column of a rendered line to the template
// line: the same text at the same distance from the first non-blank
// character when no action comes before it on the template line;
// otherwise the template line's first non-blank character, exact false.
func (m *LineMap) Column(renderedLine int, renderedText string, col int) (tcol int, exact bool) {
	tl := m.Line(renderedLine)
	if tl == 0 {
		return 0, false
	}
	t := m.tmplLines[tl-1]
	tIndent := len(t) - len(strings.TrimLeft(t, " \t"))
	rIndent := len(renderedText) - len(strings.TrimLeft(renderedText, " \t"))
	rel := col - rIndent
	if rel < 0 {
		return tIndent, false
	}
	tRest, rRest := t[tIndent:], renderedText[rIndent:]
	if rel <= len(tRest) && rel <= len(rRest) && tRest[:rel] == rRest[:rel] && !strings.Contains(tRest[:rel], "{{") {
		return tIndent + rel, true
	}
	return tIndent, false
}
