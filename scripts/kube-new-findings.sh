#!/bin/sh
# kube-new-findings.sh OLD_BINARY NEW_BINARY [CORPUS]
# Lints the shared corpus (k8s manifests/crs/crds with the corpus CRDs,
# kustomize trees, kubeconform/kubeval invalid fixtures, CI workflows and
# compose files, Helm charts with --helm-render for the new binary, policy
# fixtures) with two yamlint binaries and lists every Kubernetes finding
# (k8s-*) the new one adds or drops, per area. Nothing is written outside
# a temporary directory.
set -eu
OLD=$1 NEW=$2 CORPUS=${3:-../shared/corpus}
CFG=$(cd "$(dirname "$0")/.." && pwd)/testdata/empty-config.yaml
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
run() { # binary prefix [extra flags]
	b=$1 p=$2; shift 2
	(cd "$CORPUS" &&
		"$b" -c "$CFG" -f json --kubernetes-version 1.30 --crd k8s/crds k8s/manifests k8s/crs k8s/crds >"$OUT/$p-k8s.json" || true
		"$b" -c "$CFG" -f json --kubernetes-version 1.30 k8s/kustomize >"$OUT/$p-kustomize.json" || true
		"$b" -c "$CFG" -f json --kubernetes-version 1.30 k8s/invalid >"$OUT/$p-invalid.json" || true
		"$b" -c "$CFG" -f json workflows >"$OUT/$p-workflows.json" || true
		"$b" -c "$CFG" -f json "$@" helm >"$OUT/$p-helm.json" || true
		"$b" -c "$CFG" -f json policy >"$OUT/$p-policy.json" || true) 2>/dev/null
}
run "$OLD" old
run "$NEW" new --helm-render
python3 - "$OUT" <<'PY'
import collections, json, sys
out = sys.argv[1]
for area in ["k8s", "kustomize", "invalid", "workflows", "helm", "policy"]:
    def load(p):
        try:
            return [d for d in json.load(open(f"{out}/{p}-{area}.json")) if d["code"].startswith("k8s-")]
        except ValueError:
            return []
    key = lambda d: (d["file"], d["line"], d["column"], d["code"], d["message"])
    old, new = collections.Counter(map(key, load("old"))), collections.Counter(map(key, load("new")))
    added, dropped = new - old, old - new
    print(f"== {area}: +{sum(added.values())} -{sum(dropped.values())} ({dict(collections.Counter(k[3] for k in added.elements()))})")
    for sign, c in (("+", added), ("-", dropped)):
        for k in sorted(c):
            print(f"  {sign} {k[0]}:{k[1]}:{k[2]} [{k[3]}] {k[4]}")
PY
