package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

const houseConfig = `house-rules:
  - id: require-team-label
    description: Every Deployment carries a team label
    severity: error
    match: {kinds: ["apps/v1/Deployment"]}
    assert: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    message: Deployment has no team label
    examples:
      valid:
        - |
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: a, labels: {team: x}}
      invalid:
        - apiVersion: apps/v1
          kind: Deployment
          metadata: {name: a}
  - id: no-latest-image
    match: {kinds: ["*"]}
    target: container
    field: image
    assert: "self.image.contains(':') && !self.image.endsWith(':latest')"
    messageExpression: "'image ' + self.image + ' is not pinned to a version'"
`

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest # yamllint disable-line rule:no-latest-image
        - name: side
          image: side
`

// House rules are codes like any other: findings with positions, the
// directive silences one, severity: changes another, --explain and
// --list-codes know them.
func TestHouseRulesCLI(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".yamlint.yaml": houseConfig + "severity:\n  require-team-label: warning\n",
		"deploy.yaml":   deployment,
	})
	code, out, errOut := runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), filepath.Join(dir, "deploy.yaml"))
	if code != ExitProblems {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"deploy.yaml:2:1: warning: Deployment has no team label [require-team-label]",
		"deploy.yaml:12:18: warning: image side is not pinned to a version [no-latest-image]"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "nginx:latest is not pinned") {
		t.Errorf("the directive did not silence the finding:\n%s", out)
	}
	code, out, _ = runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), "--explain", "require-team-label")
	if code != ExitOK || !strings.Contains(out, "Every Deployment carries a team label") || !strings.Contains(out, "**Bad**") {
		t.Errorf("--explain: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), "--list-codes")
	if code != ExitOK || !strings.Contains(out, "no-latest-image") || !strings.Contains(out, "house-rule") {
		t.Errorf("--list-codes: exit %d\n%s", code, out)
	}
}

func TestHouseRuleConfigError(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".yamlint.yaml": "house-rules:\n  - id: x\n    assert: \"objct.metadata.name != ''\"\n",
		"a.yaml":        "a: 1\n",
	})
	code, _, errOut := runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), filepath.Join(dir, "a.yaml"))
	if code != ExitFailure || !strings.Contains(errOut, `.yamlint.yaml:3:14: error: assert: unknown variable or function "objct"; did you mean "object"?`) {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

func TestTestRules(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".yamlint.yaml": houseConfig,
		"house-rules-tests/no-latest-image.pinned.valid.yaml":   "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: 'a:1'}]\n",
		"house-rules-tests/no-latest-image.latest.invalid.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: 'a:latest'}]\n",
	})
	code, out, errOut := runCLI(t, "", "--test-rules", filepath.Join(dir, ".yamlint.yaml"))
	if code != ExitOK || !strings.Contains(out, "4 of 4 house-rule tests passed") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}

	// A wrong example and a wrong test file: each failure says which and how.
	bad := strings.Replace(houseConfig, "metadata: {name: a, labels: {team: x}}", "metadata: {name: a}", 1)
	dir = writeFiles(t, map[string]string{
		".yamlint.yaml": bad,
		"house-rules-tests/no-latest-image.valid.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: 'a:latest'}]\n",
		"house-rules-tests/deploy.invalid.yaml":        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
	})
	code, out, _ = runCLI(t, "", "--test-rules", filepath.Join(dir, ".yamlint.yaml"))
	if code != ExitProblems {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"FAIL require-team-label: valid example 1 (",
		".yamlint.yaml:10): expected no finding, got: line 2:1: Deployment has no team label",
		"deploy.invalid.yaml: expected a house-rule finding, got none",
		"no-latest-image.valid.yaml: expected no finding, got: line 5:33: no-latest-image: image a:latest is not pinned to a version",
		"1 of 4 house-rule tests passed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// k8s-dangling-service looks across every input: a Service in one file
// matches a Deployment in another; a misspelled selector is reported, and
// a directive on it still silences it.
func TestDanglingServiceAcrossFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".yamlint.yaml": "packs: [kubernetes-best-practices]\nseverity:\n  k8s-image-tag: off\n",
		"a-svc.yaml":    "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: typo}\nspec:\n  selector: {app: wbe}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: quiet}\nspec:\n  # yamllint disable-line rule:k8s-dangling-service\n  selector: {app: other}\n  ports: [{port: 80}]\n",
		"b-deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n",
	})
	_, out, errOut := runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), dir)
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "[k8s-dangling-service]") {
			got = append(got, l)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "a-svc.yaml:12:3: warning: no pod template among the inputs has the labels app=wbe") {
		t.Errorf("got %q\n%s%s", got, out, errOut)
	}
}

// --admission-policy evaluates the Kubernetes docs' example policies
// (internal/house/testdata/vap) against manifests; a missing policy file
// stops the run with exit 2.
func TestAdmissionPolicyFlag(t *testing.T) {
	vap := filepath.Join("internal", "house", "testdata", "vap")
	code, out, errOut := runCLI(t, "", "--config", "testdata/empty-config.yaml", "--ignore-missing-schemas",
		"--admission-policy", filepath.Join(vap, "policies.yaml"), filepath.Join(vap, "inputs.yaml"))
	if code != ExitProblems || strings.Count(out, "[admission-policy]") != 4 ||
		!strings.Contains(out, "inputs.yaml:18:1: error: ValidatingAdmissionPolicy replicalimit-policy.example.com denies this object: object.spec.replicas must be no greater than 3") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "", "--config", "testdata/empty-config.yaml", "--admission-policy", filepath.Join(vap, "missing.yaml"), filepath.Join(vap, "inputs.yaml"))
	if code != ExitFailure || !strings.Contains(errOut, "missing.yaml: no such file or directory") {
		t.Errorf("missing policy: exit %d\n%s", code, errOut)
	}
}

// A config that extends another inherits its house rules and packs: a
// rule it declares again replaces the base's, the base's file globs stay
// relative to the base's directory, and a packs entry may name one rule of
// a pack.
func TestHouseRulesExtendsAndSinglePackRule(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"shared/base.yaml": `packs: [kubernetes-best-practices]
house-rules:
  - id: require-team-label
    match: {kinds: ["apps/v1/Deployment"]}
    assert: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    message: base says no team label
  - id: deploy-dir-only
    match: {files: ["../repo/deploy/**"]}
    assert: "false"
    message: the base's glob matched
`,
		"repo/.yamlint.yaml": `extends: ../shared/base.yaml
house-rules:
  - id: require-team-label
    match: {kinds: ["apps/v1/Deployment"]}
    assert: "has(object.metadata.labels) && 'owner' in object.metadata.labels"
    message: this repo wants an owner label
`,
		"repo/deploy/app.yaml": deployment,
		"single/.yamlint.yaml": "packs: [k8s-image-tag]\n",
		"single/app.yaml":      deployment,
	})
	code, out, errOut := runCLI(t, "", filepath.Join(dir, "repo", "deploy", "app.yaml"))
	if code != ExitProblems {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"this repo wants an owner label [require-team-label]", "the base's glob matched [deploy-dir-only]", "[k8s-image-tag]", "[k8s-cpu-limits]"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "base says") {
		t.Errorf("the base's rule was not replaced:\n%s", out)
	}
	code, out, errOut = runCLI(t, "", filepath.Join(dir, "single", "app.yaml"))
	if code != ExitProblems || !strings.Contains(out, "[k8s-image-tag]") || strings.Contains(out, "[k8s-cpu-limits]") {
		t.Errorf("packs: [k8s-image-tag] should run that rule alone: exit %d\n%s%s", code, out, errOut)
	}
}
