#!/usr/bin/env bash
# Install Neovim (for scripts/nvim-lsp-test.sh) with apt. Idempotent: does
# nothing when nvim is already on PATH. Exits 0 with a SKIP message when apt
# is unavailable or the install fails (no root, no network), 0 on success.
set -uo pipefail
if command -v nvim >/dev/null 2>&1; then
  echo "neovim already installed: $(nvim --version | head -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "SKIP: apt-get not available; install Neovim >= 0.7 by other means" >&2
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "SKIP: not root and no passwordless sudo; cannot apt-get install neovim" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends neovim >/dev/null 2>&1; then
  $SUDO apt-get update >/dev/null 2>&1 || true
  if ! $SUDO apt-get install -y --no-install-recommends neovim >/dev/null 2>&1; then
    echo "SKIP: apt-get install neovim failed (offline or no such package)" >&2
    exit 0
  fi
fi
echo "installed: $(nvim --version | head -1)"
