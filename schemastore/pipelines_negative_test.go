package schemastore_test

import (
	"strings"
	"testing"
)

// Typical mistakes each pipeline schema must reject, with the instance
// location the error must point at. (SchemaStore has no suites for
// GitLab, Azure Pipelines or compose, so these stand in for them.)
var typicalMistakes = []struct {
	name, schema, src, at string
}{
	{"gitlab misspelt job keyword", "gitlab-ci.json", "build:\n  scirpt: [make]\n", "/build"},
	{"gitlab bad when", "gitlab-ci.json", "build:\n  script: make\n  when: sometimes\n", "/build/when"},
	{"gitlab job not a map", "gitlab-ci.json", "build: make\n", "/build"},
	{"gitlab stages not a list", "gitlab-ci.json", "stages: build\n", "/stages"},
	{"gitlab artifacts unknown key", "gitlab-ci.json", "b:\n  script: x\n  artifacts:\n    path: [a]\n", "/b/artifacts"},
	{"gitlab cache policy", "gitlab-ci.json", "b:\n  script: x\n  cache:\n    policy: pull-only\n", "/b/cache/policy"},
	{"gitlab parallel too big", "gitlab-ci.json", "b:\n  script: x\n  parallel: 500\n", "/b/parallel"},
	{"gitlab retry too big", "gitlab-ci.json", "b:\n  script: x\n  retry: 3\n", "/b/retry"},
	{"gitlab rule unknown key", "gitlab-ci.json", "b:\n  script: x\n  rules:\n    - iff: $CI\n", "/b/rules/0"},
	{"gitlab workflow when", "gitlab-ci.json", "workflow:\n  rules:\n    - when: manual\n", "/workflow/rules/0/when"},
	{"gitlab hidden template typo", "gitlab-ci.json", ".tmpl:\n  script: x\n  stagee: build\n", "/.tmpl"},
	{"gitlab allow_failure string", "gitlab-ci.json", "b:\n  script: x\n  allow_failure: yes\n", "/b/allow_failure"},
	{"gitlab include unknown key", "gitlab-ci.json", "include:\n  - locale: a.yml\n", "/include/0"},
	{"gitlab spec input type", "gitlab-ci.json", "spec:\n  inputs:\n    a:\n      type: int\n", "/spec/inputs/a/type"},
	{"workflow misspelt job key", "github-workflow.json", "on: push\njobs:\n  a:\n    runs-on: x\n    step: []\n", "/jobs/a"},
	{"workflow bad event", "github-workflow.json", "on: pushh\njobs:\n  a:\n    runs-on: x\n", "/on"},
	{"workflow continue-on-error string", "github-workflow.json", "on: push\njobs:\n  a:\n    runs-on: x\n    continue-on-error: maybe\n", "/jobs/a/continue-on-error"},
	{"workflow timeout expr ok but text not", "github-workflow.json", "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: ten\n", "/jobs/a/timeout-minutes"},
	{"workflow missing runs-on", "github-workflow.json", "on: push\njobs:\n  a:\n    steps:\n      - run: x\n", "/jobs/a"},
	{"workflow queue max with cancel", "github-workflow.json", "on: push\nconcurrency:\n  group: g\n  queue: max\n  cancel-in-progress: true\njobs:\n  a:\n    runs-on: x\n", "/concurrency/cancel-in-progress"},
	{"action composite run without shell", "github-action.json", "name: a\ndescription: b\nruns:\n  using: composite\n  steps:\n    - run: x\n", "/runs/steps/0"},
	{"azure misspelt step key", "azure-pipelines.json", "steps:\n  - script: make\n    displayname: Build\n", "/steps/0"},
	{"azure trigger typo", "azure-pipelines.json", "trigger:\n  branchs:\n    include: [main]\n", "/trigger"},
	{"azure stage without id", "azure-pipelines.json", "stages:\n  - displayName: Build\n    jobs: []\n", "/stages/0"},
	{"azure unknown deployment strategy", "azure-pipelines.json", "jobs:\n  - deployment: d\n    environment: prod\n    strategy:\n      blueGreen: {}\n", "/jobs/0/strategy"},
	{"azure workspace clean", "azure-pipelines.json", "jobs:\n  - job: a\n    workspace:\n      clean: everything\n", "/jobs/0/workspace/clean"},
	{"azure timeout text", "azure-pipelines.json", "jobs:\n  - job: a\n    timeoutInMinutes: ten\n", "/jobs/0/timeoutInMinutes"},
	{"compose misspelt service key", "compose.json", "services:\n  web:\n    image: nginx\n    restrat: always\n", "/services/web"},
	{"compose bad pull_policy", "compose.json", "services:\n  web:\n    image: nginx\n    pull_policy: sometimes\n", "/services/web/pull_policy"},
	{"compose ports not a list", "compose.json", "services:\n  web:\n    image: nginx\n    ports: 80\n", "/services/web/ports"},
	{"compose unknown top-level", "compose.json", "service:\n  web:\n    image: nginx\n", "/"},
	{"action bad using", "github-action.json", "name: a\ndescription: b\nruns:\n  using: node8\n  main: x.js\n", "/runs/using"},
}

