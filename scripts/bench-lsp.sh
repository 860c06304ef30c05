#!/usr/bin/env bash
# Benchmark yaml-lsp with the shared LSP driver (shared/peers/lspdrive.py) on
# generated multi-document Kubernetes files (shared/peers/gen-k8s.py):
# initialize time, open→first diagnostics, edit→diagnostics median/p95 over
# EDITS edits, peak RSS. Ready for a `make bench-lsp` target.
#
#   scripts/bench-lsp.sh                 # 5,000 and 20,000 lines, 100 edits, 3 runs
#   LINES="5000" EDITS=20 RUNS=1 scripts/bench-lsp.sh
#
# Schema: the files get no association, so the engine validates every object
# against its kind's bundled Kubernetes schema (strict, newest release), as
# `yamlint FILE` does. SCHEMA=subset instead associates them (yaml.schemas)
# with testdata/lsp/k8s-subset.schema.json, a small schema written for tests.
# PACKS="kubernetes-best-practices github-actions-security" lists built-in
# packs in a .yamlint.yaml beside the files (house-rule cost in the editor).
# SERVERS="before=/path/a after=/path/b" compares prebuilt binaries in one
# run, their runs interleaved so both see the same machine load.
# Env: PEERS (shared/peers dir), OUT (results dir), LINES, EDITS, RUNS, SCHEMA, PACKS, SERVERS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/peers}"
[[ -d "$PEERS" ]] || PEERS=/work/shared/peers
[[ -f "$PEERS/lspdrive.py" ]] || { echo "bench-lsp: $PEERS/lspdrive.py not found; set PEERS" >&2; exit 2; }
LINES="${LINES:-5000 20000}"
EDITS="${EDITS:-100}"
RUNS="${RUNS:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OUT="${OUT:-${TMPDIR:-/tmp}/yamlint-bench}"
mkdir -p "$OUT"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
JSONL="$OUT/lsp-$STAMP.jsonl"

SERVERS="${SERVERS:-}"
if [[ -z "$SERVERS" ]]; then
  echo "building yaml-lsp..." >&2
  (cd "$ROOT" && go build -o "$WORK/yaml-lsp" ./cmd/yaml-lsp)
  SERVERS="yaml-lsp=$WORK/yaml-lsp"
fi
SETTINGS='{}'
if [[ "${SCHEMA:-}" == subset ]]; then
  SETTINGS="{\"yaml\":{\"schemas\":{\"$ROOT/testdata/lsp/k8s-subset.schema.json\":[\"k8s-*.yaml\"]}}}"
fi

if [[ -n "${PACKS:-}" ]]; then
  printf 'packs: [%s]\n' "$(echo $PACKS | sed 's/ /, /g')" >"$WORK/.yamlint.yaml"
fi

for n in $LINES; do
  f="$WORK/k8s-$n.yaml"
  python3 "$PEERS/gen-k8s.py" --lines "$n" --errors $((n / 500)) -o "$f"
  for r in $(seq 1 "$RUNS"); do
    for s in $SERVERS; do
      label="${s%%=*}" bin="${s#*=}"
      python3 "$PEERS/lspdrive.py" --server "$bin --stdio" --file "$f" \
        --settings "$SETTINGS" --edits "$EDITS" --hover 20:5 --complete 14:3 \
        --quiet --label "$label k8s-$n run $r" >> "$JSONL" \
        || echo "bench-lsp: $label run $r on k8s-$n reported a problem (see its errors column)" >&2
    done
  done
done

python3 - "$JSONL" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    key = r["label"].rsplit(" run ", 1)[0]
    by.setdefault(key, []).append(r)
def p95(v):
    s = sorted(v); return s[max(0, min(len(s) - 1, int(round(0.95 * len(s) + 0.5)) - 1))] if s else None
print("| input | runs | init ms (med) | open→diag ms (med) | edit→diag ms median / p95 (n) | peak RSS MiB (max) | diags at open | errors |")
print("|---|---|---|---|---|---|---|---|")
for key, rs in by.items():
    edits = [x for r in rs for x in r.get("edit_diag_ms_all", [])]
    init = statistics.median(r["init_ms"] for r in rs)
    opn = statistics.median(r["open_diag_ms"] for r in rs if r.get("open_diag_ms") is not None)
    rss = max(r["peak_rss_kb"] for r in rs) / 1024
    errs = sum(len(r.get("errors", [])) for r in rs)
    print(f"| {key} | {len(rs)} | {init:.1f} | {opn:.1f} | {statistics.median(edits):.1f} / {p95(edits):.1f} ({len(edits)}) | {rss:.1f} | {rs[0].get('first_diag_count')} | {errs} |")
PY
echo "raw: $JSONL" >&2
