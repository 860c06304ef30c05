#!/usr/bin/env bash
# Real-editor test: headless Neovim starts yaml-lsp, opens a YAML file with a
# schema error, and checks that our diagnostic arrives at the right line (and
# that hover answers). Installs Neovim with scripts/install-neovim.sh when
# missing; skips (exit 0, "SKIP:") only when it cannot be installed.
#   scripts/nvim-lsp-test.sh [path/to/yaml-lsp]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v nvim >/dev/null 2>&1; then
  "$ROOT/scripts/install-neovim.sh" || true
fi
if ! command -v nvim >/dev/null 2>&1; then
  echo "SKIP: neovim is not installed and could not be installed"
  exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
BIN="${1:-}"
if [[ -z "$BIN" ]]; then
  BIN="$WORK/yaml-lsp"
  (cd "$ROOT" && go build -o "$BIN" ./cmd/yaml-lsp)
fi
FILE="$WORK/deploy.yaml"
# A modeline may only name schemas inside the workspace (docs/security.md):
# the schema sits beside the file.
cp "$ROOT/testdata/lsp/k8s-subset.schema.json" "$WORK/"
cat > "$FILE" <<YAML
# yaml-language-server: \$schema=./k8s-subset.schema.json
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: many
  selector: {}
  template: {}
YAML
export YLSP_CMD="$BIN --stdio" YLSP_FILE="$FILE" YLSP_LINE=7 YLSP_TEXT="expected integer"
exec timeout --kill-after=5 40 nvim --headless --clean -n -i NONE -c "luafile $ROOT/scripts/nvim-lsp-test.lua" </dev/null
