package schemas

import "testing"

// TestPatternsCompiledOnce: a pattern repeated within or across schemas is
// compiled once, and each kind of pattern (RE2, ECMAScript translated,
// regexp2 only, neither) still matches as before.
func TestPatternsCompiledOnce(t *testing.T) {
	for _, tc := range []struct {
		pattern, yes, no string
	}{
		{`^x-`, "x-a", "a"},
		{`^\d+$`, "12", "1a"},
		{`^(?!foo)`, "bar", "foo"},
		{`(a)\1`, "aa", "ab"},
	} {
		a, err := regexpEngine(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := regexpEngine(tc.pattern)
		if a != b {
			t.Errorf("%s compiled twice", tc.pattern)
		}
		if !a.MatchString(tc.yes) || a.MatchString(tc.no) {
			t.Errorf("%s: %q/%q matched wrongly", tc.pattern, tc.yes, tc.no)
		}
	}
	if re, _ := regexpEngine(`(?<=[`); !re.MatchString("anything") {
		t.Errorf("a pattern no engine accepts must match everything")
	}
}
