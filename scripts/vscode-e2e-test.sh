#!/usr/bin/env bash
# Real VS Code test: code-server (VS Code in the browser, npm's code-server)
# with the platform .vsix installed opens a workspace holding a Kubernetes
# manifest with an error; headless Chromium loads the workbench so that the
# extension host runs; the extension's test hook (YAMLINT_E2E_OUT, see
# editors/vscode/src/extension.ts) writes the diagnostics VS Code holds for
# the file, and the status bar text, which this script checks.
#
#   scripts/vscode-e2e-test.sh            # builds the linux-x64 .vsix
#   VSIX=dist/yamlint-linux-x64-0.1.0.vsix CODE_SERVER=/path/code-server scripts/vscode-e2e-test.sh
#
# Exits 0 with "SKIP: reason" when code-server or Chromium is missing.
#
# Installing code-server here (offline but for npm and Debian): 4.100 and
# later need Node 22+, so with Node 20 use 4.99.x; as root its postinstall
# wants npm_config_unsafe_perm=true; native modules need
# libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev (apt); node-pty's
# postinstall runs npx (npm_config_yes=true); @vscode/ripgrep downloads rg
# from GitHub unless its cache holds the archive, which Debian's ripgrep
# provides:
#   apt-get install ripgrep chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
#   c=$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11; mkdir -p "$c" /tmp/rg
#   cp /usr/bin/rg /tmp/rg/ && tar czf "$c/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /tmp/rg rg
#   npm_config_yes=true npm_config_unsafe_perm=true npm install code-server@4.99.4
#   CODE_SERVER=$PWD/node_modules/.bin/code-server scripts/vscode-e2e-test.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODE_SERVER="${CODE_SERVER:-$(command -v code-server || true)}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[[ -n "$CODE_SERVER" && -x "$CODE_SERVER" ]] || { echo "SKIP: code-server not installed (npm install code-server; it needs Node 20 for 4.99.x and builds native modules)"; exit 0; }
[[ -n "$CHROMIUM" ]] || { echo "SKIP: no Chromium to load the workbench (apt-get install chromium)"; exit 0; }
WORK="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT
VSIX="${VSIX:-}"
if [[ -z "$VSIX" ]]; then
  TARGETS=linux-x64 OUT="$WORK/dist" "$ROOT/scripts/package-vscode.sh" >/dev/null
  VSIX="$(ls "$WORK"/dist/*.vsix)"
fi
mkdir -p "$WORK/ws" "$WORK/ext" "$WORK/data"
cat > "$WORK/ws/deploy.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: many
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
YAML
"$CODE_SERVER" --extensions-dir "$WORK/ext" --user-data-dir "$WORK/data" --install-extension "$VSIX" >/dev/null
PORT=$((20000 + RANDOM % 20000))
YAMLINT_E2E_OUT="$WORK/out.json" YAMLINT_E2E_OPEN="$WORK/ws/deploy.yaml" \
  "$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$PORT" --extensions-dir "$WORK/ext" --user-data-dir "$WORK/data" \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$WORK/ws" >"$WORK/code-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
"$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$WORK/chrome" \
  "http://127.0.0.1:$PORT/?folder=$WORK/ws" >"$WORK/chromium.log" 2>&1 &
pids+=($!)
WAIT_S="${WAIT_S:-300}"
for _ in $(seq 1 "$WAIT_S"); do
  if [[ -s "$WORK/out.json" ]] && python3 - "$WORK/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = any(x["line"] == 6 and x["source"] == "yamlint" and "integer" in x["message"] for x in d["diagnostics"])
sys.exit(0 if ok else 1)
PY
  then
    cat "$WORK/out.json"
    echo "PASS: VS Code ($("$CODE_SERVER" --version | head -1)) shows yamlint's diagnostic on line 6"
    exit 0
  fi
  sleep 1
done
echo "FAIL: no yamlint diagnostic on line 6 within $WAIT_S s"
cat "$WORK/out.json" 2>/dev/null || true
tail -20 "$WORK/code-server.log"
exit 1
