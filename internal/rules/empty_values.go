package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "empty-values",
		Requires:        []*Shared{styleShared},
		Doc:             "Prevent nodes with empty content, that implicitly result in null values.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options:         &emptyValuesOptions{ForbidInBlockMappings: true, ForbidInFlowMappings: true, ForbidInBlockSequences: true},
		Check:           checkEmptyValues,
	})
}

type emptyValuesOptions struct {
	ForbidInBlockMappings  bool `yaml:"forbid-in-block-mappings" doc:"prevent empty values in block mappings"`
	ForbidInFlowMappings   bool `yaml:"forbid-in-flow-mappings" doc:"prevent empty values in flow mappings"`
	ForbidInBlockSequences bool `yaml:"forbid-in-block-sequences" doc:"prevent empty values in block sequences"`
}

func checkEmptyValues(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*emptyValuesOptions)
	blockMaps, flowMaps, blockSeqs := o.ForbidInBlockMappings, o.ForbidInFlowMappings, o.ForbidInBlockSequences
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
