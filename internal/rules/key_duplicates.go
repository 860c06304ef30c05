package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "key-duplicates",
		Requires:        []*Shared{styleShared},
		Doc:             "Prevent multiple entries with the same key in mappings.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		// Off by default: the parser already reports duplicate keys
		// ("duplicate-key"); yamllint-style configs turn it on.
		DefaultEnabled: false,
		Options:        &keyDuplicatesOptions{},
		Check:          checkKeyDuplicates,
	})
}

type keyDuplicatesOptions struct {
	ForbidDuplicatedMergeKeys bool `yaml:"forbid-duplicated-merge-keys" doc:"also forbid several merge keys (<<) in one mapping"`
}

// keyScope is one open collection with the keys seen so far (nil for a
// sequence).
type keyScope struct {
	isMap bool
	keys  map[string]bool
	order []string
}

// walkKeys calls fn for every scalar key of a mapping, with the mapping's
// scope, the way yamllint's key rules track collections.
func walkKeys(d *styleData, fn func(scope *keyScope, key *tok)) {
	var stack []*keyScope
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		switch t.Kind {
		case yamltok.BlockMappingStart, yamltok.FlowMappingStart:
			stack = append(stack, &keyScope{isMap: true, keys: map[string]bool{}})
		case yamltok.BlockSequenceStart, yamltok.FlowSequenceStart:
			stack = append(stack, &keyScope{})
		case yamltok.BlockEnd, yamltok.FlowMappingEnd, yamltok.FlowSequenceEnd:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case yamltok.Key:
			// KEY tokens also appear in flow sequences ([a: 1]).
			if isKind(next, yamltok.Scalar) && len(stack) > 0 && stack[len(stack)-1].isMap {
				fn(stack[len(stack)-1], next)
			}
		}
	})
}

func checkKeyDuplicates(p *Pass) {
	d := styleOf(p)
	forbidMerge := p.Options.(*keyDuplicatesOptions).ForbidDuplicatedMergeKeys
	walkKeys(d, func(scope *keyScope, key *tok) {
		if scope.keys[key.Value] && (key.Value != "<<" || forbidMerge) {
			d.report(p, key.Start.Line+1, key.Start.Column+1, key.End.Offset-key.Start.Offset,
				`duplication of key "`+key.Value+`" in mapping`)
			return
		}
		scope.keys[key.Value] = true
	})
}
