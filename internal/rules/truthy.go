package rules

import (
	"slices"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "truthy",
		Requires:        []*Shared{styleShared},
		Doc:             "Forbid non-explicitly typed truthy values other than allowed ones (by default: true and false).",
		Category:        "style",
		DefaultSeverity: diag.SeverityWarning,
		DefaultEnabled:  true,
		Options:         &truthyOptions{AllowedValues: []string{"true", "false"}, CheckKeys: true},
		Check:           checkTruthy,
	})
}

type truthyOptions struct {
	AllowedValues []string `yaml:"allowed-values" enum:"YES,Yes,yes,NO,No,no,TRUE,True,true,FALSE,False,false,ON,On,on,OFF,Off,off" doc:"truthy values that are not reported"`
	CheckKeys     bool     `yaml:"check-keys" doc:"also check mapping keys"`
}

// YAML 1.1 reads all of these as booleans; YAML 1.2 only the true/false ones.
var (
	truthy11 = []string{"YES", "Yes", "yes", "NO", "No", "no", "TRUE", "True", "true", "FALSE", "False", "false", "ON", "On", "on", "OFF", "Off", "off"}
	truthy12 = []string{"TRUE", "True", "true", "FALSE", "False", "false"}
)

func checkTruthy(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*truthyOptions)
	allowed, checkKeys := o.AllowedValues, o.CheckKeys
	sorted := append([]string(nil), allowed...)
	sort.Strings(sorted)
	msg := "truthy value should be one of [" + strings.Join(sorted, ", ") + "]"
	version := "1.1"
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		switch t.Kind {
		case yamltok.Directive:
			if t.Value == "YAML" {
				version = t.YAMLVersion(d.src)
			}
		case yamltok.DocumentEnd:
			version = "1.1"
			return
		case yamltok.DocumentStart:
			if !isKind(prev, yamltok.Directive) {
				version = "1.1"
			}
		}
		if isKind(prev, yamltok.Tag) || t.Kind != yamltok.Scalar || t.Style != 0 {
			return
		}
		isKey := isKind(prev, yamltok.Key)
		if isKey && !checkKeys {
			return
		}
		bad := truthy11
		if version != "1.1" {
			bad = truthy12
		}
		if !slices.Contains(bad, t.Value) || slices.Contains(allowed, t.Value) {
			return
		}
		var fixes []diag.Fix
		lower := strings.ToLower(t.Value)
		switch {
		case isKey:
			// A truthy key is a string to YAML 1.2 parsers; quoting keeps
			// that meaning and makes YAML 1.1 parsers agree.
			fixes = append(fixes, fix("Quote the key", edit(t.Start.Offset, t.Start.Offset, `"`), edit(t.End.Offset, t.End.Offset, `"`)))
		case (lower == "true" || lower == "false") && slices.Contains(allowed, lower):
			// True/TRUE mean the same boolean as true in YAML 1.1 and 1.2.
			fixes = append(fixes, fix("Replace with "+lower, edit(t.Start.Offset, t.End.Offset, lower)))
		}
		d.report(p, t.Start.Line+1, t.Start.Column+1, t.End.Offset-t.Start.Offset, msg, fixes...)
	})
}
