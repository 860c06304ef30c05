#!/usr/bin/env bash
# Workspace diagnostics against the CLI on the same directory: yaml-lsp gets
# the directory as its workspace folder and one workspace/diagnostic request
# (LSP 3.17) with a partial result token; the driver records the time to the
# first and the last partial result, the files and problems reported, and
# the server's peak RSS (VmHWM). Then `yamlint DIR` runs under
# /usr/bin/time -v for its wall time and peak RSS.
#
#   scripts/bench-workspace-diag.sh [DIR]     # default ../shared/corpus/k8s
#   RUNS=3 scripts/bench-workspace-diag.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$(cd "${1:-$ROOT/../shared/corpus/k8s}" && pwd)"
RUNS="${RUNS:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && go build -o "$WORK/yaml-lsp" ./cmd/yaml-lsp && go build -o "$WORK/yamlint" ./cmd/yamlint)
echo "| run | LSP first partial ms | LSP last partial ms | LSP response ms | files | problems | LSP peak RSS MiB | CLI wall ms | CLI problems | CLI peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for r in $(seq 1 "$RUNS"); do
  lsp=$(python3 - "$WORK/yaml-lsp" "$DIR" <<'PY'
import json, os, subprocess, sys, time
server, root = sys.argv[1], sys.argv[2]
p = subprocess.Popen([server, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(m):
    b = json.dumps(m).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
def read():
    n = 0
    while True:
        line = p.stdout.readline()
        if not line: raise SystemExit("server closed")
        line = line.strip()
        if not line: break
        if line.lower().startswith(b"content-length:"): n = int(line.split(b":")[1])
    return json.loads(p.stdout.read(n))
def hwm():
    try:
        for l in open("/proc/%d/status" % p.pid):
            if l.startswith("VmHWM:"): return int(l.split()[1]) / 1024
    except OSError: return 0
uri = "file://" + root
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": os.getpid(), "rootUri": uri,
      "workspaceFolders": [{"uri": uri, "name": "w"}],
      "capabilities": {"textDocument": {"diagnostic": {}}, "window": {"workDoneProgress": True}}}})
while read().get("id") != 1: pass
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
t0 = time.perf_counter()
send({"jsonrpc": "2.0", "id": 2, "method": "workspace/diagnostic", "params": {"previousResultIds": [], "partialResultToken": "p", "workDoneToken": "w"}})
first = last = None; files = problems = 0
while True:
    m = read()
    if m.get("method") == "$/progress" and m["params"]["token"] == "p":
        t = (time.perf_counter() - t0) * 1000
        first = first or t; last = t
        for it in m["params"]["value"]["items"]:
            files += 1; problems += len(it.get("items") or [])
    elif "id" in m and m.get("method"):
        send({"jsonrpc": "2.0", "id": m["id"], "result": None})
    elif m.get("id") == 2:
        done = (time.perf_counter() - t0) * 1000
        break
rss = hwm()
send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}); send({"jsonrpc": "2.0", "method": "exit"})
p.wait(timeout=10)
print("%.0f %.0f %.0f %d %d %.0f" % (first or 0, last or 0, done, files, problems, rss))
PY
)
  /usr/bin/time -v -o "$WORK/time.txt" "$WORK/yamlint" --format json "$DIR" > "$WORK/cli.json" 2>/dev/null || true
  cli_ms=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.0f", s*1000}' "$WORK/time.txt")
  cli_rss=$(awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$WORK/time.txt")
  cli_problems=$(python3 -c "
import json,sys
d=json.load(open('$WORK/cli.json'))
print(len(d) if isinstance(d,list) else '?')" 2>/dev/null || echo '?')
  read -r first last done files problems rss <<<"$lsp"
  echo "| $r | $first | $last | $done | $files | $problems | $rss | $cli_ms | $cli_problems | $cli_rss |"
done
