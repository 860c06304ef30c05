#!/usr/bin/env bash
# Times yamlint against yamllint with the same config (yamllint's
# `extends: default`) on (1) the real YAML of ../shared/corpus/workflows and
# ../shared/corpus/k8s/manifests and (2) one 20,000-line Kubernetes file
# from ../shared/peers/gen-k8s.py. Prints a Markdown table (median wall time
# over RUNS runs) and the speed ratio; the target is yamlint >= 10x faster.
# yamlint does more work on the same files (schema validation too).
#
#   scripts/bench-yamllint.sh            # RUNS=3 by default
#   RUNS=5 SHARED=/path/to/shared scripts/bench-yamllint.sh
#
# Run by `make bench`; installs nothing (scripts/install-yamllint.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared}
RUNS=${RUNS:-3}

if ! command -v yamllint >/dev/null 2>&1; then
	echo "bench-yamllint: yamllint not installed (scripts/install-yamllint.sh); skipped"
	exit 0
fi
if [ ! -d "$SHARED/corpus" ]; then
	echo "bench-yamllint: $SHARED/corpus not found; skipped"
	exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
go build -o "$WORK/yamlint" ./cmd/yamlint
printf 'extends: default\n' >"$WORK/.yamllint"

find "$SHARED/corpus/workflows" "$SHARED/corpus/k8s/manifests" -type f \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null | sort >"$WORK/corpus.txt"
NFILES=$(wc -l <"$WORK/corpus.txt")
python3 "$SHARED/peers/gen-k8s.py" --lines 20000 -o "$WORK/k8s-20000.yaml"
NLINES=$(wc -l <"$WORK/k8s-20000.yaml")

# median_ms CMD...: runs CMD RUNS times (output discarded), prints the
# median wall time in milliseconds.
median_ms() {
	local times=()
	for _ in $(seq "$RUNS"); do
		local t0 t1
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

corpus_args() { xargs -d '\n' -a "$WORK/corpus.txt" "$@"; }

echo "## yamlint vs yamllint $(yamllint --version | awk '{print $2}') (config: extends: default; median of $RUNS runs; $(nproc) cores)"
echo
echo "| input | yamllint ms | yamlint ms | ratio |"
echo "|---|---:|---:|---:|"
for input in corpus big; do
	if [ "$input" = corpus ]; then
		label="corpus: $NFILES files"
		theirs=$(median_ms corpus_args yamllint -f parsable -c "$WORK/.yamllint")
		ours=$(median_ms corpus_args "$WORK/yamlint" --format json -c "$WORK/.yamllint")
	else
		label="one file, $NLINES lines"
		theirs=$(median_ms yamllint -f parsable -c "$WORK/.yamllint" "$WORK/k8s-20000.yaml")
		ours=$(median_ms "$WORK/yamlint" --format json -c "$WORK/.yamllint" "$WORK/k8s-20000.yaml")
	fi
	ratio=$(awk -v a="$theirs" -v b="$ours" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')
	echo "| $label | $theirs | $ours | $ratio |"
done
