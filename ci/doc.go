// Package ci holds the CI integrations that are not Go code — the GitLab CI
// template beside this file, the GitHub Action (action.yml and
// scripts/action-run.sh at the repository root) and the pre-commit hook
// (.pre-commit-hooks.yaml) — and the tests that run them locally.
package ci
