package io.creditstream.datagen.synth;

import static io.creditstream.datagen.synth.Sampling.MAX_MONTHS;
import static io.creditstream.datagen.synth.Sampling.fill;
import static io.creditstream.datagen.synth.Sampling.geometric;
import static io.creditstream.datagen.synth.Sampling.share;
import static io.creditstream.features.table.HomeCreditTable.DAYS_NOT_APPLICABLE;

import io.creditstream.datagen.profile.ColumnSampler;
import io.creditstream.datagen.profile.Profile;
import io.creditstream.datagen.profile.TableProfile;
import io.creditstream.features.table.HomeCreditTable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a client's previous applications with this lender and what became of the approved ones:
 * the {@code previous_application} row (risky clients refused more often), then for an approved
 * loan its POS/cash monthly balances and instalment payments, for an approved card its monthly card
 * balances (and the card payments Kaggle also lists among the instalments). Ids are consecutive
 * from 1,000,000 across clients.
 */
final class PreviousSimulator {
  // Kaggle's credit_card_balance has 10.8 rows per application (3.84 M rows, 104 k cards, 36.8
  // months each) while the real decisions of approved card applications lie 26 months back on
  // average, which gives half the rows when a card's history starts at its approval. Approved card
  // applications therefore take the oldest of this many draws of the real DAYS_DECISION (one
  // uniform draw through the inverse CDF of the minimum): Kaggle's row volume is kept at the cost
  // of older decisions for these 5% of previous applications.
  private static final int CARD_DECISION_DRAWS = 5;

  private final TableWriter previous;
  private final TableWriter pos;
  private final TableWriter instalments;
  private final TableWriter cards;
  private final ColumnSampler[] previousSamplers;
  private final ColumnSampler[] cardSamplers;
  private final Map<String, ColumnSampler[]> previousStrata;

  /** Real share of refused previous applications, per contract type (null key: all types). */
  private final Map<String, Double> refusedShare = new HashMap<>();

  private long nextPreviousId = 1_000_000;

  PreviousSimulator(
      Profile profile,
      TableWriter previous,
      TableWriter pos,
      TableWriter instalments,
      TableWriter cards) {
    this.previous = previous;
    this.pos = pos;
    this.instalments = instalments;
    this.cards = cards;
    this.previousSamplers = Sampling.samplers(profile, HomeCreditTable.PREVIOUS_APPLICATION);
    this.cardSamplers = Sampling.samplers(profile, HomeCreditTable.CREDIT_CARD_BALANCE);
    this.previousStrata =
        Sampling.strata(profile, HomeCreditTable.PREVIOUS_APPLICATION, previousSamplers);
    TableProfile previousProfile = profile.table(HomeCreditTable.PREVIOUS_APPLICATION.kaggleName());
    refusedShare.put(null, share(previousProfile, "NAME_CONTRACT_STATUS", "Refused"));
    if (previousProfile.strata() != null) {
      previousProfile
          .strata()
          .forEach(
              (type, stratum) ->
                  refusedShare.put(type, share(stratum, "NAME_CONTRACT_STATUS", "Refused")));
    }
  }

  private int previousColumn(String name) {
    return HomeCreditTable.PREVIOUS_APPLICATION.header().indexOf(name);
  }

  private final int pId = previousColumn("SK_ID_PREV");
  private final int pCurr = previousColumn("SK_ID_CURR");
  private final int pType = previousColumn("NAME_CONTRACT_TYPE");
  private final int pAnnuity = previousColumn("AMT_ANNUITY");
  private final int pApplication = previousColumn("AMT_APPLICATION");
  private final int pCredit = previousColumn("AMT_CREDIT");
  private final int pGoods = previousColumn("AMT_GOODS_PRICE");
  private final int pStatus = previousColumn("NAME_CONTRACT_STATUS");
  private final int pDecision = previousColumn("DAYS_DECISION");
  private final int pReject = previousColumn("CODE_REJECT_REASON");
  private final int pCnt = previousColumn("CNT_PAYMENT");
  private final int pFirstDrawing = previousColumn("DAYS_FIRST_DRAWING");
  private final int pFirstDue = previousColumn("DAYS_FIRST_DUE");
  private final int pLastDue1 = previousColumn("DAYS_LAST_DUE_1ST_VERSION");
  private final int pLastDue = previousColumn("DAYS_LAST_DUE");
  private final int pTermination = previousColumn("DAYS_TERMINATION");
  private final int pInsured = previousColumn("NFLAG_INSURED_ON_APPROVAL");

