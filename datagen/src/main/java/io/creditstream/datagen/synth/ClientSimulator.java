package io.creditstream.datagen.synth;

import static io.creditstream.datagen.synth.Sampling.geometric;

import io.creditstream.datagen.profile.Profile;
import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates one client at a time: the application (train or test) and the client's whole history,
 * written straight to the eight {@link TableWriter}s. Only one client is ever held in memory.
 *
 * <p>Every column starts from its real marginal ({@link
 * io.creditstream.datagen.profile.ColumnSampler}); structural rules then make the row plausible
 * ({@link ApplicationSimulator} for the application, {@link BureauSimulator} for credits at other
 * lenders, {@link PreviousSimulator} for previous applications and their monthly histories). This
 * class draws the client's latent scores of {@link RiskModel}, which drive the columns and the
 * history behind the default mechanism, decides how many credits of each kind the client has, and
 * draws the label last. The order of the draws on the client's random stream is what makes a seed
 * reproduce the same data: keep it.
 */
final class ClientSimulator {

  // Per-client counts from the full Kaggle tables (356,255 applications): 86% of clients have
  // bureau credits (5.6 on average), 95% have previous applications (4.9); 48% of bureau credits
  // have monthly balances (BureauSimulator). The real child-table rows here are not complete per
  // client, so these counts cannot come from the profile.
  private static final double BUREAU_CLIENT_SHARE = 0.86;
  private static final double BUREAU_MEAN_EXTRA = 4.6;
  private static final double PREVIOUS_CLIENT_SHARE = 0.95;
  private static final double PREVIOUS_MEAN_EXTRA = 3.9;

  private final RiskModel risk;
  private final double testFraction;
  private final TableWriter train;
  private final TableWriter test;
  private final double[] z = new double[RiskModel.scores()];
  private final ApplicationSimulator application;
  private final BureauSimulator bureau;
  private final PreviousSimulator previous;

  private long defaults;
  private long labelled;

  ClientSimulator(
      Profile profile, RiskModel risk, double testFraction, List<TableWriter> writersInTableOrder) {
    this.risk = risk;
    this.testFraction = testFraction;
    this.train = writersInTableOrder.get(HomeCreditTable.APPLICATION_TRAIN.ordinal());
    this.test = writersInTableOrder.get(HomeCreditTable.APPLICATION_TEST.ordinal());
    this.application = new ApplicationSimulator(profile, z);
    this.bureau =
        new BureauSimulator(
            profile,
            writersInTableOrder.get(HomeCreditTable.BUREAU.ordinal()),
            writersInTableOrder.get(HomeCreditTable.BUREAU_BALANCE.ordinal()));
    this.previous =
        new PreviousSimulator(
            profile,
            writersInTableOrder.get(HomeCreditTable.PREVIOUS_APPLICATION.ordinal()),
            writersInTableOrder.get(HomeCreditTable.POS_CASH_BALANCE.ordinal()),
            writersInTableOrder.get(HomeCreditTable.INSTALLMENTS_PAYMENTS.ordinal()),
            writersInTableOrder.get(HomeCreditTable.CREDIT_CARD_BALANCE.ordinal()));
  }

  long defaults() {
    return defaults;
  }

  long labelled() {
    return labelled;
  }

  /**
   * Writes client {@code skIdCurr}: its application, then its history, from its own random stream.
   */
  void client(long skIdCurr, SplittableRandom rng) throws IOException {
    boolean isTest = rng.nextDouble() < testFraction;
    risk.drawScores(rng, z);
    application.draw(rng);
    double history = z[RiskModel.HISTORY];
    if (rng.nextDouble() < BUREAU_CLIENT_SHARE) {
      int n = 1 + geometric(rng, BUREAU_MEAN_EXTRA);
      for (int i = 0; i < n; i++) {
        bureau.credit(skIdCurr, history, rng);
      }
    }
    if (rng.nextDouble() < PREVIOUS_CLIENT_SHARE) {
      int n = 1 + geometric(rng, PREVIOUS_MEAN_EXTRA);
      for (int i = 0; i < n; i++) {
        previous.application(skIdCurr, history, rng);
      }
    }
    boolean defaulted = rng.nextDouble() < risk.probability(z, rng);
    TableWriter w = isTest ? test : train;
    int offset = isTest ? 1 : 0;
    w.set(0, skIdCurr);
    if (!isTest) {
      w.set(1, defaulted ? 1 : 0);
      labelled++;
      if (defaulted) {
        defaults++;
      }
    }
    application.writeColumns(w, offset);
    w.endRow();
  }
}
