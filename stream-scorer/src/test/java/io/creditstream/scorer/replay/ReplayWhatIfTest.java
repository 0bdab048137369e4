package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.Outcome;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.runtime.LocalPlatform;
import io.creditstream.runtime.LocalPlatformExtension;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A what-if worked out by hand. Ten clients with EXT_SOURCE_2 = 0.05, 0.15, ..., 0.95 were decided
 * by model A (declines below 0.3); candidate B declines below 0.5 and its card weighs a refused
 * good client 2 (A's card: the defaults, 10 for an accepted default, 1 for a refused good client).
 * Clients 0, 1 and 3 (EXT_SOURCE_2 0.05, 0.15, 0.35) defaulted.
 *
 * <ul>
 *   <li>A declines 0, 1, 2: approval 7/10. B declines 0..4: approval 5/10. Flips: 3 and 4, APPROVED
 *       -> DECLINED.
 *   <li>A: declined and defaulted 0, 1; declined and repaid 2; approved and defaulted 3; cost 1 x
 *       10 + 1 x 1 = 11. B: declined and defaulted 0, 1, 3; declined and repaid 2, 4; cost 2 x 2 =
 *       4.
 *   <li>AUC: each model gives one probability below its cut and one above. A: positives {hi, hi,
 *       lo}, negatives {hi, lo x 6}: (2 x 0.5 + 2 x 6 + 6 x 0.5) / 21 = 16/21. B: positives {hi x
 *       3}, negatives {hi x 2, lo x 5}: (3 x 2 x 0.5 + 3 x 5) / 21 = 18/21.
 * </ul>
 */
@ExtendWith(LocalPlatformExtension.class)
class ReplayWhatIfTest {

  @Test
  void aCandidateModelFlipsTheDecisionsWorkedOutByHand(LocalPlatform platform, @TempDir Path dir)
      throws Exception {
    // given ten decisions of model A, both models released, and the clients' outcomes
    Map<String, Object> config = ReplayFixtures.config(platform, "replay-whatif");
    Topics topics = Topics.create(config);
    ReplayFixtures.createTopics(platform, topics, 2);
    ReplayFixtures.Model a = ReplayFixtures.cutModel(0.3, null, null);
    ReplayFixtures.Model b = ReplayFixtures.cutModel(0.5, 10.0, 2.0);
    try (KafkaProducer<String, ModelRelease> releases =
        ReplayFixtures.producer(
            platform, new StringSerializer(), topics.modelReleases().valueSerde().serializer())) {
      for (ReplayFixtures.Model m : List.of(a, b)) {
        releases
            .send(new ProducerRecord<>(topics.modelReleases().name(), m.version(), m.release()))
            .get();
      }
    }
    DecisionMaker maker =
        new DecisionMaker(
            ReplayFixtures.FEATURES,
            ReasonTexts.load(),
            new DecisionPolicy(4, 0, 0, Double.NaN),
            "scorer-whatif",
            Clock.systemUTC());
    List<Decision> recorded = new ArrayList<>();
    try (KafkaProducer<String, LoanApplication> apps =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.loanApplications().valueSerde().serializer());
        KafkaProducer<String, Decision> out =
            ReplayFixtures.producer(
                platform,
                new StringSerializer(),
                topics.loanDecisions().valueSerde().serializer())) {
      for (int i = 0; i < 10; i++) {
        LoanApplication app = Applications.valid("whatif-" + i, 5000 + i, 0.05 + 0.1 * i);
        String key = Long.toString(app.getSKIDCURR());
        apps.send(new ProducerRecord<>(topics.loanApplications().name(), key, app)).get();
        Decision d = maker.decide(app, null, a.scoring());
        recorded.add(d);
        out.send(new ProducerRecord<>(topics.loanDecisions().name(), key, d)).get();
      }
    }
    assertThat(recorded.stream().map(Decision::getOutcome))
        .containsExactly(
            Outcome.DECLINED,
            Outcome.DECLINED,
            Outcome.DECLINED,
            Outcome.APPROVED,
            Outcome.APPROVED,
            Outcome.APPROVED,
            Outcome.APPROVED,
            Outcome.APPROVED,
            Outcome.APPROVED,
            Outcome.APPROVED);
    Path labels = dir.resolve("labels.csv");
    StringBuilder csv = new StringBuilder("SK_ID_CURR,TARGET\n");
    for (int i = 0; i < 10; i++) {
      csv.append(5000 + i).append(',').append(i == 0 || i == 1 || i == 3 ? 1 : 0).append('\n');
    }
    csv.append("9999999,1\n"); // a labelled client with no decision in the range: ignored
    Files.writeString(labels, csv);

    // when the range is replayed with B as the candidate
    List<String> args = new ArrayList<>(ReplayFixtures.connection(config, dir.resolve("r")));
    args.add("--candidate-version=" + b.version());
    args.add("--labels=" + labels);
    ReplayFixtures.Run run = ReplayFixtures.replay(args);

    // then the reproduction is clean and the what-if gives the hand-made figures
    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(ReplayCommand.EXIT_OK);
    assertThat(run.report().path("summary").path("identical").asLong()).isEqualTo(10);
    JsonNode w = run.report().path("whatIf");
    assertThat(w.path("candidateVersion").asString()).isEqualTo(b.version());
    assertThat(w.path("decisions").asLong()).isEqualTo(10);
    assertThat(w.path("recordedApprovalRate").asDouble()).isCloseTo(0.7, within(1e-12));
    assertThat(w.path("candidateApprovalRate").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(w.path("approvalRateChange").asDouble()).isCloseTo(-0.2, within(1e-12));
    assertThat(w.path("meanProbabilityShift").asDouble()).isPositive();
    assertThat(w.path("flips").asLong()).isEqualTo(2);
    assertThat(w.path("flipsByKind").path("APPROVED -> DECLINED").asLong()).isEqualTo(2);
    assertThat(
            StreamSupport.stream(w.path("flipExamples").spliterator(), false)
                .map(e -> e.path("applicationId").asString())
                .sorted())
        .containsExactly("whatif-3", "whatif-4");
    JsonNode flip3 =
        StreamSupport.stream(w.path("flipExamples").spliterator(), false)
            .filter(e -> e.path("applicationId").asString().equals("whatif-3"))
            .findFirst()
            .orElseThrow();
    assertThat(flip3.path("recordedOutcome").asString()).isEqualTo("APPROVED");
    assertThat(flip3.path("candidateOutcome").asString()).isEqualTo("DECLINED");
    assertThat(flip3.path("recordedProbability").asDouble())
        .isEqualTo(recorded.get(3).getProbabilityOfDefault());
    assertThat(flip3.path("candidateProbability").asDouble()).isGreaterThanOrEqualTo(0.5);
    assertThat(flip3.path("target").asInt()).isEqualTo(1);

    JsonNode l = w.path("labelled");
    assertThat(l.path("decisionsWithLabel").asLong()).isEqualTo(10);
    assertThat(l.path("defaulted").asLong()).isEqualTo(3);
    JsonNode ra = l.path("recorded");
    assertThat(
            List.of(
                ra.path("truePositives").asLong(),
                ra.path("falsePositives").asLong(),
                ra.path("trueNegatives").asLong(),
                ra.path("falseNegatives").asLong()))
        .containsExactly(2L, 1L, 6L, 1L);
    assertThat(ra.path("cost").asDouble()).isEqualTo(11.0);
    assertThat(ra.path("auc").asDouble()).isCloseTo(16.0 / 21, within(1e-12));
    JsonNode cb = l.path("candidate");
    assertThat(
            List.of(
                cb.path("truePositives").asLong(),
                cb.path("falsePositives").asLong(),
                cb.path("trueNegatives").asLong(),
                cb.path("falseNegatives").asLong()))
        .containsExactly(3L, 2L, 5L, 0L);
    assertThat(cb.path("cost").asDouble()).isEqualTo(4.0);
    assertThat(cb.path("auc").asDouble()).isCloseTo(18.0 / 21, within(1e-12));
    assertThat(l.path("costChange").asDouble()).isEqualTo(-7.0);
    assertThat(Files.readString(run.html())).contains("What if").contains("whatif-3");
  }
}