  /** Writes one previous application of client {@code skIdCurr} and, if approved, its history. */
  void application(long skIdCurr, double history, SplittableRandom rng) throws IOException {
    long id = nextPreviousId++;
    TableWriter w = previous;
    Sampling.Stratum stratum = Sampling.startRow(w, previousSamplers, previousStrata, pType, rng);
    String type = stratum.value();
    ColumnSampler[] samplers = stratum.samplers();
    w.set(pId, id);
    w.set(pCurr, skIdCurr);
    boolean revolving = "Revolving loans".equals(type);
    // Risky clients are refused more often.
    double base = refusedShare.getOrDefault(type, refusedShare.get(null));
    double refused = Gaussian.sigmoid(Gaussian.logit(Math.max(1e-3, base)) + 0.8 * history);
    String status;
    if (rng.nextDouble() < refused) {
      status = "Refused";
    } else {
      status = samplers[pStatus].categoryExcluding(rng, "Refused");
    }
    w.set(pStatus, status);
    boolean approved = "Approved".equals(status);
    w.set(
        pReject,
        "Refused".equals(status) ? previousSamplers[pReject].categoryExcluding(rng, "XAP") : "XAP");
    double application = w.get(pApplication);
    if (Double.isNaN(application)) {
      application = samplers[pApplication].at(rng.nextDouble());
      w.set(pApplication, application);
    }
    if (application <= 0 && approved) {
      application = 5000 + Math.round(rng.nextDouble() * 100000);
      w.set(pApplication, application);
    }
    double credit = Math.round(application * (0.9 + 0.3 * rng.nextDouble()) * 10) / 10.0;
    w.set(pCredit, credit);
    if (!Double.isNaN(w.get(pGoods))) {
      w.set(pGoods, application);
    }
    double decision = w.get(pDecision);
    if (Double.isNaN(decision)) {
      decision = samplers[pDecision].at(rng.nextDouble());
      w.set(pDecision, decision);
    }
    if (approved && revolving) {
      double oldest = 1 - Math.pow(1 - rng.nextDouble(), 1.0 / CARD_DECISION_DRAWS);
      decision = samplers[pDecision].at(oldest);
      w.set(pDecision, decision);
    }
    double cnt = w.get(pCnt);
    boolean decided = approved || "Refused".equals(status);
    if (revolving) {
      cnt = decided ? 0 : Double.NaN;
    } else if (decided) {
      // Approved and refused loans have a term in the real rows; cancelled ones mostly do not.
      for (int attempt = 0; attempt < 20 && (Double.isNaN(cnt) || cnt <= 0); attempt++) {
        cnt = samplers[pCnt].hasValues() ? samplers[pCnt].at(rng.nextDouble()) : 12;
      }
      if (Double.isNaN(cnt) || cnt <= 0) {
        cnt = 12;
      }
    } else {
      cnt = Double.NaN;
    }
    w.set(pCnt, cnt);
    double annuity = Double.NaN;
    if (!Double.isNaN(cnt) && cnt > 0) {
      annuity = Math.round(credit * (1.1 + 0.3 * rng.nextDouble()) / cnt * 1000) / 1000.0;
    } else if (revolving && decided) {
      annuity = Math.round(credit * 0.05 * 1000) / 1000.0;
    }
    w.set(pAnnuity, annuity);
    double firstDue = Double.NaN;
    if (approved) {
      firstDue = Math.min(-1, decision + 10 + rng.nextInt(30));
      w.set(
          pFirstDrawing,
          revolving ? Math.min(-1, decision + rng.nextInt(10)) : DAYS_NOT_APPLICABLE);
      w.set(pFirstDue, firstDue);
      double lastDue1 = revolving ? DAYS_NOT_APPLICABLE : firstDue + 30 * (cnt - 1);
      w.set(pLastDue1, lastDue1);
      double lastDue = lastDue1 < 0 ? lastDue1 : DAYS_NOT_APPLICABLE;
      w.set(pLastDue, lastDue);
      w.set(
          pTermination,
          lastDue < 0 ? Math.min(-1, lastDue + rng.nextInt(10)) : DAYS_NOT_APPLICABLE);
      if (Double.isNaN(w.get(pInsured))) {
        w.set(pInsured, rng.nextDouble() < 0.33 ? 1.0 : 0.0);
      }
    } else {
      for (int c :
          new int[] {pFirstDrawing, pFirstDue, pLastDue1, pLastDue, pTermination, pInsured}) {
        w.set(c, Double.NaN);
      }
    }
    w.endRow();
    if (!approved) {
      return;
    }
    if (revolving) {
      cardMonths(id, skIdCurr, decision, history, rng);
    } else {
      loanMonths(id, skIdCurr, firstDue, cnt, annuity, history, rng);
    }
  }

