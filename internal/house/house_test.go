package house

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/yamlfile"
)

// parseConfig compiles the house-rules of a config text; problems come
// back as "line:col: message".
func parseConfig(t *testing.T, src string) (*Set, []string) {
	t.Helper()
	f := yamlfile.Parse(".yamlint.yaml", []byte(src), yamlfile.Options{})
	if len(f.Syntax) > 0 {
		t.Fatalf("config does not parse: %s", f.Syntax[0].Message)
	}
	set, ds := Parse(f, f.Docs[0].Root, ".yamlint.yaml", t.TempDir())
	var out []string
	for _, d := range ds {
		p := f.Lines.Position(d.Range.Start)
		out = append(out, fmt.Sprintf("%d:%d: %s", p.Line, p.Column, d.Message))
	}
	return set, out
}

func TestConfigErrors(t *testing.T) {
	_, got := parseConfig(t, `house-rules:
  - id: k8s-image-tag
    assert: "true"
  - id: a
    assert: "self.image.contains(':') && objct.x"
  - id: b
    target: contianer
    assert: "size(self)"
  - id: c
    match: {kinds: [apps/v1/deployment]}
    schema: {type: 12}
  - id: d
    assert: "self.x"
    messageExpression: "1 + 2"
  - id: e
    assert: |
      has(self.a) &&
        self.b.frobnicate()
  - id: a
    assert: "self.x == 1 +"
  - id: f
    message: no check
  - id: g
    assert: "true"
    schema: {}
packs: [no-such-pack]
`)
	want := []string{
		`2:9: house rule id "k8s-image-tag" clashes with the built-in kubernetes code "k8s-image-tag"; choose another id`,
		`5:42: assert: unknown variable or function "objct"; did you mean "object"?`,
		`7:13: target: unknown target "contianer"; did you mean "container"?`,
		`8:13: assert must be a bool expression, this one is int`,
		`10:21: match.kinds: "apps/v1/deployment": a Kind starts with an upper-case letter ("Deployment")`,
		`11:5: schema of house rule "c" does not compile`,
		`14:24: messageExpression must be a string expression, this one is int`,
		`18:26: assert: unknown variable or function "frobnicate"`,
		`19:9: house rule "a" is declared twice (first at line 4)`,
		`20:27: assert: Syntax error`,
		`21:5: house rule "f" needs assert (a CEL expression) or schema (an inline JSON Schema)`,
		`25:5: house rule "g": give assert or schema, not both`,
		`26:9: unknown pack or pack rule "no-such-pack"`,
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if i >= len(got) || !strings.HasPrefix(got[i], want[i]) {
			g := ""
			if i < len(got) {
				g = got[i]
			}
			t.Errorf("problem %d:\n got  %s\n want %s...", i, g, want[i])
		}
	}
}

const issueConfig = `house-rules:
  - id: require-team-label
    description: Every Deployment carries a team label
    severity: error
    match:
      kinds: ["apps/v1/Deployment"]
    assert: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    message: "Deployment has no team label"
  - id: no-latest-image
    match: {kinds: ["*"]}
    target: container
    assert: "self.image.contains(':') && !self.image.endsWith(':latest')"
    messageExpression: "'image ' + self.image + ' is not pinned to a version'"
    field: image
  - id: job-timeout
    match: {format: github-workflow}
    target: "jobs.*"
    schema: {required: [timeout-minutes]}
    message: "every job sets timeout-minutes"
  - id: cpu-limit
    target: container
    field: resources.limits.cpu
    assert: "self.?resources.?limits.?cpu.hasValue()"
    message: no CPU limit
`

// The issue's rules, on every kind of workload, with findings at the
// exact node: the field's value, the key of the mapping that should hold
// a missing field, the target's key.
func TestIssueRules(t *testing.T) {
	set, problems := parseConfig(t, issueConfig)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	src := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: web
          image: nginx:latest
          resources:
            limits: {memory: 1Gi}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: job:1.0
              resources: {limits: {cpu: 1}}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: canary}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app
          resources: {limits: {cpu: 1}}
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  containers:
    - name: main
      image: main:1
      resources: {limits: {cpu: 1}}
  ephemeralContainers:
    - name: dbg
      image: busybox:latest
      resources: {limits: {cpu: 1}}
`
	got := checkAll(t, set, "deploy.yaml", []byte(src))
	want := []string{
		"2: error: require-team-label: Deployment has no team label",
		"9: warning: cpu-limit: no CPU limit",
		"10: warning: no-latest-image: image busybox is not pinned to a version",
		"13: warning: no-latest-image: image nginx:latest is not pinned to a version",
		"15: warning: cpu-limit: no CPU limit",
		"38: warning: no-latest-image: image app is not pinned to a version",
		"51: warning: no-latest-image: image busybox:latest is not pinned to a version",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	wf := `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps: [{run: make}]
  test:
    timeout-minutes: 10
    runs-on: ubuntu-latest
    steps: [{run: make test}]
