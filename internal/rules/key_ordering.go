package rules

import (
	"regexp"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() {
	Register(&Rule{
		ID:              "key-ordering",
		Doc:             "Enforce alphabetical ordering of keys in mappings.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options: []Option{
			{Name: "ignored-keys", Default: []any{}, Doc: "regular expressions of keys whose order is not checked"},
		},
		Check: checkKeyOrdering,
	})
}

// keyLess compares keys; yamllint uses strcoll, which in the C locale (and
// for the ASCII keys of typical files) is code point order.
var keyLess = func(a, b string) bool { return a < b }

func checkKeyOrdering(p *Pass) {
	d := styleOf(p.File)
	var ignored []*regexp.Regexp
	for _, s := range stringsOpt(p, "ignored-keys", nil) {
		if re, err := regexp.Compile(s); err == nil {
			ignored = append(ignored, re)
		}
	}
	walkKeys(d, func(scope *keyScope, key *tok) {
		wrong := false
		for _, k := range scope.order {
			if keyLess(key.Value, k) {
				wrong = true
				break
			}
		}
		if wrong {
			for _, re := range ignored {
				// Python's re.match anchors at the start.
				if loc := re.FindStringIndex(key.Value); loc != nil && loc[0] == 0 {
					wrong = false
					break
				}
			}
		}
		if wrong {
			d.report(p, key.Start.Line+1, key.Start.Column+1, key.End.Offset-key.Start.Offset,
				`wrong ordering of key "`+key.Value+`" in mapping`)
			return
		}
		scope.order = append(scope.order, key.Value)
	})
}