  /** POS/cash monthly balances and instalment payments of one approved loan. */
  private void loanMonths(
      long prevId,
      long skIdCurr,
      double firstDue,
      double cnt,
      double annuity,
      double history,
      SplittableRandom rng)
      throws IOException {
    int term = (int) cnt;
    double late = Gaussian.sigmoid(-3.0 + 1.2 * history);
    double shortPaid = Gaussian.sigmoid(-3.5 + 1.0 * history);
    // Instalments that have fallen due.
    for (int k = 1; k <= term; k++) {
      double due = firstDue + 30.0 * (k - 1);
      if (due >= 0) {
        break;
      }
      TableWriter w = instalments;
      w.set(0, prevId);
      w.set(1, skIdCurr);
      w.set(2, 1.0);
      w.set(3, k);
      w.set(4, due);
      double entry;
      if (rng.nextDouble() < late) {
        entry = due + 1 + geometric(rng, 12);
      } else {
        entry = due - rng.nextInt(16);
      }
      w.set(5, Math.min(-1, entry));
      w.set(6, annuity);
      double paid =
          rng.nextDouble() < shortPaid
              ? Math.round(annuity * (0.1 + 0.85 * rng.nextDouble()) * 1000) / 1000.0
              : annuity;
      w.set(7, paid);
      w.endRow();
    }
    // Monthly POS balances, most recent month first as Kaggle's months are relative (-1 = last):
    // one snapshot after each instalment fell due, the last one Completed (term rows per finished
    // loan, which gives Kaggle's 10.7 rows per loan; a snapshot before the first instalment too
    // gave 11.7).
    int firstMonth = (int) Math.floor(firstDue / 30);
    int lastMonth = Math.min(-1, firstMonth + term);
    int from = Math.max(Math.min(firstMonth + 1, lastMonth), -MAX_MONTHS);
    for (int m = lastMonth; m >= from; m--) {
      TableWriter w = pos;
      int elapsed = m - firstMonth;
      double future = Math.max(0, term - elapsed);
      w.set(0, prevId);
      w.set(1, skIdCurr);
      w.set(2, m);
      w.set(3, (double) term);
      w.set(4, future);
      w.set(5, future == 0 ? "Completed" : "Active");
      int dpd = future > 0 && rng.nextDouble() < late ? 1 + geometric(rng, 10) : 0;
      w.set(6, dpd);
      w.set(7, dpd > 0 && rng.nextDouble() < 0.5 ? dpd : 0);
      w.endRow();
    }
  }

  private int cardColumn(String name) {
    return HomeCreditTable.CREDIT_CARD_BALANCE.header().indexOf(name);
  }

