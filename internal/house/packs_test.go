package house

import "testing"

// Every pack compiles and its rules' examples pass: a valid example gives
// no finding, an invalid one at least one.
func TestPackExamples(t *testing.T) {
	for _, name := range PackNames() {
		rules, err := Pack(name)
		if err != nil {
			t.Fatalf("pack %s: %v", name, err)
		}
		set := &Set{Rules: rules}
		n := 0
		for _, r := range set.TestExamples(true) {
			n++
			if !r.Passed {
				t.Errorf("%s: %s", r.Name, r.Problem)
			}
		}
		for _, r := range rules {
			if len(r.Examples.Valid) == 0 || len(r.Examples.Invalid) == 0 {
				t.Errorf("%s: pack rule %s needs a valid and an invalid example", name, r.ID)
			}
			if r.Description == "" || r.Explanation == "" {
				t.Errorf("%s: pack rule %s needs a description and an explanation", name, r.ID)
			}
		}
		if n == 0 {
			t.Errorf("pack %s: no examples ran", name)
		}
	}
}
