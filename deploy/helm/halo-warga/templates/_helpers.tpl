{{/* Chart name, full release name, labels. */}}
{{- define "halo.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "halo.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "halo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "halo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: include "halo.selector" (list . "app") */}}
{{- define "halo.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "halo.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Image of one process: include "halo.image" (list . "app") */}}
{{- define "halo.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s/%s:%s" $root.Values.image.registry (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{- define "halo.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-secrets" (include "halo.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "halo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "halo.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "halo.mediaClaim" -}}
{{- default (printf "%s-media" (include "halo.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}

{{/* Environment of the app, the worker and the migration Job: the ConfigMap, the Secret,
     the database and Redis URLs composed from them (the passwords stay in the Secret), and
     a process's own settings: include "halo.appEnv" (list . (dict "NAME" "value")) */}}
{{- define "halo.appEnv" -}}
{{- $root := index . 0 -}}
{{- $v := $root.Values -}}
envFrom:
  - configMapRef:
      name: {{ include "halo.fullname" $root }}-config
  - secretRef:
      name: {{ include "halo.secretName" $root }}
env:
  - name: HALO_DATABASE_URL
    value: {{ printf "postgresql+psycopg://%s:$(HALO_POSTGRES_PASSWORD)@%s:%v/%s" $v.postgresql.user $v.postgresql.host $v.postgresql.port $v.postgresql.database | quote }}
  - name: HALO_RASA_TRACKER_URL
    value: {{ printf "postgresql+psycopg://%s:$(HALO_POSTGRES_PASSWORD)@%s:%v/%s" $v.postgresql.user $v.postgresql.host $v.postgresql.port $v.postgresql.rasaTrackerDatabase | quote }}
  # the app's shared state (locks, dedupe, console hub, rate limits): its own DB index
  - name: HALO_REDIS_URL
    value: {{ printf "redis://%s%s:%v/%v" (ternary ":$(HALO_REDIS_PASSWORD)@" "" $v.redis.auth) $v.redis.host $v.redis.port $v.redis.appDb | quote }}
  {{- range $key, $value := index . 1 }}
  - name: {{ $key }}
    value: {{ $value | quote }}
  {{- end }}
{{- end -}}

{{/* HALO_OUTBOX_INTERVAL_S of the app pods: 0 (no outbox loop; each pod still sends its own
     new messages at once) when the worker Deployment retries and replays, else the loop. */}}
{{- define "halo.appOutboxInterval" -}}
{{- if .Values.worker.enabled -}}0{{- else -}}{{ .Values.outbox.intervalSeconds }}{{- end -}}
{{- end -}}

{{- define "halo.httpProbe" -}}
{{- $probe := index . 0 -}}
httpGet:
  path: {{ $probe.path }}
  port: http
periodSeconds: {{ $probe.periodSeconds }}
{{- with $probe.timeoutSeconds }}
timeoutSeconds: {{ . }}
{{- end }}
failureThreshold: {{ $probe.failureThreshold }}
{{- end -}}
