package rules

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "quoted-strings",
		Requires:        []*Shared{styleShared},
		Doc:             "Forbid any string values that are not quoted, or quoted with the wrong quotes.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options: &quotedStringsOptions{QuoteType: "any", Required: BoolOrKeyword{Bool: true},
			ExtraRequired: []string{}, ExtraAllowed: []string{}},
		Check: checkQuotedStrings,
	})
}

type quotedStringsOptions struct {
	QuoteType         string        `yaml:"quote-type" enum:"any,single,double,consistent" doc:"the quotes to use: any, single, double or consistent (the first used in the file)"`
	Required          BoolOrKeyword `yaml:"required" enum:"only-when-needed" doc:"true: strings must be quoted; false: they may be; only-when-needed: only where plain would not parse as the same string"`
	ExtraRequired     []string      `yaml:"extra-required" doc:"regular expressions of values that must be quoted"`
	ExtraAllowed      []string      `yaml:"extra-allowed" doc:"regular expressions of values that may be quoted (with only-when-needed)"`
	AllowQuotedQuotes bool          `yaml:"allow-quoted-quotes" doc:"allow the other quote type when the string contains the configured one"`
	CheckKeys         bool          `yaml:"check-keys" doc:"also check mapping keys"`
}

// Validate applies yamllint's checks across options.
func (o *quotedStringsOptions) Validate() error {
	req := o.Required.Value()
	switch {
	case req == true && len(o.ExtraAllowed) > 0:
		return errors.New(`cannot use both "required: true" and "extra-allowed"`)
	case req == true && len(o.ExtraRequired) > 0:
		return errors.New(`cannot use both "required: true" and "extra-required"`)
	case req == false && len(o.ExtraAllowed) > 0:
		return errors.New(`cannot use both "required: false" and "extra-allowed"`)
	}
	return nil
}

// PyYAML's YAML 1.1 implicit resolvers (plus the extra int form yamllint
// registers): a plain scalar matching one of these is not a string.
var implicitNonStr = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`),
		regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`),
		regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`),
		regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`),
		regexp.MustCompile(`^(?:<<)$`),
		regexp.MustCompile(`^(?:~|null|Null|NULL|)$`),
		regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`),
		regexp.MustCompile(`^(?:=)$`),
	}
})

// core12NonStr matches the plain scalars YAML 1.2's core schema (the one
// yamlint's parser uses) does not read as strings; a fix may add or remove
// quotes only where both schemas agree the value is a string.
var core12NonStr = lazyRegexp(`^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)

// resolvesToStr reports whether PyYAML would resolve a plain scalar with
// this value to a string.
func resolvesToStr(v string) bool {
	for _, re := range implicitNonStr() {
		if re.MatchString(v) {
			return false
		}
	}
	return true
}

// quotesNeeded reports whether s would not read back as the same plain
// string ("key: " + s scanned as one plain scalar).
func quotesNeeded(s string, inFlow bool) bool {
	if inFlow && strings.ContainsAny(s, ",[]{}") {
		return true
	}
	toks, err := yamltok.Scan([]byte("key: " + s))
	if err != nil || len(toks) < 7 {
		return true
	}
	a, b := toks[5], toks[6]
	return !(a.Kind == yamltok.Scalar && a.Style == 0 && b.Kind == yamltok.BlockEnd && a.Value == s)
}

