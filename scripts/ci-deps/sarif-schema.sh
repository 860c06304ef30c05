#!/usr/bin/env bash
# CI dependency: the SARIF 2.1.0 JSON schema, for the SARIF validation test
# (internal/cli TestSARIFSchema). The schema is third-party, so it is not
# committed: it is taken at test-setup time from a pinned npm package that
# ships it (@microsoft/jest-sarif carries lib/schemas/sarif-2.1.0-rtm.5.json,
# the final 2.1.0 schema from the SARIF SDK) into a cache directory. npm checks
# the package's integrity against the registry. Idempotent.
set -euo pipefail

PKG="@microsoft/jest-sarif@1.0.0-beta.0"
MEMBER="package/lib/schemas/sarif-2.1.0-rtm.5.json"
DIR="${YAMLINT_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/yamlint-ci}/sarif"
OUT="$DIR/sarif-schema-2.1.0.json"

if [ -s "$OUT" ]; then
	echo "SARIF schema present: $OUT"
	exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "SKIP: npm not installed; the SARIF schema test will skip" >&2
	exit 1
fi
mkdir -p "$DIR"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PKG" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" "$MEMBER"
mv "$tmp/$MEMBER" "$OUT"
echo "SARIF schema installed: $OUT (from $PKG)"
