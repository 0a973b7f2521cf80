{{- define "sukoyaka.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sukoyaka.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "sukoyaka.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: api
{{- end -}}

{{- define "sukoyaka.secretName" -}}
{{- if .Values.secrets.create -}}
{{ include "sukoyaka.fullname" . }}-keys
{{- else -}}
{{- required "secrets.existingSecret is required when secrets.create is false" .Values.secrets.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "sukoyaka.dbCluster" -}}
{{ include "sukoyaka.fullname" . }}-db
{{- end -}}

{{- define "sukoyaka.dbSecret" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}
{{ include "sukoyaka.dbCluster" . }}-app
{{- else -}}
{{- required "database.external.existingSecret is required" .Values.database.external.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "sukoyaka.dbUrl" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}
jdbc:postgresql://{{ include "sukoyaka.dbCluster" . }}-rw:5432/{{ .Values.database.database }}
{{- else if eq .Values.database.mode "external" -}}
{{- required "database.external.url is required" .Values.database.external.url -}}
{{- else -}}
{{- fail "database.mode must be cloudnativepg or external" -}}
{{- end -}}
{{- end -}}

{{- define "sukoyaka.dbReplicaUrl" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}
{{- if gt (int .Values.database.cloudnativepg.instances) 1 -}}
jdbc:postgresql://{{ include "sukoyaka.dbCluster" . }}-ro:5432/{{ .Values.database.database }}
{{- end -}}
{{- else -}}
{{- .Values.database.external.replicaUrl -}}
{{- end -}}
{{- end -}}
