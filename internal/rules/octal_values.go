package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "octal-values",
		Requires:        []*Shared{styleShared},
		Doc:             "Prevent values with octal numbers (implicit 010 or explicit 0o10).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options:         &octalValuesOptions{ForbidImplicitOctal: true, ForbidExplicitOctal: true},
		Check:           checkOctalValues,
	})
}

type octalValuesOptions struct {
	ForbidImplicitOctal bool `yaml:"forbid-implicit-octal" doc:"forbid implicit octal values (010)"`
	ForbidExplicitOctal bool `yaml:"forbid-explicit-octal" doc:"forbid explicit octal values (0o10)"`
}

var octalDigitsRE = lazyRegexp(`^[0-7]+$`)

func checkOctalValues(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*octalValuesOptions)
	implicit, explicit := o.ForbidImplicitOctal, o.ForbidExplicitOctal
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		if isKind(prev, yamltok.Tag) || t.Kind != yamltok.Scalar || t.Style != 0 {
			return
		}
		v := t.Value
		if implicit && len(v) > 1 && isAllDigits(v) && v[0] == '0' && octalDigitsRE().MatchString(v[1:]) {
			d.report(p, t.Start.Line+1, t.End.Column+1, 0, `forbidden implicit octal value "`+v+`"`)
		}
		if explicit && len(v) > 2 && v[:2] == "0o" && octalDigitsRE().MatchString(v[2:]) {
			d.report(p, t.Start.Line+1, t.End.Column+1, 0, `forbidden explicit octal value "`+v+`"`)
		}
	})
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
