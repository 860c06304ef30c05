// Command docgen rewrites the files generated from the code registry.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/docgen"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	reg := codes.Builtin()
	docPath := filepath.Join(root, docgen.RulesDocPath)
	cur, err := os.ReadFile(docPath)
	if err != nil {
		return err
	}
	doc, err := docgen.RulesDoc(cur, reg)
	if err != nil {
		return err
	}
	if err := os.WriteFile(docPath, doc, 0o644); err != nil {
		return err
	}
	sch, err := docgen.ConfigSchema(reg)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, docgen.ConfigSchemaPath), sch, 0o644)
}
