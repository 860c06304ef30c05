// Command genpackcodes writes internal/house/packcodes_gen.go, the built-in
// packs' rules as registry entries, from the packs themselves.
package main

import (
	"fmt"
	"os"

	"github.com/yamlint/yamlint/internal/house"
)

func main() {
	src, err := house.GeneratePackCodes()
	if err == nil {
		err = os.WriteFile("packcodes_gen.go", src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genpackcodes:", err)
		os.Exit(1)
	}
}
