// Package yamlparser is goccy/go-yaml's parser package (v1.19.2, MIT
// licence: see LICENSE) with its block-mapping parse made iterative.
//
// Upstream parses a block mapping by recursing once per sibling key and
// copying the entries gathered so far at every level: a mapping of n keys
// costs O(n²) time and O(n) stack, so 100,000 keys took 43 s and a few
// million overflowed the goroutine stack (a fatal error no recover can
// catch). parseMap is the only change (parser.go); the lexer, scanner, ast
// and token packages are goccy's own, imported as usual, and the trees this
// package builds are goccy ast nodes. TestSameTreeAsUpstream keeps the two
// parsers in step over the test data and the yaml-test-suite corpus. Drop
// this copy for upstream once it parses wide mappings in linear time.
package yamlparser
