// Package celenv builds the CEL environment yamlint evaluates expressions
// in: the one the Kubernetes API server offers (standard CEL plus the
// k8s.io/apiserver libraries for quantities, URLs, IPs and CIDRs, regexes,
// lists, sets, formats, semver, optional types), with the API server's
// per-expression cost limit. House rules, ValidatingAdmissionPolicies and
// CRD x-kubernetes-validations rules all use it, so an expression that
// works in a cluster works here, and the other way round.
//
// Programs are compiled once per process: Compile caches by environment and
// expression.
package celenv

import (
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/checker"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"
	"k8s.io/apiserver/pkg/cel/library"
)

// PerCallLimit is the cost one evaluation may reach, the API server's
// limit for one expression (k8s.io/apiserver/pkg/apis/cel.PerCallLimit).
const PerCallLimit = 1_000_000

// baseOptions mirror k8s.io/apiserver/pkg/cel/environment's base
// environment at Kubernetes 1.37 (that package is not imported: it links
// feature gates, metrics and a command-line framework). The authorizer
// library is left out: there is no cluster to ask.
func baseOptions() []cel.EnvOption {
	return []cel.EnvOption{
		cel.HomogeneousAggregateLiterals(),
		cel.EagerlyValidateDeclarations(true),
		cel.DefaultUTCTimeZone(true),
		library.URLs(),
		library.Regex(),
		cel.CostEstimatorOptions(checker.PresenceTestHasCost(false)),
		cel.CrossTypeNumericComparisons(true),
		cel.OptionalTypes(),
		library.Quantity(),
		cel.ASTValidators(
			cel.ValidateDurationLiterals(),
			cel.ValidateTimestampLiterals(),
			cel.ValidateRegexLiterals(),
			cel.ValidateHomogeneousAggregateLiterals(),
		),
		ext.Strings(ext.StringsVersion(2)),
		ext.Sets(),
		library.IP(),
		library.CIDR(),
		library.Format(),
		ext.TwoVarComprehensions(),
		library.SemverLib(library.SemverVersion(1)),
		ext.Lists(ext.ListsVersion(3)),
		library.Lists(library.ListsVersion(1)),
	}
}

// ProgramOptions are the options every program is built with: cost
// tracking with the Kubernetes libraries' costs and the per-call limit.
func ProgramOptions() []cel.ProgramOption {
	return []cel.ProgramOption{
		cel.EvalOptions(cel.OptOptimize, cel.OptTrackCost),
		cel.CostLimit(PerCallLimit),
		cel.CostTrackerOptions(interpreter.PresenceTestHasCost(false)),
		cel.CostTracking(&library.CostEstimator{}),
	}
}

var base = sync.OnceValues(func() (*cel.Env, error) { return cel.NewEnv(baseOptions()...) })

// Env is a base environment extended with variables, identified by name so
// that programs are cached per environment.
type Env struct {
	Name string
	env  *cel.Env
	err  error
	once sync.Once
	vars []cel.EnvOption
}

// NewEnv declares an environment with the given variables (all of dynamic
// type, as YAML values are untyped). It is built on first use.
func NewEnv(name string, vars ...string) *Env {
	e := &Env{Name: name}
	for _, v := range vars {
		e.vars = append(e.vars, cel.Variable(v, cel.DynType))
	}
	return e
}

// CEL returns the cel-go environment.
func (e *Env) CEL() (*cel.Env, error) {
	e.once.Do(func() {
		b, err := base()
		if err != nil {
			e.err = err
			return
		}
		e.env, e.err = b.Extend(e.vars...)
	})
	return e.env, e.err
}

// Program is a compiled expression.
type Program struct {
	Expr string
	// Output is the checked output type (dyn when the checker cannot tell).
	// Unset for a deferred program until its first evaluation.
	Output *cel.Type
	c      *compiled

	// deferred programs compile on first evaluation (see Deferred).
	deferred *deferral
}

// compiled is what compiling an expression gives, shared by the Programs
// of one expression.
type compiled struct {
	env *cel.Env
	ast *cel.Ast
	// fast is the program without cost tracking, for inputs on which the
	// expression provably stays under the limit (see EvalSized).
	fast cel.Program
	// tracked is the program with cost tracking and the limit, planned on
	// first need: most evaluations are provably bounded.
	trackedOnce sync.Once
	tracked     cel.Program
	trackedErr  error
	nodes       int
	loops       bool
	// bounded[k]: whether the estimated cost stays under the limit when
	// every input string and collection has at most 2^k elements
	// (0 unknown, 1 yes, 2 no); for expressions with comprehensions.
	bounded [64]atomic.Int32
}

type deferral struct {
	env  *Env
	once sync.Once
	err  error
}

// Deferred returns expr in env as a program compiled on its first
// evaluation, for expressions known to compile (the built-in packs, whose
// tests compile every expression): a pack's rules then cost nothing in a
// run that never reaches them, such as the GitHub Actions pack on a
// directory of Kubernetes manifests. A compile error surfaces as the
// evaluation's error.
func Deferred(env *Env, expr string) *Program {
	return &Program{Expr: expr, deferred: &deferral{env: env}}
}

// Ready compiles a deferred program (once; the compiled fields are set
// before once.Do returns, so concurrent evaluations see them) and reports
// its compile error. Nil for a program compiled up front.
func (p *Program) Ready() error {
	d := p.deferred
	if d == nil {
		return nil
	}
	d.once.Do(func() {
		c, err := Compile(d.env, p.Expr)
		if err != nil {
			d.err = err
			return
		}
		p.Output, p.c = c.Output, c.c
	})
	return d.err
}