  private final int ccPrev = cardColumn("SK_ID_PREV");
  private final int ccCurr = cardColumn("SK_ID_CURR");
  private final int ccMonth = cardColumn("MONTHS_BALANCE");
  private final int ccBalance = cardColumn("AMT_BALANCE");
  private final int ccLimit = cardColumn("AMT_CREDIT_LIMIT_ACTUAL");
  private final int ccMinimum = cardColumn("AMT_INST_MIN_REGULARITY");
  private final int ccPayment = cardColumn("AMT_PAYMENT_CURRENT");
  private final int ccPaymentTotal = cardColumn("AMT_PAYMENT_TOTAL_CURRENT");
  private final int ccPrincipal = cardColumn("AMT_RECEIVABLE_PRINCIPAL");
  private final int ccReceivable = cardColumn("AMT_RECIVABLE");
  private final int ccTotalReceivable = cardColumn("AMT_TOTAL_RECEIVABLE");
  private final int ccMature = cardColumn("CNT_INSTALMENT_MATURE_CUM");
  private final int ccStatus = cardColumn("NAME_CONTRACT_STATUS");
  private final int ccDpd = cardColumn("SK_DPD");
  private final int ccDpdDef = cardColumn("SK_DPD_DEF");

  /** Monthly balances of one approved credit card. */
  private void cardMonths(
      long prevId, long skIdCurr, double decision, double history, SplittableRandom rng)
      throws IOException {
    double limit = cardSamplers[ccLimit].at(rng.nextDouble());
    if (limit <= 0) {
      limit = 45000;
    }
    // Risky clients run their cards close to the limit and miss payments.
    double utilisation = Gaussian.cdf(0.6 * history + 0.8 * Normal.next(rng) - 0.3);
    double late = Gaussian.sigmoid(-3.0 + 1.2 * history);
    int firstMonth = Math.max(-MAX_MONTHS, (int) Math.floor(decision / 30));
    int dpd = 0;
    int instalment = 0;
    TableWriter w = cards;
    // Oldest month first, so that days past due build up month after month.
    for (int m = firstMonth; m <= -1; m++) {
      fill(w, cardSamplers, rng);
      w.set(ccPrev, prevId);
      w.set(ccCurr, skIdCurr);
      w.set(ccMonth, m);
      double balance =
          Math.round(limit * utilisation * (0.8 + 0.4 * rng.nextDouble()) * 100) / 100.0;
      w.set(ccBalance, balance);
      w.set(ccLimit, limit);
      double minimum = Math.round(balance * 0.05 * 100) / 100.0;
      if (!Double.isNaN(w.get(ccMinimum))) {
        w.set(ccMinimum, minimum);
      }
      boolean missed = balance > 0 && rng.nextDouble() < late;
      dpd = missed ? dpd + 30 : 0;
      double paid = missed ? 0.0 : Math.round(minimum * (1 + 2 * rng.nextDouble()) * 100) / 100.0;
      if (!Double.isNaN(w.get(ccPayment))) {
        w.set(ccPayment, paid);
      }
      w.set(ccPaymentTotal, paid);
      w.set(ccPrincipal, Math.round(balance * 0.95 * 100) / 100.0);
      w.set(ccReceivable, balance);
      w.set(ccTotalReceivable, balance);
      if (!Double.isNaN(w.get(ccMature))) {
        w.set(ccMature, (double) Math.max(0, m - firstMonth));
      }
      w.set(ccStatus, "Active");
      w.set(ccDpd, dpd);
      w.set(ccDpdDef, missed && rng.nextDouble() < 0.5 ? dpd : 0);
      w.endRow();
      if (minimum > 0) {
        // Kaggle lists card payments among the instalments too, as version 0.
        TableWriter iw = instalments;
        double due = m * 30.0 + 15;
        iw.set(0, prevId);
        iw.set(1, skIdCurr);
        iw.set(2, 0.0);
        iw.set(3, ++instalment);
        iw.set(4, due);
        iw.set(5, missed ? Math.min(-1, due + 1 + geometric(rng, 12)) : due - rng.nextInt(10));
        iw.set(6, minimum);
        iw.set(
            7,
            missed ? Math.round(minimum * (0.1 + 0.85 * rng.nextDouble()) * 1000) / 1000.0 : paid);
        iw.endRow();
      }
    }
  }
}
