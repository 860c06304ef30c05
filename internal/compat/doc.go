// Package compat measures yamlint against yamllint, whose configuration,
// directives and style rules yamlint reads so teams can switch without
// rewriting their config. It has only tests: a file-by-file comparison of
// the problems both report over the real YAML in ../shared/corpus (run when
// yamllint is installed; scripts/install-yamllint.sh), and a check of the
// yamllint test cases in ../shared/corpus/yamllint-cases.
package compat
