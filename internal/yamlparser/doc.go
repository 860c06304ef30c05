// Package yamlparser is goccy/go-yaml's parser package (v1.19.2, MIT
// licence: see LICENSE) with its block-mapping parse made iterative.
//
// Upstream parses a block mapping by recursing once per sibling key and
// copying the entries gathered so far at every level: a mapping of n keys
// costs O(n²) time and O(n) stack, so 100,000 keys took 43 s and a few
// million overflowed the goroutine stack (a fatal error no recover can
// catch). parseMap is the only change (parser.go). The scanner package is
// goccy's scanner (and lexer.Tokenize), changed only to make the same
// tokens with half the allocations (scanner/intern.go: short strings
// interned, no number parse of words, no string conversions for a prefix
// test); TestTokenizeMatchesUpstream compares every token with goccy's.
// The ast and token packages are goccy's own, imported as usual, and the
// trees this package builds are goccy ast nodes. TestSameTreeAsUpstream
// keeps the two parsers in step over the test data and the yaml-test-suite
// corpus. Drop these copies for upstream once it parses wide mappings in
// linear time and scans without an allocation per word.
package yamlparser
