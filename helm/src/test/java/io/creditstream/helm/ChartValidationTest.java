package io.creditstream.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad values stop the release before anything reaches the cluster, with a message naming each. */
class ChartValidationTest {

  @Test
  void refusesAValuesFileWithAMisspelledKeyAShortDecisionRetentionAndABadKeyHash() {
    // given values-bad.yaml: scorer.replica (typo), loan-decisions kept 7 days, a non-hash API key
    // when it is rendered, then the schema refuses it and names all three problems
    assertThatThrownBy(() -> RenderedChart.render("values-bad.yaml"))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("scorer: Additional property replica is not allowed")
        .hasMessageContaining(
            "topics.strimzi.loanDecisions.config.retention.ms: Must validate at least one schema")
        .hasMessageContaining(
            "portal.keys.frontOffices.0.apiKeySha256: Does not match pattern '^[0-9a-fA-F]{64}$'");
  }

  @Test
  void refusesMoreScorersThanInputPartitions() {
    // given 7 scorer instances for the default 6 partitions
    // when rendered, then the chart fails and says why
    assertThatThrownBy(() -> RenderedChart.render(cmd -> cmd.set("scorer.replicas", 7)))
        .hasMessageContaining("scorer.replicas (7) must not exceed topics.partitions (6)");
  }

  @Test
  void refusesMoreStreamThreadsThanInputPartitions() {
    // given 2 instances of 4 threads for 6 partitions, when rendered, then refused with the reason
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    cmd -> cmd.set("scorer.replicas", 2).set("scorer.streamThreads", 4)))
        .hasMessageContaining(
            "scorer.replicas x scorer.streamThreads (2 x 4) must not exceed topics.partitions (6)");
  }

  @Test
  void refusesSaslWithoutCredentials() {
    assertThatThrownBy(
            () -> RenderedChart.render(cmd -> cmd.set("kafka.securityProtocol", "SASL_PLAINTEXT")))
        .hasMessageContaining(
            "set kafka.sasl.username and kafka.sasl.password, or kafka.sasl.existingSecret");
  }

  @Test
  void refusesTlsWithoutATruststore() {
    assertThatThrownBy(() -> RenderedChart.render(cmd -> cmd.set("kafka.securityProtocol", "SSL")))
        .hasMessageContaining("set kafka.tls.truststoreSecret");
  }

  @Test
  void refusesAnUnknownSaslMechanism() {
    assertThatThrownBy(() -> RenderedChart.render(cmd -> cmd.set("kafka.sasl.mechanism", "GSSAPI")))
        .hasMessageContaining(
            "kafka.sasl.mechanism must be one of the following: \"PLAIN\", \"SCRAM-SHA-256\","
                + " \"SCRAM-SHA-512\"");
  }

  @Test
  void refusesToLetDecisionsBeCompacted() {
    // given a user who tries to override the decisions topic's cleanup policy
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    cmd ->
                        cmd.set("topics.strimzi.enabled", true)
                            .set(
                                "topics.strimzi.loanDecisions.config.cleanup\\.policy", "compact")))
        .hasMessageContaining(
            "topics.strimzi.loanDecisions.config: Property name of \"cleanup.policy\" does not match");
  }

  @Test
  void refusesAShortLinkSecret() {
    assertThatThrownBy(
            () -> RenderedChart.render(cmd -> cmd.set("portal.keys.linkSecret", "short")))
        .hasMessageContaining("portal.keys.linkSecret: Must validate at least one schema");
  }
}
