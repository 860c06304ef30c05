package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "float-values",
		Requires:        []*Shared{styleShared},
		Doc:             "Limit the permitted values for floating-point numbers.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options:         &floatValuesOptions{},
		Check:           checkFloatValues,
	})
}

type floatValuesOptions struct {
	ForbidInf                   bool `yaml:"forbid-inf" doc:"forbid infinite values (.inf)"`
	ForbidNaN                   bool `yaml:"forbid-nan" doc:"forbid not-a-number values (.nan)"`
	ForbidScientificNotation    bool `yaml:"forbid-scientific-notation" doc:"forbid scientific notation (1e5)"`
	RequireNumeralBeforeDecimal bool `yaml:"require-numeral-before-decimal" doc:"require a digit before the decimal point (0.5, not .5)"`
}

var (
	floatNoNumeralRE = lazyRegexp(`^[-+]?(\.[0-9]+)([eE][-+]?[0-9]+)?$`)
	floatSciRE       = lazyRegexp(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)$`)
	floatInfRE       = lazyRegexp(`^[-+]?(\.inf|\.Inf|\.INF)$`)
	floatNanRE       = lazyRegexp(`^(\.nan|\.NaN|\.NAN)$`)
)

func checkFloatValues(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*floatValuesOptions)
	nan, inf := o.ForbidNaN, o.ForbidInf
	sci, numeral := o.ForbidScientificNotation, o.RequireNumeralBeforeDecimal
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		if isKind(prev, yamltok.Tag) || t.Kind != yamltok.Scalar || t.Style != 0 {
			return
		}
		v := t.Value
		at := func(msg string, fixes ...diag.Fix) {
			d.report(p, t.Start.Line+1, t.Start.Column+1, t.End.Offset-t.Start.Offset, msg+` "`+v+`"`, fixes...)
		}
		if nan && floatNanRE().MatchString(v) {
			at("forbidden not a number value")
		}
		if inf && floatInfRE().MatchString(v) {
			at("forbidden infinite value")
		}
		if sci && floatSciRE().MatchString(v) {
			at("forbidden scientific notation")
		}
		if numeral && floatNoNumeralRE().MatchString(v) {
			// "-.5" -> "-0.5": the same number.
			dot := t.Start.Offset
			if v[0] == '-' || v[0] == '+' {
				dot++
			}
			at("forbidden decimal missing 0 prefix", fix("Add a 0 before the decimal point", edit(dot, dot, "0")))
		}
	})
}
