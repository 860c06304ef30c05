package cli

import (
	"bytes"
	"fmt"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/rules"
)

// Test-only rules, off unless a config turns them on, so the golden, fix
// and directive tests exercise the machinery whatever style rules are
// registered. Ids start with "x-test-" to never collide with real rules.
func init() {
	rules.Register(&rules.Rule{
		ID: "x-test-trailing", Category: "test", DefaultSeverity: diag.SeverityError,
		Check: func(p *rules.Pass) {
			lines := p.File.Lines
			for l := 0; l < lines.Lines(); l++ {
				start, end := lines.LineStart(l), lines.LineEnd(l)
				i := end
				for i > start && (p.File.Src[i-1] == ' ' || p.File.Src[i-1] == '\t') {
					i--
				}
				if i < end {
					rng := diag.Range{Start: i, End: end}
					p.Report(diag.Diagnostic{Range: rng, Message: "trailing spaces",
						Fixes: []diag.Fix{{Title: "Remove trailing spaces", Edits: []diag.TextEdit{{Range: rng}}, Kind: diag.FixSafe}}})
				}
			}
		},
	})
	rules.Register(&rules.Rule{
		ID: "x-test-eof", Category: "test", DefaultSeverity: diag.SeverityError,
		Check: func(p *rules.Pass) {
			src := p.File.Src
			// A file ending inside a block scalar would gain a line break
			// in the value: no fix offered (an indented last line is the
			// test rule's cheap stand-in for "inside a block scalar").
			last := p.File.Lines.LineText(p.File.Lines.Lines() - 1)
			if len(src) > 0 && src[len(src)-1] != '\n' && !bytes.HasPrefix(last, []byte(" ")) {
				at := len(src)
				p.Report(diag.Diagnostic{Range: diag.Range{Start: at, End: at}, Message: "no new line character at the end of file",
					Fixes: []diag.Fix{{Title: "Add a final newline", Edits: []diag.TextEdit{{Range: diag.Range{Start: at, End: at}, NewText: "\n"}}, Kind: diag.FixSafe}}})
			}
		},
	})
	// x-test-length reads its typed option: a configured YAML integer
	// (int64) must arrive as the declared Go int.
	rules.Register(&rules.Rule{
		ID: "x-test-length", Category: "test", DefaultSeverity: diag.SeverityWarning,
		Options: &testLengthOptions{Max: 80},
		Check: func(p *rules.Pass) {
			max := p.Options.(*testLengthOptions).Max
			lines := p.File.Lines
			for l := 0; l < lines.Lines(); l++ {
				if n := len([]rune(string(lines.LineText(l)))); n > max {
					at := lines.LineStart(l) + len(string([]rune(string(lines.LineText(l)))[:max]))
					p.Reportf(diag.Range{Start: at, End: lines.LineEnd(l)}, "line too long (%d > %d characters)", n, max)
				}
			}
		},
	})
	// x-test-colon puts one space after "key:" when there is none or
	// several; its fix makes lines longer or shorter, so fixes interact.
	rules.Register(&rules.Rule{
		ID: "x-test-colon", Category: "test", DefaultSeverity: diag.SeverityError,
		Check: func(p *rules.Pass) {
			lines := p.File.Lines
			for l := 0; l < lines.Lines(); l++ {
				text := lines.LineText(l)
				i := bytes.Index(text, []byte(":  "))
				if i < 0 || bytes.HasPrefix(bytes.TrimSpace(text), []byte("#")) {
					continue
				}
				j := i + 1
				for j < len(text) && text[j] == ' ' {
					j++
				}
				if j == len(text) {
					continue
				}
				base := lines.LineStart(l)
				rng := diag.Range{Start: base + i + 1, End: base + j}
				p.Report(diag.Diagnostic{Range: rng, Message: fmt.Sprintf("too many spaces after colon (%d)", j-i-1),
					Fixes: []diag.Fix{{Title: "Use one space", Edits: []diag.TextEdit{{Range: rng, NewText: " "}}, Kind: diag.FixSafe}}})
			}
		},
	})
}

type testLengthOptions struct {
	Max int `yaml:"max" doc:"longest line"`
}
