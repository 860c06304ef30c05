#!/usr/bin/env bash
# CI dependency: yamllint, for the yamllint comparison test (internal/compat)
# and scripts/bench-yamllint.sh.
exec "$(dirname "$0")/../install-yamllint.sh"
