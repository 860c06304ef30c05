// Command yaml-lsp is yamlint's language server (LSP over stdio). All of it
// lives in internal/lsp; this file only reads flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/yamlint/yamlint/internal/lsp"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	fs := pflag.NewFlagSet("yaml-lsp", pflag.ContinueOnError)
	stdio := fs.Bool("stdio", true, "talk LSP over stdin/stdout (the default and only transport)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	logFile := fs.String("log", "", "append the server's log to `FILE`")
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: yaml-lsp [--stdio] [--log FILE] [--version]\n\n%s", fs.FlagUsages())
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == pflag.ErrHelp {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if *showVersion {
		fmt.Println("yaml-lsp", version)
		return
	}
	if !*stdio {
		fmt.Fprintln(os.Stderr, "yaml-lsp: only --stdio is supported")
		os.Exit(2)
	}
	var logw io.Writer
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "yaml-lsp:", err)
			os.Exit(2)
		}
		defer f.Close()
		logw = f
	}
	code := lsp.Run(context.Background(), os.Stdin, os.Stdout, lsp.Options{Version: version, Log: logw})
	os.Exit(code)
}
