package schemastore

import (
	"embed"
	"io/fs"
)

//go:generate go run ./internal/k8sgen -out kubernetes

// kubernetesFiles holds the generated Kubernetes bundles (see
// internal/k8sgen): index.json, MANIFEST and one vX.Y.json.gz per release.
//
//go:embed kubernetes
var kubernetesFiles embed.FS

// Kubernetes returns the generated Kubernetes schema files, rooted at the
// kubernetes directory. internal/kube reads them.
func Kubernetes() fs.FS {
	sub, err := fs.Sub(kubernetesFiles, "kubernetes")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}
