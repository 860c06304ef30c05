// Command yamlint checks YAML files against JSON schemas and style rules.
package main

import (
	"os"

	"github.com/yamlint/yamlint/internal/cli"
	_ "github.com/yamlint/yamlint/internal/startheap/early"
)

func main() {
	// A run is short: collecting while the heap is small costs more than
	// the memory it saves (see startheap).
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
