package io.creditstream.datagen.synth;

import static io.creditstream.datagen.synth.Sampling.MAX_MONTHS;
import static io.creditstream.datagen.synth.Sampling.geometric;

import io.creditstream.datagen.profile.ColumnSampler;
import io.creditstream.datagen.profile.Profile;
import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a client's credits at other lenders: one {@code bureau} row per credit (opening and
 * closing dates in order, overdue amounts for risky clients) and, for some of them, the credit's
 * monthly {@code bureau_balance} statuses. Ids are consecutive from 5,000,000 across clients.
 */
final class BureauSimulator {
  private static final double BUREAU_BALANCE_SHARE = 0.48;
  // Kaggle's bureau_balance has 33.4 months per reported credit (27.3 M rows, 817 k credits), fewer
  // than the months since the real DAYS_CREDIT (38.7 here): the bureau's monthly reports of some
  // credits start after the opening. For this share of credits the first reported month is drawn
  // uniformly between the opening and now (calibrated on a 20,000-application run).
  private static final double BUREAU_LATE_REPORT_SHARE = 0.27;

  private final TableWriter bureau;
  private final TableWriter bureauBalance;
  private final ColumnSampler[] bureauSamplers;
  private final Map<String, ColumnSampler[]> bureauStrata;
  private final String bureauStatusUnknown = "X";
  private final double bureauUnknownShare;
  private final int[] monthStatus = new int[MAX_MONTHS];
  private long nextBureauId = 5_000_000;

  BureauSimulator(Profile profile, TableWriter bureau, TableWriter bureauBalance) {
    this.bureau = bureau;
    this.bureauBalance = bureauBalance;
    this.bureauSamplers = Sampling.samplers(profile, HomeCreditTable.BUREAU);
    this.bureauStrata = Sampling.strata(profile, HomeCreditTable.BUREAU, bureauSamplers);
    // Share of X among the months that are not C (closed).
    this.bureauUnknownShare =
        Sampling.share(profile, HomeCreditTable.BUREAU_BALANCE, "STATUS", bureauStatusUnknown)
            / Math.max(
                1e-9, 1 - Sampling.share(profile, HomeCreditTable.BUREAU_BALANCE, "STATUS", "C"));
  }

  private final int bCurr = bureauColumn("SK_ID_CURR");
  private final int bId = bureauColumn("SK_ID_BUREAU");
  private final int bActive = bureauColumn("CREDIT_ACTIVE");
  private final int bDaysCredit = bureauColumn("DAYS_CREDIT");
  private final int bOverdueDays = bureauColumn("CREDIT_DAY_OVERDUE");
  private final int bEndDate = bureauColumn("DAYS_CREDIT_ENDDATE");
  private final int bEndFact = bureauColumn("DAYS_ENDDATE_FACT");
  private final int bMaxOverdue = bureauColumn("AMT_CREDIT_MAX_OVERDUE");
  private final int bSum = bureauColumn("AMT_CREDIT_SUM");
  private final int bDebt = bureauColumn("AMT_CREDIT_SUM_DEBT");
  private final int bSumOverdue = bureauColumn("AMT_CREDIT_SUM_OVERDUE");
  private final int bUpdate = bureauColumn("DAYS_CREDIT_UPDATE");

  private static int bureauColumn(String name) {
    return HomeCreditTable.BUREAU.header().indexOf(name);
  }

