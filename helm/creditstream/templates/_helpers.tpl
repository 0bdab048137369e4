{{/* Names: <release>-creditstream unless overridden, cut to the 63 characters a label allows. */}}
{{- define "creditstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "creditstream.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "creditstream.scorer.fullname" -}}
{{- printf "%s-scorer" (include "creditstream.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "creditstream.portal.fullname" -}}
{{- printf "%s-portal" (include "creditstream.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "creditstream.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "creditstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: creditstream
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component ("scorer" or "portal"): they never change after install. */}}
{{- define "creditstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "creditstream.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "creditstream.componentLabels" -}}
{{ include "creditstream.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* image: repository@digest when a digest is pinned, else repository:tag (default appVersion). */}}
{{- define "creditstream.image" -}}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{- define "creditstream.kafka.saslEnabled" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}true{{- end }}
{{- end }}

{{- define "creditstream.kafka.tlsEnabled" -}}
{{- if or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") }}true{{- end }}
{{- end }}

{{/* The Secret holding the Kafka SASL credentials: the user's own, or the one this chart makes. */}}
{{- define "creditstream.kafka.secretName" -}}
{{- default (printf "%s-kafka" (include "creditstream.fullname" .)) .Values.kafka.sasl.existingSecret }}
{{- end }}

{{- define "creditstream.registry.secretName" -}}
{{- default (printf "%s-registry" (include "creditstream.fullname" .)) .Values.schemaRegistry.basicAuth.existingSecret }}
{{- end }}

{{- define "creditstream.portal.keysSecretName" -}}
{{- default (printf "%s-portal-keys" (include "creditstream.fullname" .)) .Values.portal.keys.existingSecret }}
{{- end }}

{{/* The JAAS line for the configured SASL mechanism; Kubernetes expands $(VAR) from the env
     entries defined before it, so the password never appears in a ConfigMap. */}}
{{- define "creditstream.kafka.jaas" -}}
{{- if eq .Values.kafka.sasl.mechanism "PLAIN" -}}
org.apache.kafka.common.security.plain.PlainLoginModule required username="$(KAFKA_SASL_USERNAME)" password="$(KAFKA_SASL_PASSWORD)";
{{- else -}}
org.apache.kafka.common.security.scram.ScramLoginModule required username="$(KAFKA_SASL_USERNAME)" password="$(KAFKA_SASL_PASSWORD)";
{{- end -}}
{{- end }}

{{/* Env entries with the connection secrets, shared by both applications. They come first so the
     entries that refer to them with $(VAR) can be expanded. */}}
{{- define "creditstream.secretEnv" -}}
{{- if include "creditstream.kafka.saslEnabled" . }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "creditstream.kafka.secretName" . }}
      key: {{ .Values.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "creditstream.kafka.secretName" . }}
      key: {{ .Values.kafka.sasl.passwordKey }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ include "creditstream.kafka.jaas" . | quote }}
{{- end }}
{{- if include "creditstream.kafka.tlsEnabled" . }}
- name: KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.tls.truststoreSecret }}
      key: {{ .Values.kafka.tls.truststorePasswordKey }}
{{- if .Values.kafka.tls.keystoreSecret }}
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.tls.keystoreSecret }}
      key: {{ .Values.kafka.tls.keystorePasswordKey }}
{{- end }}
{{- end }}
{{- if .Values.schemaRegistry.basicAuth.enabled }}
- name: REGISTRY_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "creditstream.registry.secretName" . }}
      key: {{ .Values.schemaRegistry.basicAuth.usernameKey }}
- name: REGISTRY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "creditstream.registry.secretName" . }}
      key: {{ .Values.schemaRegistry.basicAuth.passwordKey }}
{{- end }}
{{- if .Values.schemaRegistry.tls.truststoreSecret }}
- name: REGISTRY_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.schemaRegistry.tls.truststoreSecret }}
      key: {{ .Values.schemaRegistry.tls.truststorePasswordKey }}
{{- end }}
{{- end }}

{{/* Volumes for the truststores/keystores, mounted read-only under /etc/creditstream/tls. */}}
{{- define "creditstream.tlsVolumes" -}}
{{- if include "creditstream.kafka.tlsEnabled" . }}
- name: kafka-truststore
  secret:
    secretName: {{ .Values.kafka.tls.truststoreSecret }}
    items:
      - key: {{ .Values.kafka.tls.truststoreKey }}
        path: truststore.p12
{{- if .Values.kafka.tls.keystoreSecret }}
- name: kafka-keystore
  secret:
    secretName: {{ .Values.kafka.tls.keystoreSecret }}
    items:
      - key: {{ .Values.kafka.tls.keystoreKey }}
        path: keystore.p12
{{- end }}
{{- end }}
{{- if .Values.schemaRegistry.tls.truststoreSecret }}
- name: registry-truststore
  secret:
    secretName: {{ .Values.schemaRegistry.tls.truststoreSecret }}
    items:
      - key: {{ .Values.schemaRegistry.tls.truststoreKey }}
        path: truststore
{{- end }}
{{- end }}

