package engine

// Codes of problems with an input as a whole (declared in internal/codes).
const (
	CodeEncoding = "encoding"
	CodeFileSize = "file-size"
	CodeIO       = "io"
	CodeInternal = "internal"
)
