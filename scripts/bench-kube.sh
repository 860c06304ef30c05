#!/usr/bin/env bash
# Compare `yamlint` with `kubeconform -strict -summary` on generated
# Kubernetes manifests (5,000- and 50,000-line multi-document files and a
# directory of 1,000 files), Kubernetes 1.30, both offline.
#
#   scripts/bench-kube.sh [RUNS]
#
# Needs python3 and ../shared/peers/gen-k8s.py. kubeconform is used when on
# PATH (or KUBECONFORM=path) with schemas from ../shared/peers/k8s-schemas.py
# (KUBECONFORM_SCHEMAS=dir holding v1.30.0-standalone-strict/); otherwise
# only yamlint is timed. Prints wall time (median of RUNS), user+sys CPU
# seconds and peak RSS from /usr/bin/time.
set -euo pipefail
RUNS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/peers" ] || SHARED=$ROOT/../../shared
GEN=$SHARED/peers/gen-k8s.py
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

go build -o "$WORK/yamlint" "$ROOT/cmd/yamlint"
python3 "$GEN" --lines 5000 -o "$WORK/k8s-5000.yaml"
python3 "$GEN" --lines 50000 -o "$WORK/k8s-50000.yaml"
python3 "$GEN" --split-dir "$WORK/dir-1000" --files 1000 --lines 60 >/dev/null

KC=${KUBECONFORM:-$(command -v kubeconform || true)}
SCHEMAS=${KUBECONFORM_SCHEMAS:-}
if [ -n "$KC" ] && [ -z "$SCHEMAS" ]; then
  SCHEMAS=$WORK/k8s-schemas
  python3 "$SHARED/peers/k8s-schemas.py" --k8s 1.30 --out "$SCHEMAS" >/dev/null || KC=""
fi

# run LABEL CMD... : median wall ms, median cpu s, max RSS MiB, exit, output lines
run() {
  local label=$1; shift
  local walls=() cpus=() rss=0 code=0 lines=0
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    set +e
    /usr/bin/time -f "%U %S %M" -o "$WORK/time" "$@" >"$WORK/out" 2>&1
    code=$?
    set -e
    end=$(date +%s%N)
    walls+=($(( (end - start) / 1000000 )))
    read -r u s m <"$WORK/time"
    cpus+=("$(echo "$u + $s" | bc)")
    [ "$m" -gt "$rss" ] && rss=$m
    lines=$(wc -l <"$WORK/out")
  done
  local wmed cmed
  wmed=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  cmed=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '| %s | %s | %s | %s | %d | %s | %s |\n' "$label" "$(basename "${@: -1}")" "$wmed" "$cmed" $((rss / 1024)) "$code" "$lines"
}

echo "| tool | input | wall ms (median of $RUNS) | cpu s | peak RSS MiB | exit | output lines |"
echo "|---|---|---|---|---|---|---|"
for in in "$WORK/k8s-5000.yaml" "$WORK/k8s-50000.yaml" "$WORK/dir-1000"; do
  run yamlint "$WORK/yamlint" --no-color --kubernetes-version 1.30 "$in"
  if [ -n "$KC" ]; then
    run kubeconform "$KC" -strict -summary -kubernetes-version 1.30.0 \
      -schema-location "$SCHEMAS/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$in"
  fi
done
