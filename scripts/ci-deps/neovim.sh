#!/usr/bin/env bash
# CI dependency: Neovim, for the headless editor test (internal/lsp TestNeovim).
exec "$(dirname "$0")/../install-neovim.sh"