func TestTypicalMistakesRejected(t *testing.T) {
	for _, c := range typicalMistakes {
		t.Run(c.name, func(t *testing.T) {
			msg := validationFailure(compileBundled(t, c.schema), []byte(c.src))
			if msg == "" {
				t.Fatalf("accepted:\n%s", c.src)
			}
			found := false
			for _, line := range strings.Split(msg, "\n") {
				if strings.HasPrefix(line, "doc 0: "+c.at+":") {
					found = true
				}
			}
			if !found {
				t.Errorf("no error at %s; got:\n%s", c.at, msg)
			}
		})
	}
}

// Expressions stand in for any scalar where the format evaluates them.
var expressionsAccepted = []struct {
	name, schema, src string
}{
	{"gitlab input as boolean", "gitlab-ci.json", "b:\n  script: x\n  allow_failure: $[[ inputs.allow ]]\n  interruptible: $INTERRUPTIBLE\n"},
	{"gitlab input as number", "gitlab-ci.json", "b:\n  script: x\n  parallel: $[[ inputs.n ]]\n  retry: $RETRIES\n"},
	{"gitlab variable as enum", "gitlab-ci.json", "b:\n  script: x\n  when: $WHEN\n  cache:\n    policy: $POLICY\n"},
	{"gitlab reference tags", "gitlab-ci.json", "b:\n  script:\n    - !reference [.setup, script]\n    - make\n  rules: !reference [.rules, rules]\n  tags:\n    - !reference [.runner]\n"},
	{"gitlab spec header", "gitlab-ci.json", "spec:\n  inputs:\n    stage:\n      default: test\n---\nb:\n  stage: $[[ inputs.stage ]]\n  script: x\n"},
	{"azure template expressions", "azure-pipelines.json", "parameters:\n  - name: t\n    type: number\n    default: 10\njobs:\n  - job: a\n    timeoutInMinutes: ${{ parameters.t }}\n    continueOnError: $(allowFail)\n    pool: ${{ parameters.pool }}\n    ${{ if eq(parameters.x, true) }}:\n      condition: succeeded()\n    steps:\n      - ${{ each s in parameters.steps }}:\n        - ${{ s }}\n      - ${{ if true }}:\n        - script: make\n      - script: test\n        enabled: ${{ parameters.runTests }}\n"},
	{"azure extends with conditional template", "azure-pipelines.json", "extends:\n  ${{ if eq(variables.x, 'y') }}:\n    template: a.yml\n  ${{ else }}:\n    template: b.yml\n"},
	{"compose interpolation", "compose.json", "services:\n  web:\n    image: nginx\n    pull_policy: ${PULL_POLICY}\n    init: ${USE_INIT}\n    oom_score_adj: ${OOM}\n    depends_on:\n      db:\n        condition: service_started\n        required: ${DB_REQUIRED}\n  db:\n    image: postgres\n"},
	{"workflow expressions", "github-workflow.json", "on: push\njobs:\n  a:\n    runs-on: ${{ matrix.os }}\n    timeout-minutes: ${{ inputs.t }}\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      fail-fast: ${{ inputs.ff }}\n      max-parallel: ${{ inputs.n }}\n      matrix: ${{ fromJSON(needs.a.outputs.m) }}\n    steps:\n      - run: x\n        continue-on-error: ${{ true }}\n"},
}

func TestExpressionsAccepted(t *testing.T) {
	for _, c := range expressionsAccepted {
		t.Run(c.name, func(t *testing.T) {
			if msg := validationFailure(compileBundled(t, c.schema), []byte(c.src)); msg != "" {
				t.Errorf("rejected:\n%s\n%s", c.src, msg)
			}
		})
	}
}