{{- define "creditstream.tlsVolumeMounts" -}}
{{- if include "creditstream.kafka.tlsEnabled" . }}
- name: kafka-truststore
  mountPath: /etc/creditstream/tls/kafka-truststore
  readOnly: true
{{- if .Values.kafka.tls.keystoreSecret }}
- name: kafka-keystore
  mountPath: /etc/creditstream/tls/kafka-keystore
  readOnly: true
{{- end }}
{{- end }}
{{- if .Values.schemaRegistry.tls.truststoreSecret }}
- name: registry-truststore
  mountPath: /etc/creditstream/tls/registry-truststore
  readOnly: true
{{- end }}
{{- end }}

{{/* Restricted pod security: non-root (the images run as 65532), no privilege escalation, no
     capabilities, read-only root file system (/tmp is an emptyDir). */}}
{{- define "creditstream.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "creditstream.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end }}

{{/* Cross-value rules that JSON schema cannot express. */}}
{{- define "creditstream.validate" -}}
{{- if and .Values.scorer.enabled (gt (mul (int .Values.scorer.replicas) (int .Values.scorer.streamThreads)) (int .Values.topics.partitions)) (le (int .Values.scorer.replicas) (int .Values.topics.partitions)) }}
{{- fail (printf "scorer.replicas x scorer.streamThreads (%d x %d) must not exceed topics.partitions (%d): Kafka Streams would leave the extra threads idle" (int .Values.scorer.replicas) (int .Values.scorer.streamThreads) (int .Values.topics.partitions)) }}
{{- end }}
{{- if and .Values.scorer.enabled (gt (int .Values.scorer.replicas) (int .Values.topics.partitions)) }}
{{- fail (printf "scorer.replicas (%d) must not exceed topics.partitions (%d): Kafka Streams would leave the extra instances idle" (int .Values.scorer.replicas) (int .Values.topics.partitions)) }}
{{- end }}
{{- if and (include "creditstream.kafka.saslEnabled" .) (not .Values.kafka.sasl.existingSecret) (or (not .Values.kafka.sasl.username) (not .Values.kafka.sasl.password)) }}
{{- fail (printf "kafka.securityProtocol is %s: set kafka.sasl.username and kafka.sasl.password, or kafka.sasl.existingSecret" .Values.kafka.securityProtocol) }}
{{- end }}
{{- if and (include "creditstream.kafka.tlsEnabled" .) (not .Values.kafka.tls.truststoreSecret) }}
{{- fail (printf "kafka.securityProtocol is %s: set kafka.tls.truststoreSecret to the Secret holding the cluster CA truststore" .Values.kafka.securityProtocol) }}
{{- end }}
{{- if and .Values.schemaRegistry.basicAuth.enabled (not .Values.schemaRegistry.basicAuth.existingSecret) (or (not .Values.schemaRegistry.basicAuth.username) (not .Values.schemaRegistry.basicAuth.password)) }}
{{- fail "schemaRegistry.basicAuth.enabled: set schemaRegistry.basicAuth.username and password, or schemaRegistry.basicAuth.existingSecret" }}
{{- end }}
{{- if and .Values.scorer.enabled (or (not .Values.seal.existingSecret) (not .Values.seal.keyId)) }}
{{- fail "seal.existingSecret and seal.keyId are required: the scorer seals every decision and does not start without its signing key (see the chart README, \"Sealing keys\")" }}
{{- end }}
{{- if and .Values.scorer.enabled (not .Values.modelReleases.publicKeys) (not .Values.modelReleases.allowUnsigned) }}
{{- fail "modelReleases.publicKeys is required: the scorer believes only model releases signed by one of these keys (see the chart README, \"Release keys\"; modelReleases.allowUnsigned=true is for development only)" }}
{{- end }}
{{- if and .Values.portal.enabled (not .Values.seal.publicKeys) }}
{{- fail "seal.publicKeys is required: the portal shows a client only decisions whose seal verifies with one of these keys" }}
{{- end }}
{{- if and .Values.scorer.enabled .Values.portal.enabled (not (hasKey .Values.seal.publicKeys .Values.seal.keyId)) }}
{{- fail (printf "seal.publicKeys has no key %q (seal.keyId): the portal would refuse every decision the scorer seals" .Values.seal.keyId) }}
{{- end }}
{{- if and .Values.portal.enabled .Values.portal.ingress.enabled .Values.portal.ingress.tls.enabled (not .Values.portal.ingress.tls.secretName) }}
{{- fail "portal.ingress.tls.enabled: set portal.ingress.tls.secretName" }}
{{- end }}
{{- if and .Values.portal.enabled .Values.portal.autoscaling.enabled (gt (int .Values.portal.autoscaling.minReplicas) (int .Values.portal.autoscaling.maxReplicas)) }}
{{- fail "portal.autoscaling.minReplicas must not exceed portal.autoscaling.maxReplicas" }}
{{- end }}
{{- end }}

{{/* Where the portal's link-signing key lives: the user's Secret, the chart's keys Secret (a
     given linkSecret), or the Secret generated once at install. */}}
{{- define "creditstream.portal.linkSecretName" -}}
{{- if .Values.portal.keys.existingSecret }}
{{- .Values.portal.keys.existingSecret }}
{{- else if .Values.portal.keys.linkSecret }}
{{- include "creditstream.portal.keysSecretName" . }}
{{- else }}
{{- printf "%s-portal-link-generated" (include "creditstream.fullname" .) }}
{{- end }}
{{- end }}