func compileAll(ss []string) []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, s := range ss {
		if re, err := regexp.Compile(s); err == nil {
			out = append(out, re)
		}
	}
	return out
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func checkQuotedStrings(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*quotedStringsOptions)
	quoteType := o.QuoteType
	required := o.Required.Value()
	extraRequired := compileAll(o.ExtraRequired)
	extraAllowed := compileAll(o.ExtraAllowed)
	allowQuoted := o.AllowQuotedQuotes
	checkKeys := o.CheckKeys
	flowDepth := 0
	var consistent byte // the first quote style seen, for quote-type: consistent
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		switch t.Kind {
		case yamltok.FlowMappingStart, yamltok.FlowSequenceStart:
			flowDepth++
		case yamltok.FlowMappingEnd, yamltok.FlowSequenceEnd:
			flowDepth--
		}
		if t.Kind != yamltok.Scalar || !isKind(prev, yamltok.BlockEntry, yamltok.FlowEntry, yamltok.FlowSequenceStart,
			yamltok.Tag, yamltok.Value, yamltok.Key) {
			return
		}
		node := "value"
		if prev.Kind == yamltok.Key {
			node = "key"
			if !checkKeys {
				return
			}
		}
		// Explicitly typed scalars (!!str, !!int) are left alone.
		if prev.Kind == yamltok.Tag && prev.Handle() == "!!" {
			return
		}
		// PyYAML resolves the value as if it were plain, whatever its style.
		isStr := resolvesToStr(t.Value)
		if t.Plain && !isStr {
			return
		}
		if t.Style == '|' || t.Style == '>' {
			return
		}
		qt := quoteType
		if qt == "consistent" {
			if consistent == 0 && t.Style != 0 {
				consistent = t.Style
			}
			switch consistent {
			case '\'':
				qt = "single"
			case '"':
				qt = "double"
			default:
				qt = "any"
			}
		}
		match := qt == "any" || (qt == "single" && t.Style == '\'') || (qt == "double" && t.Style == '"')
		quotedQuotes := allowQuoted && t.Style != 0 &&
			((t.Style == '\'' && strings.Contains(t.Value, `"`)) || (t.Style == '"' && strings.Contains(t.Value, "'")))
		shownType := quoteType
		var msg string
		var fixes []diag.Fix
		switch required {
		case true:
			if t.Style == 0 || !(match || quotedQuotes) {
				msg = "string " + node + " is not quoted with " + shownType + " quotes"
				fixes = d.requoteFix(t, qt)
			}
		case false:
			if t.Style != 0 && !match && !quotedQuotes {
				msg = "string " + node + " is not quoted with " + shownType + " quotes"
				fixes = d.requoteFix(t, qt)
			} else if t.Style == 0 && anyMatch(extraRequired, t.Value) {
				msg = "string " + node + " is not quoted"
				fixes = d.requoteFix(t, qt)
			}
		case "only-when-needed":
			// A double-quoted string written with escapes needs its quotes.
			escaped := t.Style == '"' && bytes.IndexByte(d.src[t.Start.Offset:t.End.Offset], '\\') >= 0
			if t.Style != 0 && isStr && t.Value != "" && !escaped && !quotesNeeded(t.Value, flowDepth > 0) {
				if !anyMatch(extraRequired, t.Value) && !anyMatch(extraAllowed, t.Value) {
					msg = "string " + node + " is redundantly quoted with " + shownType + " quotes"
					fixes = d.unquoteFix(t)
				}
			} else if t.Style != 0 && !match && !quotedQuotes {
				msg = "string " + node + " is not quoted with " + shownType + " quotes"
				fixes = d.requoteFix(t, qt)
			} else if t.Style == 0 && len(extraRequired) > 0 && anyMatch(extraRequired, t.Value) {
				msg = "string " + node + " is not quoted"
				fixes = d.requoteFix(t, qt)
			}
		}
		if msg != "" {
			d.report(p, t.Start.Line+1, t.Start.Column+1, t.End.Offset-t.Start.Offset, msg, fixes...)
		}
	})
}

// requoteFix writes a one-line scalar with the wanted quotes, when its value
// can be written that way without escapes.
func (d *styleData) requoteFix(t *tok, quoteType string) []diag.Fix {
	if t.Start.Line != t.End.Line || strings.ContainsAny(t.Value, "\n\r\t") || (t.Plain && core12NonStr().MatchString(t.Value)) {
		return nil
	}
	for _, r := range t.Value {
		if r < 0x20 || r == 0x7f {
			return nil
		}
	}
	var text string
	switch {
	case quoteType != "double" && !strings.Contains(t.Value, "'") && (quoteType == "single" || t.Style != '\''):
		text = "'" + t.Value + "'"
	case quoteType != "single" && !strings.ContainsAny(t.Value, `"\`):
		text = `"` + t.Value + `"`
	case quoteType == "single":
		text = "'" + strings.ReplaceAll(t.Value, "'", "''") + "'"
	default:
		return nil
	}
	return []diag.Fix{fix("Quote the string", edit(t.Start.Offset, t.End.Offset, text))}
}

// unquoteFix removes redundant quotes from a one-line scalar.
func (d *styleData) unquoteFix(t *tok) []diag.Fix {
	if t.Start.Line != t.End.Line || core12NonStr().MatchString(t.Value) {
		return nil
	}
	return []diag.Fix{fix("Remove the quotes", edit(t.Start.Offset, t.End.Offset, t.Value))}
}
