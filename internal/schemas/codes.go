package schemas

// CodeLoad is the code of a schema that could not be read or compiled
// (declared in internal/codes, as Code is).
const CodeLoad = "schema-load"
