#!/usr/bin/env bash
# Installs yamllint (the Python linter yamlint's style rules are compared
# with) from the distribution's packages. Idempotent: does nothing when
# yamllint is already on PATH. Used by .ci/run and by developers before
# running the comparison test (internal/compat) and scripts/bench-yamllint.sh.
set -euo pipefail

if command -v yamllint >/dev/null 2>&1; then
	echo "yamllint already installed: $(yamllint --version)"
	exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
	SUDO=""
	if [ "$(id -u)" != 0 ]; then
		SUDO="sudo"
	fi
	# apt-cache finds nothing before the first update on a fresh machine.
	if ! apt-cache show yamllint >/dev/null 2>&1; then
		$SUDO apt-get update -qq
	fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq yamllint >/dev/null
	echo "installed: $(yamllint --version)"
	exit 0
fi

echo "install-yamllint: no apt-get here; install yamllint with your package manager (pip install yamllint)" >&2
exit 1
