package rules

import (
	"bytes"
	"fmt"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "line-length",
		Requires:        []*Shared{styleShared},
		Doc:             "Set a limit to lines length.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         &lineLengthOptions{Max: 80, AllowNonBreakableWords: true},
		Check:           checkLineLength,
	})
}

type lineLengthOptions struct {
	Max                             int  `yaml:"max" doc:"maximal length of a line, in characters"`
	AllowNonBreakableWords          bool `yaml:"allow-non-breakable-words" doc:"allow non breakable words (without spaces inside) to overflow the limit"`
	AllowNonBreakableInlineMappings bool `yaml:"allow-non-breakable-inline-mappings" doc:"also allow a non breakable word as the value of a mapping on one line"`
}

func checkLineLength(p *Pass) {
	d := styleOf(p)
	src := d.src
	o := p.Options.(*lineLengthOptions)
	limit := o.Max
	inlineMaps := o.AllowNonBreakableInlineMappings
	words := o.AllowNonBreakableWords || inlineMaps
	for _, l := range d.lines {
		if l.End-l.Start <= limit {
			continue // fast path: bytes >= characters
		}
		n := runeCount(src[l.Start:l.End])
		if n <= limit {
			continue
		}
		if words {
			start := l.Start
			for start < l.End && src[start] == ' ' {
				start++
			}
			if start != l.End {
				if src[start] == '#' {
					for start < l.End && src[start] == '#' {
						start++
					}
					start++
				} else if src[start] == '-' {
					start += 2
				}
				if start >= l.End || bytes.IndexByte(src[start:l.End], ' ') < 0 {
					continue
				}
				if inlineMaps && nonBreakableInlineMapping(src[l.Start:l.End]) {
					continue
				}
			}
		}
		d.reportLine(p, l.No, limit+1, 0, fmt.Sprintf("line too long (%d > %d characters)", n, limit))
	}
}

// nonBreakableInlineMapping reports whether the line is "key: value" whose
// value (the first scalar after a ':') has no space.
func nonBreakableInlineMapping(line []byte) bool {
	toks, _ := yamltok.Scan(line)
	for i := 0; i < len(toks); i++ {
		if toks[i].Kind != yamltok.BlockMappingStart {
			continue
		}
		for i++; i < len(toks); i++ {
			if toks[i].Kind == yamltok.Value && i+1 < len(toks) {
				i++
				if toks[i].Kind == yamltok.Scalar {
					return bytes.IndexByte(line[toks[i].Start.Offset:], ' ') < 0
				}
			}
		}
		return false
	}
	return false
}
