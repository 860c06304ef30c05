#!/bin/sh
# Builds the platform-specific VS Code packages: for each target, yaml-lsp is
# cross-compiled into editors/vscode/bin/ and `vsce package --target` writes
# dist/yamlint-<target>-<version>.vsix, which carries only that binary. The
# extension finds bin/yaml-lsp without configuration (editors/vscode/src/extension.ts).
#
#   scripts/package-vscode.sh                 # every target
#   TARGETS="linux-x64" scripts/package-vscode.sh
#
# Needs Go and Node (npm install in editors/vscode brings @vscode/vsce).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
ext="$repo/editors/vscode"
out="${OUT:-$repo/dist}"
targets="${TARGETS:-linux-x64 linux-arm64 alpine-x64 darwin-x64 darwin-arm64 win32-x64 win32-arm64}"
version=$(node -p "require('$ext/package.json').version")
mkdir -p "$out"
cd "$ext"
[ -d node_modules ] || npm install --no-audit --no-fund
npm run compile
for t in $targets; do
	case "$t" in
	linux-x64 | alpine-x64) goos=linux goarch=amd64 ;;
	linux-arm64 | alpine-arm64) goos=linux goarch=arm64 ;;
	darwin-x64) goos=darwin goarch=amd64 ;;
	darwin-arm64) goos=darwin goarch=arm64 ;;
	win32-x64) goos=windows goarch=amd64 ;;
	win32-arm64) goos=windows goarch=arm64 ;;
	*) echo "package-vscode: unknown target $t" >&2; exit 2 ;;
	esac
	exe=yaml-lsp
	[ "$goos" = windows ] && exe=yaml-lsp.exe
	rm -rf "$ext/bin"
	mkdir -p "$ext/bin"
	(cd "$repo" && CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath -ldflags "-s -w" -o "$ext/bin/$exe" ./cmd/yaml-lsp)
	npx --no-install vsce package --target "$t" --skip-license --out "$out/yamlint-$t-$version.vsix"
	echo "package-vscode: $out/yamlint-$t-$version.vsix"
done
rm -rf "$ext/bin"
