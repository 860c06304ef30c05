#!/usr/bin/env bash
# Cost of house rules: lint a directory of 1,000 generated Kubernetes
# manifests (../shared/peers/gen-k8s.py) with no house rules, and with both
# packs plus five user rules (CEL on documents and containers, a quantity
# comparison, an inline schema, a path target). Same binary; runs are
# interleaved; prints the median wall ms and user+sys CPU seconds.
#
#   scripts/bench-house.sh [RUNS]
set -euo pipefail
RUNS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/peers" ] || SHARED=$ROOT/../../shared
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

go build -o "$WORK/yamlint" "$ROOT/cmd/yamlint"
python3 "$SHARED/peers/gen-k8s.py" --split-dir "$WORK/dir-1000" --files 1000 --lines 60 >/dev/null
printf 'rules: {}\n' >"$WORK/base.yaml"
cat >"$WORK/house.yaml" <<'CFG'
rules: {}
packs: [kubernetes-best-practices, github-actions-security]
house-rules:
  - id: require-team-label
    match: {kinds: ["apps/v1/Deployment", "apps/v1/StatefulSet"]}
    assert: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    message: no team label
  - id: no-latest-image
    match: {kinds: ["*"]}
    target: container
    field: image
    assert: "self.?image.orValue('').contains(':') && !self.image.endsWith(':latest')"
    messageExpression: "'image ' + self.image + ' is not pinned'"
  - id: memory-below-2gi
    target: container
    field: resources.limits.memory
    assert: "!has(self.resources) || !has(self.resources.limits) || !has(self.resources.limits.memory) || quantity(string(self.resources.limits.memory)).isLessThan(quantity('2Gi'))"
    message: memory limit of 2Gi or more
  - id: service-ports-named
    match: {kinds: [v1/Service]}
    target: "spec.ports.*"
    schema: {required: [name]}
    message: every service port has a name
  - id: no-default-namespace
    match: {kinds: ["*"]}
    field: metadata.namespace
    assert: "object.?metadata.?namespace.orValue('x') != 'default'"
    message: objects do not go to the default namespace
CFG

# one LABEL CONFIG: wall ms and cpu s of a run appended to $WORK/LABEL.{wall,cpu}
one() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$WORK/yamlint" -c "$2" --format json "$WORK/dir-1000" >"$WORK/$1.out" 2>/dev/null || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) >>"$WORK/$1.wall"
  read -r u s <"$WORK/time"
  echo "$u + $s" | bc >>"$WORK/$1.cpu"
}
for _ in $(seq "$RUNS"); do
  one base "$WORK/base.yaml"
  one house "$WORK/house.yaml"
done
med() { sort -n "$1" | sed -n "$(( (RUNS + 1) / 2 ))p"; }
echo "| config | wall ms (median of $RUNS) | cpu s (median) | findings |"
echo "|---|---|---|---|"
for l in base house; do
  printf '| %s | %s | %s | %s |\n' "$l" "$(med "$WORK/$l.wall")" "$(med "$WORK/$l.cpu")" "$(grep -o '"code"' "$WORK/$l.out" | wc -l)"
done
