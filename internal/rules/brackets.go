package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "brackets",
		Requires:        []*Shared{styleShared},
		Doc:             "Control the use of flow sequences or number of spaces inside brackets ([ and ]).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         defaultFlowCollectionOptions(),
		Check: func(p *Pass) {
			checkFlowCollection(p, yamltok.FlowSequenceStart, yamltok.FlowSequenceEnd, "flow sequence", "brackets")
		},
	})
}
