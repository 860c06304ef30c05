# yamlint — build, test and benchmark targets. `make test` is what CI runs.
SHELL := /bin/bash
GO ?= go
BIN := bin

.PHONY: all build test vet fmt-check conformance bench bench-lsp update-golden generate clean fuzz race

all: build

build:
	$(GO) build -o $(BIN)/yamlint ./cmd/yamlint
	$(GO) build -o $(BIN)/yaml-lsp ./cmd/yaml-lsp
	$(GO) build -o $(BIN)/yamlint-helm ./cmd/yamlint-helm

# Unit, golden, integration and corpus tests (corpus tests skip with a
# message when ../shared/corpus is absent). The output keeps each package's
# result, failures in full, and the figures the corpus tests log.
test: fmt-check vet
	set -o pipefail; $(GO) test -json ./... | $(GO) run ./scripts/testsummary

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# Native Go fuzzing, each target for FUZZTIME (seeds: testdata and the
# corpus's yaml-test-suite, read in place; crashers land in the package's
# testdata/fuzz/<Target>/ and then run with `make test`). FUZZPROCS workers.
FUZZTIME ?= 30s
FUZZPROCS ?= 1
FUZZ_TARGETS := ./internal/house:FuzzHouseRule ./internal/yamlparser/scanner:FuzzTokenize ./internal/yamlfile:FuzzParse ./internal/engine:FuzzLint ./internal/cli:FuzzFix ./internal/lsp:FuzzLSPEdit
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; echo "== $$name ($$pkg, $(FUZZTIME))"; \
	  $(GO) test $$pkg -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -parallel $(FUZZPROCS); \
	done

# The engine, the language server and house rules (compiled on first use,
# from concurrent lints) under the race detector.
race:
	$(GO) test -race ./internal/engine/ ./internal/lsp/ ./internal/house/ ./internal/celenv/

# Only the corpus and conformance tests, verbosely.
conformance:
	set -o pipefail; $(GO) test -count=1 -v -run 'Conformance|Corpus' ./... 2>&1 \
	  | grep -E -e '--- (FAIL|SKIP)|^(ok|FAIL)|_test.go:[0-9]+: '

update-golden:
	$(GO) test ./... -run Golden -update

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@if [ -x scripts/bench-yamllint.sh ]; then scripts/bench-yamllint.sh; fi
	@if [ -x scripts/bench-k8s.sh ]; then scripts/bench-k8s.sh; fi

bench-lsp: build
	scripts/bench-lsp.sh

generate:
	$(GO) generate ./...

clean:
	rm -rf $(BIN)
