// Command yamlint-helm renders a Helm chart for yamlint and yaml-lsp
// (--helm-render): it reads one JSON request on stdin and writes one JSON
// response on stdout (see internal/helmrender). It is a separate program so
// that only Helm rendering pays for linking Helm.
package main

import (
	"os"

	"github.com/yamlint/yamlint/internal/helmworker"
)

func main() {
	os.Exit(helmworker.Main(os.Stdin, os.Stdout, os.Stderr))
}
