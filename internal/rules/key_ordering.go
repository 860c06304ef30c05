package rules

import (
	"regexp"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() {
	Register(&Rule{
		ID:              "key-ordering",
		Requires:        []*Shared{styleShared},
		Doc:             "Enforce alphabetical ordering of keys in mappings.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options:         &keyOrderingOptions{IgnoredKeys: []string{}},
		Check:           checkKeyOrdering,
	})
}

type keyOrderingOptions struct {
	IgnoredKeys []string `yaml:"ignored-keys" doc:"regular expressions of keys whose order is not checked"`
	Locale      string   `yaml:"locale" doc:"collation locale (yamllint's top-level \"locale\", e.g. en_US.UTF-8); \"\" compares code points, like the C locale"`
}

// keyCompare returns the key comparison for a locale: yamllint uses
// strcoll, which is code point order in the C locale; other locales use the
// Unicode collation of the language (lowercase first, accents second).
func keyCompare(locale string) func(a, b string) bool {
	name := strings.SplitN(strings.SplitN(locale, ".", 2)[0], "@", 2)[0]
	if name == "" || name == "C" || name == "POSIX" {
		return func(a, b string) bool { return a < b }
	}
	tag, err := language.Parse(strings.ReplaceAll(name, "_", "-"))
	if err != nil {
		return func(a, b string) bool { return a < b }
	}
	c := collate.New(tag)
	return func(a, b string) bool { return c.CompareString(a, b) < 0 }
}

func checkKeyOrdering(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*keyOrderingOptions)
	keyLess := keyCompare(o.Locale)
	var ignored []*regexp.Regexp
	for _, s := range o.IgnoredKeys {
		if re, err := regexp.Compile(s); err == nil {
			ignored = append(ignored, re)
		}
	}
	walkKeys(d, func(scope *keyScope, key *tok) {
		// Ignored keys (re.search) are neither checked nor remembered.
		for _, re := range ignored {
			if re.MatchString(key.Value) {
				return
			}
		}
		for _, k := range scope.order {
			if keyLess(key.Value, k) {
				d.report(p, key.Start.Line+1, key.Start.Column+1, key.End.Offset-key.Start.Offset,
					`wrong ordering of key "`+key.Value+`" in mapping`)
				return
			}
		}
		scope.order = append(scope.order, key.Value)
	})
}
