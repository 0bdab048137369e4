package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.scorer.config.ScorerSettings;
import io.creditstream.scorer.drift.FeatureObserver;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.release.ModelCatalog;
import io.creditstream.scorer.testing.SealFixtures;
import io.creditstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/**
 * Pins the shape of the decision topology: its processor, source, sink, store and repartition
 * names, as {@code Topology.describe()} prints them. They name the internal topics and state stores
 * of running deployments, so a refactoring that renames one would orphan a changelog or a
 * repartition topic; a deliberate change updates {@code decision-topology.txt} (the actual
 * description is written to {@code target/decision-topology.txt} to compare).
 */
class DecisionTopologyShapeTest {

  @Test
  void keepsEveryNodeAndStoreName() throws IOException {
    // given the scorer's settings and options as the topology tests use them
    Map<String, Object> config = new HashMap<>(DecisionTopologyTest.SETTINGS);
    config.putAll(SealFixtures.config());
    config.put(ScorerSettings.REGISTRY_URL, "mock://scorer-topology-shape");
    ScorerSettings settings = ScorerSettings.of(config);
    Topics topics = Topics.create(settings.all());
    ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    FeatureSet features = FeatureSet.current();

    // when the topology is built
    StreamsBuilder builder = new StreamsBuilder();
    DecisionTopology.buildTopology(
        builder,
        topics,
        new ModelCatalog(features, metrics),
        settings,
        new DecisionTopology.Options(
            Clock.systemUTC(), metrics, FeatureObserver.NONE, features, ReasonTexts.load(), 1));
    Properties props = DecisionTopology.streamsConfig(settings, topics, metrics);
    String actual = builder.build(props).describe().toString();
    Files.writeString(Path.of("target", "decision-topology.txt"), actual);

    // then it is exactly the description recorded for the deployed scorer
    String expected;
    try (InputStream in = getClass().getResourceAsStream("decision-topology.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(expected);
  }
}
