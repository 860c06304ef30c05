#!/usr/bin/env bash
# CI dependency: pre-commit, for the hook test (internal/cli
# TestPreCommitHook runs `pre-commit try-repo` against this repository).
# PyPI is not reachable from CI, so it comes from the distribution's
# packages. Idempotent: does nothing when pre-commit is on PATH.
set -euo pipefail

if command -v pre-commit >/dev/null 2>&1; then
	echo "pre-commit already installed: $(pre-commit --version)"
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "SKIP: no apt-get; install pre-commit with your package manager; the hook test will skip" >&2
	exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
	SUDO="sudo"
fi
if ! apt-cache show pre-commit >/dev/null 2>&1; then
	$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends pre-commit >/dev/null
echo "installed: $(pre-commit --version)"
