// Command testsummary reads `go test -json` and prints what a CI log needs:
// each package's ok/FAIL line, the whole output of failing tests, and the
// figures the corpus and conformance tests log (their t.Logf lines) even
// when they pass, ending with "N passed, N failed, N skipped".
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// figures matches the log lines worth showing from passing tests.
var figures = regexp.MustCompile(`(?i)conformance|corpus|agree|parity|rate|floor|skipp|files?[ ,:)]|checked|caught|passes|clean`)

func main() {
	outputs := map[string][]string{} // "pkg test" -> lines
	var passed, failed, skipped int
	exit := 0
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	for in.Scan() {
		var e event
		if err := json.Unmarshal(in.Bytes(), &e); err != nil {
			fmt.Println(in.Text()) // build errors and the like
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if e.Test == "" {
				if strings.HasPrefix(e.Output, "ok ") || strings.HasPrefix(e.Output, "FAIL") || strings.HasPrefix(e.Output, "?") {
					continue // printed from the package's pass/fail event
				}
				if strings.Contains(e.Output, "[build failed]") || strings.HasPrefix(e.Output, "#") || strings.Contains(e.Output, ".go:") {
					fmt.Print(e.Output)
				}
				continue
			}
			outputs[key] = append(outputs[key], e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				word := map[string]string{"pass": "ok  ", "fail": "FAIL", "skip": "?   "}[e.Action]
				fmt.Printf("%s\t%s\t%.3fs\n", word, e.Package, e.Elapsed)
				if e.Action == "fail" {
					exit = 1
				}
				continue
			}
			lines := outputs[key]
			delete(outputs, key)
			switch e.Action {
			case "pass":
				passed++
				for _, l := range lines {
					t := strings.TrimSpace(l)
					if strings.Contains(t, "_test.go:") && figures.MatchString(t) {
						fmt.Printf("    %s: %s\n", e.Test, t)
					}
				}
			case "fail":
				failed++
				exit = 1
				for _, l := range lines {
					fmt.Print(l)
				}
			case "skip":
				skipped++
				for _, l := range lines {
					if t := strings.TrimSpace(l); strings.Contains(t, "_test.go:") {
						fmt.Printf("    %s skipped: %s\n", e.Test, t)
					}
				}
			}
		}
	}
	fmt.Printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	os.Exit(exit)
}