// Eval evaluates the program with the given variables: a map from name to
// value, or an interpreter.Activation. A cost above the limit is an error
// for which CostExceeded reports true.
func (p *Program) Eval(vars any) (any, error) {
	return p.EvalSized(vars, -1)
}

// EvalSized is Eval knowing that the variables' values come from at most
// inputBytes bytes of source (-1: unknown). Cost tracking roughly doubles
// the time of an evaluation, so it is skipped where the expression
// provably stays under the limit:
//   - without comprehensions, it costs at most one unit per node plus, per
//     node, the length of the strings it reads (the Kubernetes libraries
//     charge a tenth of that): nodes*(1+inputBytes) bounds it;
//   - with comprehensions, CEL's static cost estimate (the one the API
//     server bounds CRD rules with) is taken with every string, list and
//     map of the input at most inputBytes long, which no value parsed from
//     that many bytes exceeds (an alias repeats a value; it does not make
//     one longer).
func (p *Program) EvalSized(vars any, inputBytes int) (any, error) {
	if err := p.Ready(); err != nil {
		return nil, err
	}
	c := p.c
	prg := c.fast
	if inputBytes < 0 || !c.boundedFor(inputBytes) {
		var err error
		if prg, err = c.trackedProgram(); err != nil {
			return nil, err
		}
	}
	out, _, err := prg.Eval(vars)
	if err != nil {
		return nil, err
	}
	return out.Value(), nil
}

// EvalVal is Eval returning the CEL value, for results fed to other
// expressions (admission policies' variables).
func (p *Program) EvalVal(vars map[string]any) (ref.Val, error) {
	if err := p.Ready(); err != nil {
		return nil, err
	}
	prg, err := p.c.trackedProgram()
	if err != nil {
		return nil, err
	}
	out, _, err := prg.Eval(vars)
	return out, err
}

func (c *compiled) trackedProgram() (cel.Program, error) {
	c.trackedOnce.Do(func() {
		c.tracked, c.trackedErr = c.env.Program(c.ast, ProgramOptions()...)
	})
	return c.tracked, c.trackedErr
}

// boundedFor reports whether an evaluation on values from inputBytes bytes
// provably stays under the cost limit (see EvalSized).
func (c *compiled) boundedFor(inputBytes int) bool {
	if !c.loops {
		return c.nodes*(1+inputBytes) < PerCallLimit
	}
	k := bits.Len(uint(inputBytes))
	if k >= len(c.bounded) {
		return false
	}
	switch c.bounded[k].Load() {
	case 1:
		return true
	case 2:
		return false
	}
	est, err := c.env.EstimateCost(c.ast, &library.CostEstimator{SizeEstimator: maxSize(uint64(1) << k)},
		checker.PresenceTestHasCost(false))
	ok := err == nil && est.Max < PerCallLimit
	v := int32(2)
	if ok {
		v = 1
	}
	c.bounded[k].Store(v)
	return ok
}

// maxSize estimates every input value's size as at most n.
type maxSize uint64

func (m maxSize) EstimateSize(checker.AstNode) *checker.SizeEstimate {
	return &checker.SizeEstimate{Min: 0, Max: uint64(m)}
}

func (maxSize) EstimateCallCost(string, string, *checker.AstNode, []checker.AstNode) *checker.CallEstimate {
	return nil
}

// CostExceeded reports whether err is an evaluation stopped by the cost
// limit.
func CostExceeded(err error) bool {
	return err != nil && strings.Contains(err.Error(), "cost limit exceeded")
}

type cacheKey struct{ env, expr string }

// cached is one expression's compilation; callers asking for it while it
// runs wait for it instead of compiling it again.
type cached struct {
	once sync.Once
	prg  *Program
	err  error
}

var (
	cacheMu sync.Mutex
	cache   = map[cacheKey]*cached{}
)

// Compile parses, checks and plans expr in env, once per process.
func Compile(env *Env, expr string) (*Program, error) {
	k := cacheKey{env.Name, expr}
	cacheMu.Lock()
	c := cache[k]
	if c == nil {
		c = &cached{}
		cache[k] = c
	}
	cacheMu.Unlock()
	c.once.Do(func() { c.prg, c.err = compile(env, expr) })
	return c.prg, c.err
}

// CompileError is an expression that does not compile, with where in the
// expression (1-based column; 0 when unknown).
type CompileError struct {
	Msg    string
	Column int
	Line   int
}

func (e *CompileError) Error() string { return e.Msg }

func compile(env *Env, expr string) (*Program, error) {
	ce, err := env.CEL()
	if err != nil {
		return nil, fmt.Errorf("CEL environment: %w", err)
	}
	ast, iss := ce.Compile(expr)
	if iss != nil && iss.Err() != nil {
		errs := iss.Errors()
		out := &CompileError{Msg: strings.TrimSpace(iss.Err().Error())}
		if len(errs) > 0 {
			out.Msg = errs[0].Message
			out.Line = errs[0].Location.Line()
			out.Column = errs[0].Location.Column() + 1
			if len(errs) > 1 {
				out.Msg += fmt.Sprintf(" (and %d more)", len(errs)-1)
			}
		}
		return nil, out
	}
	c := &compiled{env: ce, ast: ast}
	celast.PostOrderVisit(ast.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		c.nodes++
		if e.Kind() == celast.ComprehensionKind {
			c.loops = true
		}
	}))
	fast, err := ce.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, &CompileError{Msg: err.Error()}
	}
	// The tracked program is planned when first needed: planning fails
	// for what the fast program's planning already failed for.
	c.fast = fast
	return &Program{Expr: expr, Output: ast.OutputType(), c: c}, nil
}
