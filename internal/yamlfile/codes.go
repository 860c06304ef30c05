package yamlfile

// Codes the parser emits (declared in internal/codes).
const (
	CodeSyntax       = "syntax"
	CodeDuplicateKey = "duplicate-key"
	CodeCustomTags   = "custom-tags"
)
