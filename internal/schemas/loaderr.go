package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// A schema that fails to load may be any file a hostile modeline or $ref
// names, so messages about it give positions (line:column, JSON pointer)
// and the rule it breaks, never its content: no quoted bytes, values,
// property names or patterns from it.

var quotedChar = regexp.MustCompile(`character '.*?' `)

// jsonSyntaxText describes a JSON decoding error without quoting the
// offending byte (encoding/json says "invalid character 'r' looking for
// beginning of value").
func jsonSyntaxText(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return quotedChar.ReplaceAllString(se.Error(), "character ")
	}
	msg := jsonErrText(err)
	if strings.Contains(msg, "'") || strings.Contains(msg, `"`) {
		return "not valid JSON"
	}
	return quotedChar.ReplaceAllString(msg, "character ")
}

// metaSchemaText describes why a schema fails the meta-schema. Kinds whose
// text holds only meta-schema facts (expected types, allowed keywords,
// counts) keep it; the rest name the failing keyword.
func metaSchemaText(k jsonschema.ErrorKind) string {
	switch k.(type) {
	case *kind.Type, *kind.Enum, *kind.Const, *kind.Required,
		*kind.MinItems, *kind.MaxItems, *kind.MinProperties, *kind.MaxProperties,
		*kind.MinLength, *kind.MaxLength, *kind.UniqueItems, *kind.FalseSchema,
		*kind.AnyOf, *kind.AllOf, *kind.OneOf, *kind.Not:
		return k.LocalizedString(printer)
	}
	kw := k.KeywordPath()
	if len(kw) == 0 {
		return "fails the meta-schema"
	}
	return fmt.Sprintf("fails the meta-schema's %q keyword", kw[len(kw)-1])
}

// compileErrText describes a compile error that is not a load or
// meta-schema error, keeping locations and dropping quoted content.
func compileErrText(err error) string {
	var (
		re  *jsonschema.InvalidRegexError
		did *jsonschema.DuplicateIDError
		dan *jsonschema.DuplicateAnchorError
		voc *jsonschema.UnsupportedVocabularyError
		dr  *jsonschema.UnsupportedDraftError
		ims *jsonschema.InvalidMetaSchemaURLError
		anf *jsonschema.AnchorNotFoundError
		jpn *jsonschema.JSONPointerNotFoundError
		ijp *jsonschema.InvalidJsonPointerError
		cyc *jsonschema.MetaSchemaCycleError
		mm  *jsonschema.MetaSchemaMismatchError
		pid *jsonschema.ParseIDError
		pan *jsonschema.ParseAnchorError
		pu  *jsonschema.ParseURLError
	)
	switch {
	case errors.As(err, &re):
		return "invalid regular expression at " + DisplayURL(re.URL)
	case errors.As(err, &did):
		return fmt.Sprintf("duplicate $id at %s and %s", did.Ptr1, did.Ptr2)
	case errors.As(err, &dan):
		return fmt.Sprintf("duplicate anchor at %s and %s", dan.Ptr1, dan.Ptr2)
	case errors.As(err, &voc):
		return "unsupported vocabulary in " + DisplayURL(voc.URL)
	case errors.As(err, &dr):
		return "$schema names an unsupported draft"
	case errors.As(err, &ims):
		return "invalid $schema in " + DisplayURL(ims.URL)
	case errors.As(err, &anf):
		return "anchor not found: " + DisplayURL(anf.Reference)
	case errors.As(err, &jpn):
		return "JSON pointer not found: " + DisplayURL(jpn.URL)
	case errors.As(err, &ijp):
		return "invalid JSON pointer: " + DisplayURL(ijp.URL)
	case errors.As(err, &cyc):
		return "cycle in resolving $schema in " + DisplayURL(cyc.URL)
	case errors.As(err, &mm):
		return "$schema does not match the root's in " + DisplayURL(mm.URL)
	case errors.As(err, &pid):
		return "invalid $id at " + DisplayURL(pid.URL)
	case errors.As(err, &pan):
		return "invalid anchor at " + DisplayURL(pan.URL)
	case errors.As(err, &pu):
		return "invalid URL at " + DisplayURL(pu.URL)
	}
	return "cannot be compiled"
}
