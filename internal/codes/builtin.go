package codes

import "github.com/yamlint/yamlint/internal/diag"

// The built-in codes that are not rules (rules register themselves through
// internal/rules). They are declared here, in one table, so that every
// program that links this package knows them, whichever emitters it links.
var builtinCodes = []Code{
	// Input as a whole.
	{ID: "encoding", Category: CategoryInput, Summary: "The file is not UTF-8 text (NUL bytes, UTF-16, invalid bytes), so it is not checked."},
	{ID: "file-size", Category: CategoryInput, Summary: "The file is larger than max-file-size, so it is not checked."},
	{ID: "io", Category: CategoryInput, Summary: "The file could not be read: missing, unreadable, or not a regular file."},
	{ID: "time-budget", Category: CategoryInput, Summary: "The checks of one file took longer than the time budget per file; the checks named did not run."},
	{ID: "lsp-sync", Category: CategoryInput, DefaultSeverity: diag.SeverityWarning, Summary: "The language server lost track of the document's text after an invalid edit from the editor; save or reopen the file to check it again."},
	{ID: "internal", Category: CategoryInput, Summary: "A check failed unexpectedly; the other checks and files went on. Please report it."},
	// Parser.
	{ID: "syntax", Category: CategoryParser, Summary: "The text is not valid YAML (or is nested deeper than the parser accepts); the document is not checked further."},
	{ID: "duplicate-key", Category: CategoryParser, Silenceable: true, Summary: "A mapping repeats a key; YAML forbids it and tools disagree on which value wins."},
	{ID: "custom-tags", Category: CategoryParser, Silenceable: true, Summary: "A tag is not one the configuration declares in custom-tags."},
	// Configuration and directives.
	{ID: "config", Category: CategoryConfig, Summary: "The configuration file names an unknown rule, option or code, or gives an option a value it cannot take."},
	{ID: "directive", Category: CategoryConfig, DefaultSeverity: diag.SeverityWarning, Silenceable: true, Summary: "A `# yamllint disable...` comment names a code that does not exist or cannot be disabled."},
	// Schemas.
	{ID: "schema", Category: CategorySchema, Silenceable: true, Summary: "A value does not satisfy the JSON schema associated with its document."},
	{ID: "schema-pattern-timeout", Category: CategorySchema, DefaultSeverity: diag.SeverityWarning, Silenceable: true, Summary: "Matching a value against a schema pattern took longer than 100 ms (catastrophic backtracking); the value was not checked against it."},
	{ID: "schema-load", Category: CategorySchema, Summary: "The schema associated with a document could not be read or compiled, so the document was not validated."},
	// Kubernetes.
	{ID: "k8s-object", Category: CategoryKubernetes, Silenceable: true, Summary: "A Kubernetes object is malformed: apiVersion or kind missing, empty or of the wrong type."},
	{ID: "k8s-deprecated-api", Category: CategoryKubernetes, DefaultSeverity: diag.SeverityWarning, Silenceable: true, Summary: "The apiVersion of this kind is deprecated or removed in the target Kubernetes version."},
	{ID: "k8s-missing-schema", Category: CategoryKubernetes, DefaultSeverity: diag.SeverityWarning, Silenceable: true, Summary: "No schema is known for this apiVersion and kind (no built-in kind, no CRD among the inputs)."},
	{ID: "k8s-duplicate-object", Category: CategoryKubernetes, Silenceable: true, Summary: "Two objects among the inputs have the same group, kind, namespace and name."},
	{ID: "k8s-cel", Category: CategoryKubernetes, Silenceable: true, Summary: "A custom resource fails an x-kubernetes-validations rule of its CRD."},
	{ID: "k8s-metadata", Category: CategoryKubernetes, Silenceable: true, Summary: "Object metadata the API server rejects: a missing or invalid name for the kind, generateName, namespace, label key or value, annotation key or total size, finalizer name."},
	{ID: "k8s-container-image", Category: CategoryKubernetes, Silenceable: true, Summary: "A container of a Pod or pod template has no image; the API server requires one."},
	{ID: "k8s-list-duplicate", Category: CategoryKubernetes, Silenceable: true, Summary: "Two items of a list the API server keys (container, volume, mount path, Service port: errors; env name, container port: warnings) have the same key."},
	{ID: "k8s-unknown-kind", Category: CategoryKubernetes, Silenceable: true, Summary: "A kind a built-in API group does not have, differing from one it has only in case (kind: configmap)."},
	{ID: "k8s-crd", Category: CategoryKubernetes, Silenceable: true, Summary: "A CustomResourceDefinition the API server rejects on create (schema not structural, unknown type, invalid default, CEL rule that does not compile); its resources are not checked."},
	{ID: "k8s-helm-render", Category: CategoryKubernetes, Silenceable: true, Summary: "A Helm chart's templates fail to render with its default values or a ci/*.yaml values file (--helm-render)."},
}

func init() {
	for _, c := range builtinCodes {
		if c.DefaultSeverity == diag.SeverityNone {
			c.DefaultSeverity = diag.SeverityError
		}
		c.DefaultEnabled = true
		Register(c)
	}
}
