package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/rules/ruletest"
)

// TestRuleCases runs every registered rule on its cases in
// testdata/<rule-id>/ (see package ruletest for the convention). A rule
// without such a directory, without a case expecting a finding or without
// a clean case fails: a new rule cannot land without its cases.
func TestRuleCases(t *testing.T) {
	for _, r := range rules.All() {
		dir := filepath.Join("testdata", r.ID)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			t.Errorf("rule %s has no cases: create %s (see package ruletest)", r.ID, dir)
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			st := ruletest.Run(t, dir, r.ID)
			if st.Expectations == 0 {
				t.Errorf("%s: no case expects a finding", dir)
			}
			if st.Clean == 0 {
				t.Errorf("%s: no clean case (a realistic file the rule accepts)", dir)
			}
			t.Logf("%-24s cases %2d (clean %d)  expectations %3d  fixed files %d", r.ID, st.Cases, st.Clean, st.Expectations, st.Fixed)
		})
	}
}
