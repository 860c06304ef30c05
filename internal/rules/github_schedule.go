package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// github-schedule: on.schedule cron expressions must have five valid POSIX
// fields (minute hour day-of-month month day-of-week; names such as MON and
// JAN allowed) and must not run more often than every 5 minutes, the
// shortest interval GitHub runs scheduled workflows at.
func init() {
	Register(&Rule{
		ID:              "github-schedule",
		Doc:             "GitHub schedule cron expressions must be valid and run at most every 5 minutes",
		Category:        "github",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkGitHubSchedule,
	})
}

type cronField struct {
	name     string
	min, max int
	names    []string // index 0 = min
}

var cronFields = []cronField{
	{"minute", 0, 59, nil},
	{"hour", 0, 23, nil},
	{"day of month", 1, 31, nil},
	{"month", 1, 12, []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{"day of week", 0, 6, []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

func checkGitHubSchedule(p *Pass) {
	for _, root := range docsWithSchema(p, "github-workflow.json") {
		sched := root.Child("on").Child("schedule")
		if sched == nil || sched.Kind != yamlfile.Sequence {
			continue
		}
		for _, item := range sched.Children {
			n := item.Child("cron")
			s, ok := n.String()
			if !ok || hasExpression(s) {
				continue
			}
			rng := scalarTextRange(p.File.Src, n)
			fields := strings.Fields(s)
			if len(fields) != 5 {
				p.Reportf(rng, "cron expression %q has %d fields; GitHub wants 5: minute hour day-of-month month day-of-week", s, len(fields))
				continue
			}
			var sets [5]map[int]bool
			bad := false
			for i, f := range fields {
				set, err := parseCronField(f, cronFields[i])
				if err != nil {
					p.Reportf(rng, "cron expression %q: %s field %q: %v", s, cronFields[i].name, f, err)
					bad = true
					break
				}
				sets[i] = set
			}
			if bad {
				continue
			}
			if gap := minCronGap(sets[0], sets[1]); gap < 5 {
				p.Reportf(rng, "cron expression %q runs every %d minute(s); GitHub runs scheduled workflows at most every 5 minutes", s, gap)
			}
		}
	}
}

// parseCronField expands one field (lists, ranges, steps, *, names).
func parseCronField(f string, spec cronField) (map[int]bool, error) {
	out := map[int]bool{}
	value := func(s string) (int, error) {
		for i, nm := range spec.names {
			if strings.EqualFold(s, nm) {
				return spec.min + i, nil
			}
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", s)
		}
		if spec.name == "day of week" && v == 7 {
			v = 0 // 7 is Sunday too
		}
		if v < spec.min || v > spec.max {
			return 0, fmt.Errorf("%d is out of range %d-%d", v, spec.min, spec.max)
		}
		return v, nil
	}
	for _, part := range strings.Split(f, ",") {
		rangePart, stepPart, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			s, err := strconv.Atoi(stepPart)
			if err != nil || s <= 0 {
				return nil, fmt.Errorf("invalid step %q", stepPart)
			}
			step = s
		}
		lo, hi := spec.min, spec.max
		switch {
		case rangePart == "*":
		case strings.Contains(rangePart, "-"):
			a, b, _ := strings.Cut(rangePart, "-")
			var err error
			if lo, err = value(a); err != nil {
				return nil, err
			}
			if hi, err = value(b); err != nil {
				return nil, err
			}
			if hi < lo {
				return nil, fmt.Errorf("range %s runs backwards", rangePart)
			}
		default:
			v, err := value(rangePart)
			if err != nil {
				return nil, err
			}
			lo = v
			if !hasStep {
				hi = v
			}
		}
		for v := lo; v <= hi; v += step {
			out[v] = true
		}
	}
	return out, nil
}

// minCronGap returns the shortest interval in minutes between two runs
// within an hour, or across consecutive hours when both are scheduled.
func minCronGap(minutes, hours map[int]bool) int {
	var ms []int
	for m := 0; m < 60; m++ {
		if minutes[m] {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return 60
	}
	gap := 60
	for i := 1; i < len(ms); i++ {
		gap = min(gap, ms[i]-ms[i-1])
	}
	consecutiveHours := false
	for h := 0; h < 24; h++ {
		if hours[h] && hours[(h+1)%24] {
			consecutiveHours = true
		}
	}
	if consecutiveHours {
		gap = min(gap, ms[0]+60-ms[len(ms)-1])
	}
	return gap
}
