/**
 * Tests of the delivery: the Helm chart (linted and rendered with the real Helm library through
 * helm-java, no helm binary), the GitHub workflows, and, under the {@code images} profile, the
 * container images Jib built.
 */
package io.creditstream.helm;
