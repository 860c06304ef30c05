// Package lsp is yaml-lsp, yamlint's language server. It serves the same
// engine as the CLI (engine.Linter.Lint and diag.Diagnostic): there is no
// second checking path, so an editor shows exactly what `yamlint` prints.
//
// Inside, every position is a byte offset into the document's text, as in
// the engine; UTF-16 line/character positions exist only at the protocol
// edge, converted with textpos.LineIndex.
//
// Concurrency: the JSON-RPC read loop handles notifications in order
// (document edits are applied synchronously, so later requests see them);
// requests other than initialize/shutdown run in their own goroutines on a
// snapshot of the document taken when they arrived, with a context that
// $/cancelRequest cancels. Linting is debounced per document, superseded
// work is cancelled, and diagnostics are never published for a version
// older than the latest edit.
package lsp
