package io.creditstream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.LoanApplication;
import io.creditstream.registry.MockSchemaRegistry;
import io.creditstream.serde.SampleRecords;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicsTest {
  private final String scope = "topics-test-" + UUID.randomUUID();
  private final String url = "mock://" + scope;

  @AfterEach
  void forgetScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void namesEveryTopicWithItsDefaultName() {
    Topics topics = Topics.create(Map.of("schema.registry.url", url));

    assertThat(
            List.of(
                topics.loanApplications().name(),
                topics.clientFeatures().name(),
                topics.loanDecisions().name(),
                topics.modelReleases().name(),
                topics.deadLetters().name(),
                topics.modelDrift().name(),
                topics.decisionCheckpoints().name()))
        .containsExactly(
            "loan-applications",
            "client-features",
            "loan-decisions",
            "model-releases",
            "loan-applications-dlq",
            "model-drift",
            "decision-checkpoints");
  }

  @Test
  void anOverrideWinsOverTheDefaultName() {
    Topics topics =
        Topics.create(
            Map.of(
                "schema.registry.url",
                url,
                "topic.loan-applications",
                "prod.loan-applications.v2",
                "topic.model-drift",
                "drift"));

    assertThat(topics.loanApplications().name()).isEqualTo("prod.loan-applications.v2");
    assertThat(topics.modelDrift().name()).isEqualTo("drift");
    assertThat(topics.loanDecisions().name()).isEqualTo("loan-decisions");
  }

  @Test
  void refusesAnIllegalTopicNameNamingTheSetting() {
    assertThatThrownBy(
            () ->
                Topics.create(
                    Map.of("schema.registry.url", url, "topic.loan-decisions", "decisions/eu")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topic.loan-decisions")
        .hasMessageContaining("not a legal Kafka topic name");
  }

  @Test
  void keysAreStringsExceptOnTheDeadLetterTopicWhereTheyAreRawBytes() {
    Topics topics = Topics.create(Map.of("schema.registry.url", url));

    assertThat(topics.loanApplications().keySerde().serializer().serialize("t", "100002"))
        .isEqualTo("100002".getBytes());
    assertThat(topics.deadLetters().keySerde().getClass()).isEqualTo(Serdes.ByteArray().getClass());
  }

  @Test
  void valueSerdesRoundTripThroughTheConfiguredRegistry() {
    Topics topics = Topics.create(Map.of("schema.registry.url", url));
    Topic<String, LoanApplication> applications = topics.loanApplications();
    LoanApplication application = SampleRecords.loanApplication(100003L);

    byte[] bytes =
        applications.valueSerde().serializer().serialize(applications.name(), application);

    assertThat(applications.valueSerde().deserializer().deserialize(applications.name(), bytes))
        .isEqualTo(application);
    assertThat(MockSchemaRegistry.forScope(scope).latest("loan-applications-value").schema())
        .isEqualTo(LoanApplication.getClassSchema());
  }

  @Test
  void specsKeepDecisionsAtLeastTwentyFiveMonthsAndNeverCompactThem() {
    TopicSpec decisions = spec(Map.of(), "loan-decisions");

    // the longest 25 months can be, from any start date
    long longest25Months =
        ChronoUnit.MILLIS.between(
            LocalDate.of(2027, 7, 1).atStartOfDay(), LocalDate.of(2029, 8, 1).atStartOfDay());
    assertThat(Long.parseLong(decisions.configs().get("retention.ms")))
        .isGreaterThanOrEqualTo(longest25Months);
    assertThat(decisions.configs().get("cleanup.policy")).isEqualTo("delete");
  }

  @Test
  void specsCompactClientFeaturesAndModelReleasesOnly() {
    List<String> compacted =
        TopicSpecs.all(Map.of()).stream()
            .filter(s -> s.configs().getOrDefault("cleanup.policy", "delete").contains("compact"))
            .map(TopicSpec::name)
            .toList();

    assertThat(compacted).containsExactlyInAnyOrder("client-features", "model-releases");
  }

  @Test
  void specsCoPartitionApplicationsWithFeaturesAndFollowNameOverrides() {
    Map<String, String> overrides = Map.of("topic.client-features", "features-eu");

    assertThat(spec(overrides, "features-eu").partitions())
        .isEqualTo(spec(overrides, "loan-applications").partitions());
    assertThat(TopicSpecs.all(overrides))
        .extracting(TopicSpec::name)
        .doesNotContain("client-features")
        .hasSize(7);
    // each decision chain is a decisions partition fed by the applications partition of that number
    assertThat(spec(overrides, "loan-decisions").partitions())
        .isEqualTo(spec(overrides, "loan-applications").partitions());
  }

  private static TopicSpec spec(Map<String, ?> config, String name) {
    return TopicSpecs.all(config).stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
