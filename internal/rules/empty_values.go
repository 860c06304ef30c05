package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "empty-values",
		Doc:             "Prevent nodes with empty content, that implicitly result in null values.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options: []Option{
			{Name: "forbid-in-block-mappings", Default: true, Doc: "prevent empty values in block mappings"},
			{Name: "forbid-in-flow-mappings", Default: true, Doc: "prevent empty values in flow mappings"},
			{Name: "forbid-in-block-sequences", Default: true, Doc: "prevent empty values in block sequences"},
		},
		Check: checkEmptyValues,
	})
}

func checkEmptyValues(p *Pass) {
	d := styleOf(p)
	blockMaps := boolOpt(p, "forbid-in-block-mappings", true)
	flowMaps := boolOpt(p, "forbid-in-flow-mappings", true)
	blockSeqs := boolOpt(p, "forbid-in-block-sequences", true)
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		if blockMaps && t.Kind == yamltok.Value && isKind(next, yamltok.Key, yamltok.BlockEnd) {
			d.report(p, t.Start.Line+1, t.End.Column+1, 0, "empty value in block mapping")
		}
		if flowMaps && t.Kind == yamltok.Value && isKind(next, yamltok.FlowEntry, yamltok.FlowMappingEnd) {
			d.report(p, t.Start.Line+1, t.End.Column+1, 0, "empty value in flow mapping")
		}
		if blockSeqs && t.Kind == yamltok.BlockEntry && isKind(next, yamltok.Key, yamltok.BlockEnd, yamltok.BlockEntry) {
			d.report(p, t.Start.Line+1, t.End.Column+1, 0, "empty value in block sequence")
		}
	})
}
