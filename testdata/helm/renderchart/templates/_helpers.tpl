{{- define "renderchart.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
owner: {{ .Values.team }}
{{- end }}
