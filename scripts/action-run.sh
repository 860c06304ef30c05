#!/usr/bin/env bash
# The GitHub Action's logic (action.yml runs it), kept in a script so it can
# be tested locally with a faked runner environment (ci/ci_test.go):
#   inputs        INPUT_* (see action.yml), YAMLINT_ACTION_REF (the action's ref)
#   runner        GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP
#   tests only    YAMLINT_BIN: use this binary instead of installing one
# It installs yamlint (a pinned release with `go install`, or built from the
# action's source), runs it with --format github so findings become
# annotations, optionally writes SARIF, and reports exit-code, problems and
# sarif-file as step outputs plus a line in the job summary.
set -uo pipefail

fail() { echo "::error title=yamlint action::$*"; exit 2; }

: "${RUNNER_TEMP:?RUNNER_TEMP is not set (run inside GitHub Actions or fake it)}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
ACTION_PATH="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
bindir="$RUNNER_TEMP/yamlint-action/bin"
mkdir -p "$bindir"

version="${INPUT_VERSION:-}"
ref="${YAMLINT_ACTION_REF:-}"
semver='^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
if [ -z "$version" ] && [[ "$ref" =~ $semver ]]; then
	version="$ref" # the release this action is pinned to
fi
if [ -n "$version" ] && [ "$version" != latest ] && ! [[ "$version" =~ $semver ]]; then
	fail "version must be a release tag like v0.2.0 or 'latest', got '$version'"
fi

# install_cmd NAME: builds or installs cmd/NAME into $bindir.
install_cmd() {
	if [ "${INPUT_BUILD_FROM_SOURCE:-false}" = true ] || [ -z "$version" ]; then
		echo "::group::Build $1 from $ACTION_PATH"
		(cd "$ACTION_PATH" && go build -o "$bindir/$1" "./cmd/$1") || fail "building $1 from source failed"
		echo "::endgroup::"
	else
		echo "::group::Install $1 $version"
		GOBIN="$bindir" go install "github.com/yamlint/yamlint/cmd/$1@$version" || fail "go install $1@$version failed"
		echo "::endgroup::"
	fi
}

bin="${YAMLINT_BIN:-}"
if [ -z "$bin" ]; then
	install_cmd yamlint
	# --helm-render runs charts through yamlint-helm, found next to yamlint.
	case " ${INPUT_ARGS:-} " in *" --helm-render "*) install_cmd yamlint-helm ;; esac
	bin="$bindir/yamlint"
fi
"$bin" --version

args=(--format github --no-color)
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_FAIL_LEVEL:-}" ] && args+=(--fail-level "$INPUT_FAIL_LEVEL")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_NEW_FROM_REV:-}" ] && args+=(--new-from-rev "$INPUT_NEW_FROM_REV")
sarif="${INPUT_SARIF_FILE:-}"
if [ -n "$sarif" ]; then
	mkdir -p "$(dirname "$sarif")"
	args+=(--report "sarif=$sarif")
fi
if [ -n "${INPUT_ARGS:-}" ]; then
	read -r -a extra <<<"$INPUT_ARGS"
	args+=("${extra[@]}")
fi
paths=()
while IFS= read -r line; do
	read -r -a words <<<"$line"
	paths+=("${words[@]}")
done <<<"${INPUT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)

log="$RUNNER_TEMP/yamlint-action/output.txt"
"$bin" "${args[@]}" -- "${paths[@]}" | tee "$log"
code=${PIPESTATUS[0]}

errors=$(grep -c '^::error ' "$log")
warnings=$(grep -c '^::warning ' "$log")
notices=$(grep -c '^::notice ' "$log")
problems=$((errors + warnings + notices))
{
	echo "exit-code=$code"
	echo "problems=$problems"
	echo "sarif-file=$sarif"
} >>"$GITHUB_OUTPUT"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	{
		echo "### yamlint"
		case $code in
		0) echo "No problems at or above \`${INPUT_FAIL_LEVEL:-error}\` in \`${paths[*]}\`: $errors errors, $warnings warnings, $notices notices." ;;
		1) echo "**$problems problems** in \`${paths[*]}\`: $errors errors, $warnings warnings, $notices notices. They are annotated on the files." ;;
		*) echo "yamlint could not run (exit $code); see the step log." ;;
		esac
		[ -n "$sarif" ] && echo "SARIF report: \`$sarif\`."
	} >>"$GITHUB_STEP_SUMMARY"
fi

if [ "$code" -eq 1 ] && [ "${INPUT_FAIL_ON_PROBLEMS:-true}" != true ]; then
	exit 0
fi
exit "$code"
