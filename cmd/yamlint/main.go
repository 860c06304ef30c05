// Command yamlint checks YAML files against JSON schemas and style rules.
package main

import (
	"os"

	"github.com/yamlint/yamlint/internal/cli"
	"github.com/yamlint/yamlint/internal/startheap"
)

func main() {
	// A run is short: collecting while the heap is small costs more than
	// the memory it saves (see startheap).
	startheap.Adjust(64 << 20)
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
