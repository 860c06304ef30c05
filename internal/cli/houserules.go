package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/house"
)

// runTestRules answers --test-rules [CONFIG]: every house rule's inline
// examples, then the files of house-rules-tests/ beside the config, with
// the admission policies configured. Exit 1 when any fails, 2 when the
// config cannot be used.
func runTestRules(o options, args []string, stdout, stderr io.Writer) int {
	path := o.configPath
	if len(args) > 1 {
		fmt.Fprintf(stderr, "yamlint: --test-rules takes at most one config file\n")
		return ExitFailure
	}
	if len(args) == 1 {
		path = args[0]
	}
	cfg, code := loadConfig(path, stdout, stderr)
	if cfg == nil {
		return code
	}
	if cfg.Path == "" {
		fmt.Fprintf(stderr, "yamlint: --test-rules: no config file found (give one: yamlint --test-rules .yamlint.yaml)\n")
		return ExitFailure
	}
	l, err := engine.New(cfg, engine.Options{AdmissionPolicies: o.policies})
	if err != nil {
		fmt.Fprintf(stderr, "yamlint: %v\n", err)
		return ExitFailure
	}
	set := l.House()
	if set == nil {
		set = &house.Set{Dir: cfg.Dir}
	}
	results := set.TestExamples(false)
	dir := filepath.Join(cfg.Dir, "house-rules-tests")
	files, err := set.TestDir(dir)
	if err != nil {
		fmt.Fprintf(stderr, "yamlint: %s: %v\n", dir, err)
		return ExitFailure
	}
	results = append(results, files...)
	failed := 0
	for _, r := range results {
		if r.Passed {
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s: %s\n", r.Name, r.Problem)
	}
	if len(results) == 0 {
		fmt.Fprintf(stdout, "no examples and no %s: nothing to test\n", dir)
		return ExitOK
	}
	fmt.Fprintf(stdout, "%d of %d house-rule tests passed\n", len(results)-failed, len(results))
	if failed > 0 {
		return ExitProblems
	}
	return ExitOK
}
