package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.model.ScoringModel;
import io.creditstream.scorer.decision.CounterOfferSearch;
import io.creditstream.scorer.decision.DecisionHash;
import io.creditstream.scorer.decision.DecisionMaker;
import io.creditstream.scorer.decision.DecisionPolicy;
import io.creditstream.scorer.testing.TestModels;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Replay searches the counter-offer again and compares it with the recorded one, bit for bit;
 * records without one (approvals, and decisions written before the field existed) replay as before.
 */
class ReplayCounterOfferTest {

  private static final ReasonTexts TEXTS = ReasonTexts.load();
  private static final DecisionPolicy POLICY = new DecisionPolicy(4, 0, 0, Double.NaN);
  private static final Instant DECIDED = Instant.parse("2026-11-25T09:00:01.234Z");

  private final ScoringModel credit = TestModels.creditModel().model();

  private Decision decide(LoanApplication app) {
    return new DecisionMaker(
            ReplayFixtures.FEATURES,
            TEXTS,
            POLICY,
            "scorer-1",
            Clock.fixed(DECIDED, ZoneOffset.UTC))
        .decide(app, null, credit);
  }

  private Reproducer reproducer() {
    return new Reproducer(
        ReplayFixtures.FEATURES,
        TEXTS,
        POLICY,
        new Reproducer.Models() {
          @Override
          public Optional<ScoringModel> byVersion(String version) {
            return version.equals(credit.version()) ? Optional.of(credit) : Optional.empty();
          }

          @Override
          public String whyMissing(String version) {
            return "model version " + version + " is not on model-releases";
          }
        });
  }

  /** A declined application of a good client asking for more than the model lends. */
  private static LoanApplication tooMuch(String id) {
    return Applications.valid(id, 21, 0.9);
  }

  /** The decision changed as a faulty scorer would have written it: hashed, so not tampered. */
  private static Decision rehashed(Decision d) {
    d.setContentHash(DecisionHash.compute(d));
    return d;
  }

  @Test
  void aRecordedCounterOfferIsReproducedBitForBit() {
    // given a declined decision with a counter-offer, made by the scorer's code
    LoanApplication app = tooMuch("app-offer");
    Decision d = decide(app);
    assertThat(d.getOutcome()).isEqualTo(Outcome.DECLINED);
    assertThat(d.getCounterOffer().getAmount()).isNotNull();

    // when replayed with its application
    Verdict v = reproducer().check(d, 0, 1, app, null);

    // then
    assertThat(v.status()).as("%s", v.differences()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.tampered()).isFalse();
  }

  @Test
  void aCounterOfferThatTheSearchDoesNotGiveIsAFinding() {
    // given the same decision recorded with another amount, another probability, and none at all
    LoanApplication app = tooMuch("app-offer-wrong");
    Decision amount = decide(app);
    amount.getCounterOffer().setAmount(amount.getCounterOffer().getAmount() + 1000);
    Decision probability = decide(app);
    probability
        .getCounterOffer()
        .setProbabilityOfDefault(
            Math.nextUp(probability.getCounterOffer().getProbabilityOfDefault()));
    Decision none = decide(app);
    none.getCounterOffer().setAmount(null);
    none.getCounterOffer().setAnnuity(null);
    none.getCounterOffer().setGoodsPrice(null);
    none.getCounterOffer().setProbabilityOfDefault(null);
    Reproducer r = reproducer();

    // when replayed
    Verdict a = r.check(rehashed(amount), 0, 1, app, null);
    Verdict p = r.check(rehashed(probability), 0, 2, app, null);
    Verdict n = r.check(rehashed(none), 0, 3, app, null);

    // then each is different, naming the field; the hashes are intact (not tampered)
    assertThat(a.status()).isEqualTo(Verdict.Status.DIFFERENT);
    assertThat(a.tampered()).isFalse();
    assertThat(a.differences())
        .containsExactly(
            "counterOffer.amount: recorded 383000.0 ("
                + hex(383_000.0)
                + "), replayed 382000.0 ("
                + hex(382_000.0)
                + ")");
    assertThat(p.status()).isEqualTo(Verdict.Status.DIFFERENT);
    assertThat(p.differences())
        .singleElement()
        .asString()
        .startsWith("counterOffer.probabilityOfDefault");
    assertThat(n.status()).isEqualTo(Verdict.Status.DIFFERENT);
    assertThat(n.differences())
        .anyMatch(s -> s.startsWith("counterOffer.amount: recorded none, replayed 382000.0"));
  }

  @Test
  void anAlteredCounterOfferIsTamperedAndDifferent() {
    // given a recorded counter-offer raised after the hash was computed
    LoanApplication app = tooMuch("app-offer-raised");
    Decision d = decide(app);
    d.getCounterOffer().setAmount(440_000.0);

    // when replayed
    Verdict v = reproducer().check(d, 0, 1, app, null);

    // then the hash gives it away and the replay names the field
    assertThat(v.tampered()).isTrue();
    assertThat(v.status()).isEqualTo(Verdict.Status.DIFFERENT);
    assertThat(v.differences()).singleElement().asString().startsWith("counterOffer.amount");
  }

  @Test
  void aDecisionWrittenBeforeCounterOffersExistedReplaysAsBefore() {
    // given the same declined decision as a scorer without the search wrote it: no field
    LoanApplication app = tooMuch("app-older");
    Decision d = rehashed(Decision.newBuilder(decide(app)).setCounterOffer(null).build());

    // when replayed (the replay does search, and finds an offer)
    Verdict v = reproducer().check(d, 0, 1, app, null);

    // then there is nothing recorded to compare it with: identical, as before
    assertThat(v.status()).as("%s", v.differences()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.tampered()).isFalse();
  }

  @Test
  void aCounterOfferFromASearchThisReplayDoesNotHaveIsAFinding() {
    LoanApplication app = tooMuch("app-other-search");
    Decision d = decide(app);
    d.getCounterOffer().setSearch("counter-offer-bisection-v7");

    Verdict v = reproducer().check(rehashed(d), 0, 1, app, null);

    assertThat(v.status()).isEqualTo(Verdict.Status.DIFFERENT);
    assertThat(v.differences())
        .singleElement()
        .asString()
        .contains("counter-offer-bisection-v7")
        .contains(CounterOfferSearch.ID);
  }

  @Test
  void withoutTheOriginalApplicationTheCounterOfferIsNotCompared() {
    // given a recorded counter-offer, and a replay that did not find the application
    Decision d = decide(tooMuch("app-no-application"));
    d.getCounterOffer().setAmount(1000.0);
    rehashed(d);

    // when
    Verdict v = reproducer().check(d, 0, 1, null, null);

    // then the rest reproduces; the offer, which needs the application's amounts, is not judged
    assertThat(v.status()).as("%s", v.differences()).isEqualTo(Verdict.Status.IDENTICAL);
    assertThat(v.applicationFeatures()).isEqualTo(Verdict.Check.NOT_CHECKED);
  }

  private static String hex(double v) {
    return "0x" + Long.toHexString(Double.doubleToRawLongBits(v));
  }
}
