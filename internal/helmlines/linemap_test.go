package helmlines

import (
	"strings"
	"testing"
)

func TestLineMap(t *testing.T) {
	tmpl := `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
  labels:
    {{- include "labels" . | nindent 4 }}
spec:
  ports:
  {{- range .Values.ports }}
    - port: {{ . }}
      protocol: TCP
  {{- end }}
`
	rendered := `apiVersion: v1
kind: Service
metadata:
  name: rel
  labels:
    app: x
    tier: y
spec:
  ports:
    - port: 80
      protocol: TCP
    - port: 81
      protocol: TCP
`
	m := NewLineMap(tmpl, rendered)
	want := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 0, 7: 0, 8: 7, 9: 8, 10: 10, 11: 11, 12: 10, 13: 11}
	for r, tl := range want {
		if got := m.Line(r); got != tl {
			t.Errorf("rendered line %d -> template line %d, want %d", r, got, tl)
		}
	}
	lines := strings.Split(rendered, "\n")
	// "protocol" on rendered line 13 is at the same place in template line 11.
	if c, exact := m.Column(13, lines[12], 6); c != 6 || !exact {
		t.Errorf("column of protocol: %d %v", c, exact)
	}
	// A column inside an include's output has no template column.
	if c, exact := m.Column(6, lines[5], 4); c != 0 || exact {
		t.Errorf("column in an include: %d %v", c, exact)
	}
	// The port value comes from the action at the same place.
	if c, exact := m.Column(10, lines[9], 12); c != 12 || !exact {
		t.Errorf("column of the port value: %d %v", c, exact)
	}
}

func FuzzLineMap(f *testing.F) {
	f.Add("a: {{ .x }}\nb: {{- range .y }}\n  - {{ . }}\n{{ end }}", "a: 1\nb:\n  - 2\n")
	f.Add("{{ unterminated", "x: y")
	f.Fuzz(func(t *testing.T, tmpl, rendered string) {
		m := NewLineMap(tmpl, rendered)
		lines := strings.Split(rendered, "\n")
		for i, l := range lines {
			if tl := m.Line(i + 1); tl < 0 || tl > strings.Count(tmpl, "\n")+1 {
				t.Fatalf("line %d maps to %d", i+1, tl)
			}
			for c := 0; c <= len(l); c++ {
				m.Column(i+1, l, c)
			}
		}
	})
}
