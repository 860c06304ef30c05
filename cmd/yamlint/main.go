// Command yamlint checks YAML files against JSON schemas and style rules.
package main

import (
	"os"

	"github.com/yamlint/yamlint/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
