package rules

import "testing"

func TestCronFields(t *testing.T) {
	cases := []struct {
		field string
		spec  int
		want  int // number of values, -1 for an error
	}{
		{"*", 0, 60},
		{"*/15", 0, 4},
		{"5,35", 0, 2},
		{"10-20/5", 0, 3},
		{"60", 0, -1},
		{"*/0", 0, -1},
		{"20-10", 0, -1},
		{"MON-FRI", 4, 5},
		{"sun,7", 4, 1}, // 7 is Sunday too
		{"JAN-MAR", 3, 3},
		{"0", 2, -1}, // days of month start at 1
		{"x", 1, -1},
	}
	for _, c := range cases {
		set, err := parseCronField(c.field, cronFields[c.spec])
		got := len(set)
		if err != nil {
			got = -1
		}
		if got != c.want {
			t.Errorf("%s field %q: %d values (err %v), want %d", cronFields[c.spec].name, c.field, got, err, c.want)
		}
	}
}

func TestCronGap(t *testing.T) {
	all := func(lo, hi int) map[int]bool {
		m := map[int]bool{}
		for i := lo; i <= hi; i++ {
			m[i] = true
		}
		return m
	}
	cases := []struct {
		minutes, hours map[int]bool
		want           int
	}{
		{all(0, 59), all(0, 23), 1},
		{map[int]bool{0: true, 30: true}, all(0, 23), 30},
		{map[int]bool{58: true}, all(0, 23), 60},
		{map[int]bool{0: true, 58: true}, all(0, 23), 2},             // 0:58 then 1:00
		{map[int]bool{0: true, 58: true}, map[int]bool{3: true}, 58}, // one hour only
	}
	for i, c := range cases {
		if got := minCronGap(c.minutes, c.hours); got != c.want {
			t.Errorf("case %d: gap %d, want %d", i, got, c.want)
		}
	}
}
