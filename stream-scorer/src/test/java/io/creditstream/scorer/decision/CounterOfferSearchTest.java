package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.CounterOffer;
import io.creditstream.avro.Decision;
import io.creditstream.avro.LoanApplication;
import io.creditstream.avro.Outcome;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ReasonTexts;
import io.creditstream.fixtures.Applications;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.scorer.testing.TestModels.TestModel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The counter-offer search against a model whose risk depends on the amount ({@link
 * TestModels#creditModel()}: defaults above 400,000 or with EXT_SOURCE_2 below 0.3). The oracle for
 * "would have been approved" is the scorer's own decision on the application with the offered
 * amounts, decided afresh.
 */
class CounterOfferSearchTest {

  private static final FeatureSet FEATURES = FeatureSet.current();
  private static final Instant NOW = Instant.parse("2026-11-25T09:00:01.234Z");
  // A review band [0.35, 0.65) around the card's threshold 0.5, as the topology test configures.
  private static final DecisionPolicy POLICY = new DecisionPolicy(4, 0.15, 0.15, Double.NaN);

  private final TestModel credit = TestModels.creditModel();

  private static DecisionMaker maker() {
    return new DecisionMaker(
        FEATURES, ReasonTexts.load(), POLICY, "scorer-1", Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Decision decide(LoanApplication app) {
    return maker().decide(app, null, credit.model());
  }

  /** The application with the three amounts scaled as the search scales them. */
  private static LoanApplication at(LoanApplication app, double amount) {
    LoanApplication copy = LoanApplication.newBuilder(app).build();
    double requested = app.getAMTCREDIT();
    copy.setAMTCREDIT(amount);
    copy.setAMTANNUITY(CounterOfferSearch.cents(app.getAMTANNUITY() * amount / requested));
    if (app.getAMTGOODSPRICE() != null) {
      copy.setAMTGOODSPRICE(CounterOfferSearch.cents(app.getAMTGOODSPRICE() * amount / requested));
    }
    return copy;
  }

  private static double gridAmount(double requested, int k) {
    return Math.floor(requested * k / 20 / 1000) * 1000;
  }

  @Test
  void offersTheLargestAmountOnTheGridThatWouldHaveBeenApproved() {
    // given a good client asking for 450,000 (annuity 22,500, goods 405,000): above what the
    // model learnt to lend
    LoanApplication app = Applications.valid("app-too-much", 100001, 0.9);

    // when
    Decision d = decide(app);

    // then declined, and offered 85 % of it rounded down to the thousand: 382,000 (90 % is 405,000,
    // which the model learnt as a default; 80 % is approved, and the half step above it too), on
    // the same terms (annuity and goods scaled alike)
    assertThat(d.getOutcome()).isEqualTo(Outcome.DECLINED);
    CounterOffer offer = d.getCounterOffer();
    assertThat(offer.getSearch()).isEqualTo(CounterOfferSearch.ID);
    assertThat(offer.getAmount()).isEqualTo(382_000.0);
    assertThat(offer.getAnnuity()).isEqualTo(19_100.0);
    assertThat(offer.getGoodsPrice()).isEqualTo(343_800.0);
    assertThat(offer.getProbabilityOfDefault()).isLessThan(0.35);

    // and the scorer, deciding the offered application afresh, approves it at that probability,
    // as it does 80 % (the 10 % grid's first approval, which the half step refined); with this
    // model no larger amount of the 5 % grid is approved at all
    assertThat(decide(at(app, 360_000)).getOutcome()).isEqualTo(Outcome.APPROVED);
    Decision offered = decide(at(app, offer.getAmount()));
    assertThat(offered.getOutcome()).isEqualTo(Outcome.APPROVED);
    assertThat(offered.getProbabilityOfDefault()).isEqualTo(offer.getProbabilityOfDefault());
    assertThat(offered.getCounterOffer()).isNull();
    for (int k = 19; k >= 2; k--) {
      double amount = gridAmount(450_000, k);
      if (amount <= offer.getAmount()) {
        break;
      }
      assertThat(decide(at(app, amount)).getOutcome())
          .as("at %s", amount)
          .isNotEqualTo(Outcome.APPROVED);
    }
  }

  @Test
  void keepsTheGridAmountWhenTheHalfStepAboveItIsNotApproved() {
    // given 480,000 asked: 90 % (432,000) is declined, 80 % (384,000) approved, and the half step
    // above it, 85 % (408,000), is above what the model lends
    LoanApplication app = Applications.valid("app-half-step", 100010, 0.9);
    app.setAMTCREDIT(480_000.0);
    app.setAMTANNUITY(24_000.0);
    app.setAMTGOODSPRICE(432_000.0);

    // when
    CounterOffer offer = decide(app).getCounterOffer();

    // then the 10 % grid's amount is offered
    assertThat(offer.getAmount()).isEqualTo(384_000.0);
    assertThat(offer.getAnnuity()).isEqualTo(19_200.0);
    assertThat(offer.getGoodsPrice()).isEqualTo(345_600.0);
    assertThat(decide(at(app, 408_000)).getOutcome()).isNotEqualTo(Outcome.APPROVED);
    assertThat(decide(at(app, 384_000)).getProbabilityOfDefault())
        .isEqualTo(offer.getProbabilityOfDefault());
  }

  @Test
  void offersNothingWhenNoSmallerAmountWouldHaveBeenApproved() {
    // given a client the model declines whatever the amount (a low external score)
    LoanApplication app = Applications.valid("app-low-score", 100002, 0.1);

    // when
    Decision d = decide(app);

    // then the search ran and found nothing; indeed no amount of the grid is approved
    assertThat(d.getOutcome()).isEqualTo(Outcome.DECLINED);
    assertThat(d.getCounterOffer().getSearch()).isEqualTo(CounterOfferSearch.ID);
    assertThat(d.getCounterOffer().getAmount()).isNull();
    assertThat(d.getCounterOffer().getAnnuity()).isNull();
    assertThat(d.getCounterOffer().getGoodsPrice()).isNull();
    assertThat(d.getCounterOffer().getProbabilityOfDefault()).isNull();
    for (int k = 19; k >= 2; k--) {
      assertThat(decide(at(app, gridAmount(450_000, k))).getOutcome())
          .isNotEqualTo(Outcome.APPROVED);
    }
  }

  @Test
  void anApprovalCarriesNoCounterOffer() {
    // given a good client asking for an amount the model lends
    LoanApplication app = Applications.valid("app-fine", 100003, 0.9);
    app.setAMTCREDIT(300_000.0);
    app.setAMTANNUITY(15_000.0);
    app.setAMTGOODSPRICE(270_000.0);

    // when / then
    Decision d = decide(app);
    assertThat(d.getOutcome()).isEqualTo(Outcome.APPROVED);
    assertThat(d.getCounterOffer()).isNull();
  }

  @Test
  void aCreditBeyondTheTrainingRangeGoesToReviewWithAnOfferInsideIt() {
    // given 1,500,000 asked (annuity 75,000): outside the amounts the model learnt from, so the
    // operating policy sends it to a person before the model is asked
    LoanApplication app = Applications.valid("app-huge", 100004, 0.9);
    app.setAMTCREDIT(1_500_000.0);
    app.setAMTANNUITY(75_000.0);
    app.setAMTGOODSPRICE(1_350_000.0);

    // when
    Decision d = decide(app);

    // then REVIEW by the rule, and the offer is 25 % of it (30 % is 450,000: a default)
    assertThat(d.getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(d.getPolicy().getRule()).isEqualTo("outside_training_range");
    assertThat(d.getCounterOffer().getAmount()).isEqualTo(375_000.0);
    assertThat(d.getCounterOffer().getAnnuity()).isEqualTo(18_750.0);
    assertThat(d.getCounterOffer().getGoodsPrice()).isEqualTo(337_500.0);
    assertThat(decide(at(app, 375_000)).getOutcome()).isEqualTo(Outcome.APPROVED);
  }

  @Test
  void noAmountIsOfferedWhenThePolicyRefusesEveryCandidate() {
    // given a client older than anyone the model learnt from: the policy sends any amount to review
    LoanApplication app = Applications.valid("app-old", 100005, 0.9);
    app.setDAYSBIRTH(-25_000);

    // when
    Decision d = decide(app);

    // then
    assertThat(d.getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(d.getPolicy().getFeature()).isEqualTo("DAYS_BIRTH");
    assertThat(d.getCounterOffer().getAmount()).isNull();
  }

  @Test
  void searchesNothingWithoutAnAnnuityToKeepTheTermsOf() {
    LoanApplication app = Applications.valid("app-no-annuity", 100006, 0.9);
    app.setAMTANNUITY(null);

    Decision d = decide(app);

    assertThat(d.getOutcome()).isNotEqualTo(Outcome.APPROVED);
    assertThat(d.getCounterOffer().getAmount()).isNull();
  }

  @Test
  void theSameApplicationGetsTheSameCounterOfferToTheBit() {
    // given two decision makers (two scorer instances), one of them warmed up by another decision
    LoanApplication app = Applications.valid("app-twice", 100007, 0.9);
    DecisionMaker warm = maker();
    warm.decide(Applications.valid("app-other", 100008, 0.1), null, credit.model());

    // when both decide the same application
    CounterOffer a = maker().decide(app, null, credit.model()).getCounterOffer();
    CounterOffer b = warm.decide(app, null, credit.model()).getCounterOffer();

    // then bit for bit the same offer
    assertThat(a.getAmount()).isNotNull();
    assertThat(Double.doubleToRawLongBits(b.getAmount()))
        .isEqualTo(Double.doubleToRawLongBits(a.getAmount()));
    assertThat(Double.doubleToRawLongBits(b.getAnnuity()))
        .isEqualTo(Double.doubleToRawLongBits(a.getAnnuity()));
    assertThat(Double.doubleToRawLongBits(b.getGoodsPrice()))
        .isEqualTo(Double.doubleToRawLongBits(a.getGoodsPrice()));
    assertThat(Double.doubleToRawLongBits(b.getProbabilityOfDefault()))
        .isEqualTo(Double.doubleToRawLongBits(a.getProbabilityOfDefault()));
  }

  @Test
  void theContentHashCoversTheCounterOffer() {
    Decision d = decide(Applications.valid("app-hash", 100009, 0.9));
    assertThat(DecisionHash.verify(d)).isTrue();

    d.getCounterOffer().setAmount(d.getCounterOffer().getAmount() + 1000);

    assertThat(DecisionHash.verify(d)).isFalse();
  }
}