  /** Writes one bureau credit of client {@code skIdCurr}, with its monthly balances or not. */
  void credit(long skIdCurr, double history, SplittableRandom rng) throws IOException {
    long id = nextBureauId++;
    TableWriter w = bureau;
    Sampling.Stratum stratum = Sampling.startRow(w, bureauSamplers, bureauStrata, bActive, rng);
    boolean closed = "Closed".equals(stratum.value());
    ColumnSampler[] samplers = stratum.samplers();
    w.set(bCurr, skIdCurr);
    w.set(bId, id);
    // Opening and closing dates are strongly correlated in the real rows (old credits closed long
    // ago): one Gaussian copula ties them, and the rejection below keeps them in order.
    double zOpen = Normal.next(rng);
    double daysCredit = samplers[bDaysCredit].at(Gaussian.cdf(zOpen));
    w.set(bDaysCredit, daysCredit);
    double end = w.get(bEndDate);
    if (!Double.isNaN(end) && end < daysCredit) {
      w.set(bEndDate, daysCredit + Math.rint((daysCredit - end) * rng.nextDouble()));
    }
    double endFact = Double.NaN;
    if (closed) {
      ColumnSampler endSampler =
          samplers[bEndFact].hasValues() ? samplers[bEndFact] : bureauSamplers[bEndFact];
      // A credit closes after it opens: draw from the real end dates given that (by rejection),
      // falling back to a day within the credit's life.
      endFact = Double.NaN;
      for (int attempt = 0; attempt < 20 && Double.isNaN(endFact); attempt++) {
        double candidate = endSampler.at(Gaussian.cdf(0.9 * zOpen + 0.4359 * Normal.next(rng)));
        if (candidate >= daysCredit && candidate <= 0) {
          endFact = candidate;
        }
      }
      if (Double.isNaN(endFact)) {
        endFact = Math.rint(daysCredit * rng.nextDouble());
      }
    }
    w.set(bEndFact, endFact);
    double sum = w.get(bSum);
    if (!Double.isNaN(w.get(bDebt))) {
      w.set(
          bDebt,
          closed || Double.isNaN(sum) ? 0.0 : Math.round(sum * rng.nextDouble() * 10) / 10.0);
    }
    double update = w.get(bUpdate);
    if (!Double.isNaN(update)) {
      w.set(bUpdate, Math.min(0, Math.max(update, daysCredit)));
    }
    // Risky clients have overdue bureau credits; the others almost never do.
    boolean overdue = !closed && rng.nextDouble() < Gaussian.sigmoid(-4.0 + 1.5 * history);
    if (overdue) {
      w.set(bOverdueDays, 1 + geometric(rng, 40));
      double overdueAmount =
          Math.round((Double.isNaN(sum) ? 10000 : sum) * 0.05 * (1 + rng.nextDouble()));
      w.set(bSumOverdue, overdueAmount);
      double max = w.get(bMaxOverdue);
      w.set(bMaxOverdue, Double.isNaN(max) ? overdueAmount : Math.max(max, overdueAmount));
    } else {
      w.set(bOverdueDays, 0);
      w.set(bSumOverdue, 0.0);
    }
    w.endRow();
    if (rng.nextDouble() < BUREAU_BALANCE_SHARE) {
      bureauMonths(id, daysCredit, endFact, history, rng);
    }
  }

  private void bureauMonths(
      long bureauId, double daysCredit, double endFact, double history, SplittableRandom rng)
      throws IOException {
    int months = (int) Math.min(MAX_MONTHS, Math.floor(-daysCredit / 30) + 1);
    if (rng.nextDouble() < BUREAU_LATE_REPORT_SHARE) {
      months = 1 + (int) Math.floor(months * rng.nextDouble());
    }
    int closedFrom = Double.isNaN(endFact) ? Integer.MAX_VALUE : (int) Math.floor(endFact / 30);
    double start = Gaussian.sigmoid(-3.5 + 1.2 * history);
    // Kaggle's X (status unknown) comes in runs at the oldest months: with probability pi a credit
    // is unknown before a uniformly placed month; pi = 1.5 times the real share of X among open
    // months gave the real share of X overall (the oldest months are often closed ones).
    int knownFrom =
        rng.nextDouble() < Math.min(1.0, 1.5 * bureauUnknownShare)
            ? (int) Math.floor(months * rng.nextDouble())
            : months;
    int state = 0;
    // Oldest month first, so that days past due build up month after month.
    for (int k = months - 1; k >= 0; k--) {
      int month = -k;
      if (month > closedFrom) {
        monthStatus[k] = -1; // C
        continue;
      }
      if (k >= knownFrom) {
        monthStatus[k] = -2; // X
        continue;
      }
      if (state == 0) {
        state = rng.nextDouble() < start ? 1 : 0;
      } else {
        state = rng.nextDouble() < 0.5 ? Math.min(5, state + 1) : 0;
      }
      monthStatus[k] = state;
    }
    TableWriter w = bureauBalance;
    for (int k = 0; k < months; k++) {
      w.set(0, bureauId);
      w.set(1, -k);
      int s = monthStatus[k];
      w.set(2, s == -1 ? "C" : s == -2 ? bureauStatusUnknown : STATUS[s]);
      w.endRow();
    }
  }

  private static final String[] STATUS = {"0", "1", "2", "3", "4", "5"};
}
