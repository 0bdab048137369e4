package io.creditstream.helm;

import static io.creditstream.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.topics.TopicSpec;
import io.creditstream.topics.TopicSpecs;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's default KafkaTopics agree with {@link TopicSpecs}, the project's single statement of
 * how each topic must be created: same names, partitions, cleanup policies and retentions.
 */
class ChartTopicsMatchTopicSpecsTest {

  @Test
  void defaultKafkaTopicsHaveTheRecommendedPartitionsPoliciesAndRetentions() {
    // given the chart rendered with the Strimzi topics on and every other value at its default
    RenderedChart chart = RenderedChart.render(cmd -> cmd.set("topics.strimzi.enabled", true));
    Map<String, Map<String, Object>> topics =
        chart.ofKind("KafkaTopic").stream()
            .collect(Collectors.toMap(t -> at(t, "spec.topicName"), t -> t));

    // when compared with the specs of the default topic names
    assertThat(topics.keySet())
        .containsExactlyInAnyOrderElementsOf(
            TopicSpecs.all(Map.of()).stream().map(TopicSpec::name).toList());
    for (TopicSpec spec : TopicSpecs.all(Map.of())) {
      Map<String, Object> topic = topics.get(spec.name());
      Map<String, Object> config = at(topic, "spec.config");

      // then each topic matches its spec on what correctness and audit depend on
      assertThat((Object) at(topic, "spec.partitions"))
          .as(spec.name())
          .isEqualTo(spec.partitions());
      assertThat(config.get("cleanup.policy"))
          .as(spec.name() + " cleanup.policy")
          .isEqualTo(spec.configs().get("cleanup.policy"));
      if (spec.configs().containsKey("retention.ms")) {
        assertThat(config.get("retention.ms"))
            .as(spec.name() + " retention.ms")
            .isEqualTo(spec.configs().get("retention.ms"));
      }
      if (spec.configs().containsKey("max.message.bytes")) {
        assertThat(config.get("max.message.bytes"))
            .isEqualTo(spec.configs().get("max.message.bytes"));
      }
    }
  }
}
