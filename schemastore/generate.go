package schemastore

// Generated schemas: each generator's test rewrites its output with -update
// and, without it, fails when the committed file is stale.
//go:generate go test ./internal/composegen -run TestGenerated -update
//go:generate go test ./internal/tzgen -run TestGenerated -update