`
	got = checkAll(t, set, ".github/workflows/ci.yml", []byte(wf))
	want = []string{`3: warning: job-timeout: every job sets timeout-minutes (missing required property "timeout-minutes")`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTargets(t *testing.T) {
	set, problems := parseConfig(t, `house-rules:
  - id: steps
    target: step
    assert: "has(self.name)"
    message: step without a name
  - id: gitlab-jobs
    match: {format: gitlab-ci}
    target: job
    field: tags
    assert: "has(self.tags)"
    message: job without tags
  - id: services
    target: service
    field: image
    assert: "!self.?image.orValue('').endsWith(':latest')"
    message: latest image
  - id: path
    target: "spec.ports.*"
    field: port
    assert: "self.port != 22"
    message: ssh port
`)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	cases := []struct{ name, src, want string }{
		{"gh.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n      - name: ok\n        run: make\n", "6: warning: steps: step without a name"},
		{"action.yml", "name: x\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n", "5: warning: steps: step without a name"},
		{".gitlab-ci.yml", "stages: [build]\n.hidden:\n  script: [x]\nbuild:\n  stage: build\n  script: [make]\ntest:\n  tags: [docker]\n  script: [make]\n", "4: warning: gitlab-jobs: job without tags"},
		{"compose.yaml", "services:\n  web:\n    image: nginx:latest\n  db:\n    image: pg:16\n", "3: warning: services: latest image"},
		{"svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - port: 80\n    - port: 22\n", "7: warning: path: ssh port"},
	}
	for _, c := range cases {
		got := strings.Join(checkAll(t, set, c.name, []byte(c.src)), "\n")
		if got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.name, got, c.want)
		}
	}
}

// A rule over its cost limit gets one diagnostic naming it; the other
// rules still run.
func TestCostLimit(t *testing.T) {
	set, problems := parseConfig(t, `house-rules:
  - id: expensive
    assert: "self.items.all(a, self.items.all(b, self.items.all(c, a + b + c >= 0)))"
  - id: cheap
    assert: "size(self.items) < 10"
    message: too many items
`)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var b strings.Builder
	b.WriteString("items:\n")
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&b, "  - %d\n", i)
	}
	got := checkAll(t, set, "big.yaml", []byte(b.String()))
	all := strings.Join(got, "\n")
	if len(got) != 2 || !strings.Contains(all, "expensive: house rule expensive exceeded its cost limit") || !strings.Contains(all, "cheap: too many items") {
		t.Errorf("got:\n%s", strings.Join(got, "\n"))
	}
}

// Programs are compiled once per process, whatever number of configs
// name the same expression.
func TestCompileOnce(t *testing.T) {
	cfg := "house-rules:\n  - id: x\n    assert: \"self.compile_once_probe == 1\"\n"
	s1, _ := parseConfig(t, cfg)
	s2, _ := parseConfig(t, cfg)
	if s1.Rules[0].Assert != s2.Rules[0].Assert {
		t.Error("the same expression was compiled twice")
	}
}

// An assert that cannot be evaluated (a missing field) is reported once
// per file for a user rule.
func TestEvalErrorReported(t *testing.T) {
	set, _ := parseConfig(t, "house-rules:\n  - id: x\n    target: container\n    assert: \"self.resources.limits.cpu != ''\"\n")
	got := checkAll(t, set, "p.yaml", []byte("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: a:1\n    - name: b\n      image: b:1\n"))
	if len(got) != 1 || !strings.Contains(got[0], "could not be evaluated here: no such key: resources") {
		t.Errorf("got:\n%s", strings.Join(got, "\n"))
	}
}

func TestKindPatterns(t *testing.T) {
	for _, c := range []struct {
		pat, av, kind string
		want          bool
	}{
		{"*", "v1", "Pod", true},
		{"Deployment", "apps/v1", "Deployment", true},
		{"*/Deployment", "apps/v1", "Deployment", true},
		{"apps/v1/Deployment", "apps/v1", "Deployment", true},
		{"apps/*/Deployment", "apps/v1beta1", "Deployment", true},
		{"apps/v1/Deployment", "extensions/v1beta1", "Deployment", false},
		{"v1/Pod", "v1", "Pod", true},
		{"v1/Pod", "apps/v1", "Pod", false},
		{"*/v1/Pod", "v1", "Pod", true},
		{"*/*/Deployment", "apps/v1", "Deployment", true},
		{"*/*/Pod", "v1", "Pod", true},
		{"/Pod", "v1", "Pod", false},
		{"apps/v1/Deployment", "v1", "Deployment", false},
		{"v1/Pod", "apps/v1/extra", "Pod", false},
		{"a/b/c/Kind", "a/b/c", "Kind", true},
		{"Deploy*", "apps/v1", "Deployment", true},
		{"*/Deploy*", "apps/v1", "DaemonSet", false},
	} {
		if got := (KindPattern{c.pat}).Matches(c.av, c.kind); got != c.want {
			t.Errorf("%s on %s/%s = %v", c.pat, c.av, c.kind, got)
		}
	}
}
