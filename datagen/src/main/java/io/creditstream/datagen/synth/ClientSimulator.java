package io.creditstream.datagen.synth;

import io.creditstream.datagen.Table;
import io.creditstream.datagen.profile.ColumnProfile.Kind;
import io.creditstream.datagen.profile.ColumnSampler;
import io.creditstream.datagen.profile.Profile;
import io.creditstream.datagen.profile.TableProfile;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates one client at a time: the application (train or test) and the client's whole history,
 * written straight to the eight {@link TableWriter}s. Only one client is ever held in memory.
 *
 * <p>Every column starts from its real marginal ({@link ColumnSampler}); structural rules then make
 * the row plausible (goods price below credit, annuity from a term, employment after age 18,
 * pensioners with Kaggle's 365243, family at least children + 1, bureau and previous-application
 * dates in order, instalments and monthly balances per previous credit). The latent scores of
 * {@link RiskModel} drive the columns and the history behind the default mechanism.
 */
final class ClientSimulator {

  /** Kaggle's "not applicable" day count. */
  static final double NOT_APPLICABLE = 365243;

  private static final double YEAR = 365.25;

  // Per-client counts from the full Kaggle tables (356,255 applications): 86% of clients have
  // bureau
  // credits (5.6 on average), 95% have previous applications (4.9), 48% of bureau credits have
  // monthly balances; POS and instalment rows exist for approved loans, card rows for approved
  // revolving loans. The real child-table rows here are not complete per client, so these counts
  // cannot come from the profile.
  private static final double BUREAU_CLIENT_SHARE = 0.86;
  private static final double BUREAU_MEAN_EXTRA = 4.6;
  private static final double PREVIOUS_CLIENT_SHARE = 0.95;
  private static final double PREVIOUS_MEAN_EXTRA = 3.9;
  private static final double BUREAU_BALANCE_SHARE = 0.48;
  // Kaggle's bureau_balance has 33.4 months per reported credit (27.3 M rows, 817 k credits), fewer
  // than the months since the real DAYS_CREDIT (38.7 here): the bureau's monthly reports of some
  // credits start after the opening. For this share of credits the first reported month is drawn
  // uniformly between the opening and now (calibrated on a 20,000-application run).
  private static final double BUREAU_LATE_REPORT_SHARE = 0.27;
  // Kaggle's credit_card_balance has 10.8 rows per application (3.84 M rows, 104 k cards, 36.8
  // months each) while the real decisions of approved card applications lie 26 months back on
  // average, which gives half the rows when a card's history starts at its approval. Approved card
  // applications therefore take the oldest of this many draws of the real DAYS_DECISION (one
  // uniform draw through the inverse CDF of the minimum): Kaggle's row volume is kept at the cost
  // of older decisions for these 5% of previous applications.
  private static final int CARD_DECISION_DRAWS = 5;
  private static final int MAX_MONTHS = 96;
  private static final double PENSIONER_AGE_QUANTILE = 0.3;

  /** How strongly each categorical column follows the client's category score. */
  private static final double CATEGORY_LOADING = 0.4;

  private final RiskModel risk;
  private final double testFraction;
  private final TableWriter train;
  private final TableWriter test;
  private final TableWriter bureau;
  private final TableWriter bureauBalance;
  private final TableWriter previous;
  private final TableWriter pos;
  private final TableWriter instalments;
  private final TableWriter cards;

  private final ColumnSampler[] appSamplers;
  private final ColumnSampler[] bureauSamplers;
  private final ColumnSampler[] previousSamplers;
  private final ColumnSampler[] cardSamplers;
  private final Map<String, ColumnSampler[]> bureauStrata;
  private final Map<String, ColumnSampler[]> previousStrata;
  private final int[] appMissingGroup;
  private final int[] appValueGroup;
  private final int appValueGroups;
  private final String bureauStatusUnknown = "X";
  private final double bureauUnknownShare;
  private final double pensionerSentinelShare;

  /** Real share of refused previous applications, per contract type (null key: all types). */
  private final Map<String, Double> refusedShare = new HashMap<>();

  private final double pensionerShare;
  private final double occupationMissingWhenEmployed;

  private final double[] appNumbers;
  private final String[] appTexts;
  private final double[] z = new double[RiskModel.scores()];
  private final int[] monthStatus = new int[MAX_MONTHS];

  private long nextBureauId = 5_000_000;
  private long nextPreviousId = 1_000_000;
  private long defaults;
  private long labelled;

  ClientSimulator(
      Profile profile, RiskModel risk, double testFraction, List<TableWriter> writersInTableOrder) {
    this.risk = risk;
    this.testFraction = testFraction;
    this.train = writersInTableOrder.get(Table.APPLICATION_TRAIN.ordinal());
    this.test = writersInTableOrder.get(Table.APPLICATION_TEST.ordinal());
    this.bureau = writersInTableOrder.get(Table.BUREAU.ordinal());
    this.bureauBalance = writersInTableOrder.get(Table.BUREAU_BALANCE.ordinal());
    this.previous = writersInTableOrder.get(Table.PREVIOUS_APPLICATION.ordinal());
    this.pos = writersInTableOrder.get(Table.POS_CASH_BALANCE.ordinal());
    this.instalments = writersInTableOrder.get(Table.INSTALLMENTS_PAYMENTS.ordinal());
    this.cards = writersInTableOrder.get(Table.CREDIT_CARD_BALANCE.ordinal());
    this.appSamplers = samplers(profile, Table.APPLICATION_TRAIN);
    this.bureauSamplers = samplers(profile, Table.BUREAU);
    this.previousSamplers = samplers(profile, Table.PREVIOUS_APPLICATION);
    this.cardSamplers = samplers(profile, Table.CREDIT_CARD_BALANCE);
    this.bureauStrata = strata(profile, Table.BUREAU, bureauSamplers);
    this.previousStrata = strata(profile, Table.PREVIOUS_APPLICATION, previousSamplers);
    List<String> header = Table.APPLICATION_TRAIN.header();
    this.appNumbers = new double[header.size()];
    this.appTexts = new String[header.size()];
    this.appMissingGroup = new int[header.size()];
    this.appValueGroup = new int[header.size()];
    java.util.Map<String, Integer> bases = new java.util.HashMap<>();
    int firstBuilding = header.indexOf("APARTMENTS_AVG");
    int lastBuilding = header.indexOf("EMERGENCYSTATE_MODE");
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      appMissingGroup[i] = -1;
      appValueGroup[i] = -1;
      // Columns the real files leave empty together: the building block (a client's building is
      // described or not), the social-circle counts, the credit-bureau enquiry counts.
      if (i >= firstBuilding && i <= lastBuilding) {
        appMissingGroup[i] = 0;
        String base = name.replaceAll("_(AVG|MODE|MEDI)$", "");
        if (!base.equals(name)) {
          // AVG, MODE and MEDI describe the same building: one quantile for all three.
          appValueGroup[i] = bases.computeIfAbsent(base, b -> bases.size());
        }
      } else if (name.endsWith("_SOCIAL_CIRCLE")) {
        appMissingGroup[i] = 1;
      } else if (name.startsWith("AMT_REQ_CREDIT_BUREAU_")) {
        appMissingGroup[i] = 2;
      }
    }
    this.appValueGroups = bases.size();
    // Share of X among the months that are not C (closed).
    this.bureauUnknownShare =
        share(profile, Table.BUREAU_BALANCE, "STATUS", bureauStatusUnknown)
            / Math.max(1e-9, 1 - share(profile, Table.BUREAU_BALANCE, "STATUS", "C"));
    double pensioners =
        share(profile, Table.APPLICATION_TRAIN, "NAME_INCOME_TYPE", "Pensioner")
            + share(profile, Table.APPLICATION_TRAIN, "NAME_INCOME_TYPE", "Unemployed");
    Double sentinelRate =
        profile.table(Table.APPLICATION_TRAIN.kaggleName()).column("DAYS_EMPLOYED").sentinelRate();
    double employedMissing =
        profile.table(Table.APPLICATION_TRAIN.kaggleName()).column("DAYS_EMPLOYED").missing();
    this.pensionerSentinelShare =
        sentinelRate == null || pensioners == 0
            ? 0
            : Math.min(1.0, sentinelRate * (1 - employedMissing) / pensioners);
    // The real OCCUPATION_TYPE is empty for everyone with the 365243 marker, and for some others.
    double notEmployedShare = pensioners * pensionerSentinelShare;
    double occupationMissing =
        profile.table(Table.APPLICATION_TRAIN.kaggleName()).column("OCCUPATION_TYPE").missing();
    this.occupationMissingWhenEmployed =
        Math.max(0, (occupationMissing - notEmployedShare) / (1 - notEmployedShare));
    this.pensionerShare = share(profile, Table.APPLICATION_TRAIN, "NAME_INCOME_TYPE", "Pensioner");
    TableProfile previousProfile = profile.table(Table.PREVIOUS_APPLICATION.kaggleName());
    refusedShare.put(null, share(previousProfile, "NAME_CONTRACT_STATUS", "Refused"));
    if (previousProfile.strata() != null) {
      previousProfile
          .strata()
          .forEach(
              (type, stratum) ->
                  refusedShare.put(type, share(stratum, "NAME_CONTRACT_STATUS", "Refused")));
    }
  }

  private static ColumnSampler[] samplers(Profile profile, Table table) {
    return samplers(profile, profile.table(table.kaggleName()), table, null);
  }

  /**
   * Samplers of one stratum's profile, falling back column by column to the whole table's where the
   * stratum's kind differs (a column empty in a stratum has no kind of its own).
   */
  private static ColumnSampler[] samplers(
      Profile profile, TableProfile tp, Table table, ColumnSampler[] whole) {
    List<String> header = table.header();
    ColumnSampler[] out = new ColumnSampler[header.size()];
    for (int i = 0; i < out.length; i++) {
      String name = header.get(i);
      if (tp.column(name).kind() != Kind.ID) {
        out[i] = new ColumnSampler(name, tp.column(name), profile.quantileLevels());
        if (whole != null
            && (out[i].kind() == Kind.CATEGORY) != (whole[i].kind() == Kind.CATEGORY)) {
          out[i] = whole[i];
        }
      }
    }
    return out;
  }

  /** Samplers per stratum value, for tables profiled by stratum; empty otherwise. */
  private static Map<String, ColumnSampler[]> strata(
      Profile profile, Table table, ColumnSampler[] whole) {
    TableProfile tp = profile.table(table.kaggleName());
    Map<String, ColumnSampler[]> out = new HashMap<>();
    if (tp.strata() != null) {
      tp.strata()
          .forEach((value, stratum) -> out.put(value, samplers(profile, stratum, table, whole)));
    }
    return out;
  }

  private static double share(Profile profile, Table table, String column, String category) {
    return share(profile.table(table.kaggleName()), column, category);
  }

  private static double share(TableProfile table, String column, String category) {
    var c = table.column(column);
    if (c.categories() == null) {
      return 0;
    }
    int i = c.categories().indexOf(category);
    return i < 0 ? 0 : c.weights().get(i);
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
    application(rng);
    double history = z[RiskModel.HISTORY];
    if (rng.nextDouble() < BUREAU_CLIENT_SHARE) {
      int n = 1 + geometric(rng, BUREAU_MEAN_EXTRA);
      for (int i = 0; i < n; i++) {
        bureauCredit(skIdCurr, history, rng);
      }
    }
    if (rng.nextDouble() < PREVIOUS_CLIENT_SHARE) {
      int n = 1 + geometric(rng, PREVIOUS_MEAN_EXTRA);
      for (int i = 0; i < n; i++) {
        previousApplication(skIdCurr, history, rng);
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
    for (int i = 2; i < appNumbers.length; i++) {
      if (appSamplers[i].kind() == Kind.CATEGORY) {
        w.set(i - offset, appTexts[i]);
      } else {
        w.set(i - offset, appNumbers[i]);
      }
    }
    w.endRow();
  }

  /** Geometric count on {0, 1, ...} with the given mean. */
  static int geometric(SplittableRandom rng, double mean) {
    double p = 1.0 / (1.0 + mean);
    double u = rng.nextDouble();
    return (int) Math.floor(StrictMath.log(1 - u) / StrictMath.log(1 - p));
  }

  private int app(String column) {
    return Table.APPLICATION_TRAIN.header().indexOf(column);
  }

  // Application column indices in the train header.
  private final int cGender = app("CODE_GENDER");
  private final int cOwnCar = app("FLAG_OWN_CAR");
  private final int cChildren = app("CNT_CHILDREN");
  private final int cIncome = app("AMT_INCOME_TOTAL");
  private final int cCredit = app("AMT_CREDIT");
  private final int cAnnuity = app("AMT_ANNUITY");
  private final int cGoods = app("AMT_GOODS_PRICE");
  private final int cContract = app("NAME_CONTRACT_TYPE");
  private final int cIncomeType = app("NAME_INCOME_TYPE");
  private final int cFamily = app("NAME_FAMILY_STATUS");
  private final int cBirth = app("DAYS_BIRTH");
  private final int cEmployed = app("DAYS_EMPLOYED");
  private final int cRegistration = app("DAYS_REGISTRATION");
  private final int cIdPublish = app("DAYS_ID_PUBLISH");
  private final int cCarAge = app("OWN_CAR_AGE");
  private final int cEmpPhone = app("FLAG_EMP_PHONE");
  private final int cOccupation = app("OCCUPATION_TYPE");
  private final int cFamMembers = app("CNT_FAM_MEMBERS");
  private final int cOrganization = app("ORGANIZATION_TYPE");
  private final int cExt1 = app("EXT_SOURCE_1");
  private final int cExt2 = app("EXT_SOURCE_2");
  private final int cExt3 = app("EXT_SOURCE_3");
  private final int cLastPhone = app("DAYS_LAST_PHONE_CHANGE");

  private void application(SplittableRandom rng) {
    double[] groupMissing = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
    double[] groupValue = new double[appValueGroups];
    for (int g = 0; g < groupValue.length; g++) {
      groupValue[g] = rng.nextDouble();
    }
    for (int i = 2; i < appNumbers.length; i++) {
      ColumnSampler s = appSamplers[i];
      appNumbers[i] = Double.NaN;
      appTexts[i] = null;
      double um = appMissingGroup[i] >= 0 ? groupMissing[appMissingGroup[i]] : rng.nextDouble();
      if (um < s.missingRate() || !s.hasValues()) {
        continue;
      }
      if (s.kind() == Kind.CATEGORY) {
        appTexts[i] = s.hasRiskOrder() ? riskyCategory(s, rng) : s.category(rng.nextDouble());
      } else {
        appNumbers[i] =
            s.at(appValueGroup[i] >= 0 ? groupValue[appValueGroup[i]] : rng.nextDouble());
      }
    }
    // Amounts: income independent of risk; credit correlated with income, and the part of it that
    // is large for the income is the "burden" score.
    double zIncome = Normal.next(rng);
    appNumbers[cIncome] = appSamplers[cIncome].at(Gaussian.cdf(zIncome));
    double credit =
        appSamplers[cCredit].at(
            Gaussian.cdf(0.5 * zIncome + Math.sqrt(0.75) * z[RiskModel.BURDEN]));
    appNumbers[cCredit] = credit;
    if (!Double.isNaN(appNumbers[cGoods])) {
      double goods = credit * (0.8 + 0.2 * rng.nextDouble());
      appNumbers[cGoods] = goods >= 4500 ? Math.round(goods / 4500) * 4500.0 : Math.round(goods);
    }
    if (!Double.isNaN(appNumbers[cAnnuity])) {
      int term = 10 + rng.nextInt(51);
      double monthlyRate = (0.10 + 0.20 * rng.nextDouble()) / 12;
      double annuity = credit * monthlyRate / (1 - StrictMath.pow(1 + monthlyRate, -term));
      appNumbers[cAnnuity] = Math.round(annuity * 2) / 2.0;
    }
    // Age: younger is riskier. Pensioners come from the oldest 30% of the real ages.
    String incomeType = appTexts[cIncomeType];
    double ageQuantile =
        ageQuantile(Gaussian.cdf(z[RiskModel.AGE]), "Pensioner".equals(incomeType));
    double birth = appSamplers[cBirth].at(ageQuantile);
    appNumbers[cBirth] = birth;
    boolean notEmployed = "Pensioner".equals(incomeType) || "Unemployed".equals(incomeType);
    if (notEmployed && rng.nextDouble() < pensionerSentinelShare) {
      appNumbers[cEmployed] = NOT_APPLICABLE;
      appTexts[cOrganization] = "XNA";
      appTexts[cOccupation] = null;
      appNumbers[cEmpPhone] = 0;
    } else {
      // Short employment is riskier; nobody starts work before 18.
      double employed = appSamplers[cEmployed].at(Gaussian.cdf(z[RiskModel.EMPLOYMENT]));
      appNumbers[cEmployed] = Math.min(0, Math.max(employed, Math.ceil(birth + 18 * YEAR)));
      if ("XNA".equals(appTexts[cOrganization])) {
        appTexts[cOrganization] = appSamplers[cOrganization].categoryExcluding(rng, "XNA");
      }
      appNumbers[cEmpPhone] = 1;
      appTexts[cOccupation] =
          rng.nextDouble() < occupationMissingWhenEmployed
              ? null
              : riskyCategory(appSamplers[cOccupation], rng);
    }
    appNumbers[cRegistration] = Math.max(appNumbers[cRegistration], Math.ceil(birth));
    appNumbers[cIdPublish] = Math.max(appNumbers[cIdPublish], Math.ceil(birth + 14 * YEAR));
    appNumbers[cCarAge] =
        "Y".equals(appTexts[cOwnCar]) ? appSamplers[cCarAge].at(rng.nextDouble()) : Double.NaN;
    if (!Double.isNaN(appNumbers[cFamMembers])) {
      String family = appTexts[cFamily];
      boolean couple = "Married".equals(family) || "Civil marriage".equals(family);
      double children = Double.isNaN(appNumbers[cChildren]) ? 0 : appNumbers[cChildren];
      appNumbers[cFamMembers] = children + (couple ? 2 : 1);
    }
    // High EXT_SOURCE scores mean low risk.
    setIfPresent(cExt1, appSamplers[cExt1].at(Gaussian.cdf(-z[RiskModel.EXT1])));
    setIfPresent(cExt2, appSamplers[cExt2].at(Gaussian.cdf(-z[RiskModel.EXT2])));
    setIfPresent(cExt3, appSamplers[cExt3].at(Gaussian.cdf(-z[RiskModel.EXT3])));
    if (appTexts[cGender] == null && appSamplers[cGender].hasValues()) {
      appTexts[cGender] = appSamplers[cGender].category(rng.nextDouble());
    }
    if (appTexts[cContract] == null) {
      appTexts[cContract] = appSamplers[cContract].category(rng.nextDouble());
    }
    if (!Double.isNaN(appNumbers[cLastPhone])) {
      appNumbers[cLastPhone] = Math.min(0, appNumbers[cLastPhone]);
    }
  }

  /**
   * Maps a uniform to the quantile of the real age distribution so that pensioners are the oldest
   * and the mixture of pensioners and others still has the real marginal: pensioners (share p) are
   * spread over the oldest {@code c} of ages, the others fill the rest (monotone in {@code v}, so
   * risk still falls with age).
   */
  private double ageQuantile(double v, boolean pensioner) {
    double c = PENSIONER_AGE_QUANTILE;
    double p = Math.min(pensionerShare, c);
    if (pensioner) {
      return v * c;
    }
    double oldShare = (c - p) / (1 - p);
    if (v <= oldShare) {
      return oldShare == 0 ? 0 : v * c / oldShare;
    }
    return c + (v - oldShare) * (1 - p);
  }

  /**
   * A category drawn through the client's category score: categories with a higher real default
   * rate are more likely for a higher score, at unchanged frequencies. Each column gets its own
   * noise, so no single category gives the score away.
   */
  private String riskyCategory(ColumnSampler sampler, SplittableRandom rng) {
    double u =
        Gaussian.cdf(
            CATEGORY_LOADING * z[RiskModel.CATEGORIES]
                + Math.sqrt(1 - CATEGORY_LOADING * CATEGORY_LOADING) * Normal.next(rng));
    return sampler.categoryByRisk(u);
  }

  private void setIfPresent(int column, double value) {
    if (!Double.isNaN(appNumbers[column])) {
      appNumbers[column] = value;
    }
  }

  private static void fill(TableWriter w, ColumnSampler[] samplers, SplittableRandom rng) {
    for (int i = 0; i < samplers.length; i++) {
      ColumnSampler s = samplers[i];
      if (s == null) {
        continue;
      }
      if (s.kind() == Kind.CATEGORY) {
        w.set(i, s.sampleCategory(rng));
      } else {
        w.set(i, s.sample(rng));
      }
    }
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
    return Table.BUREAU.header().indexOf(name);
  }

  private void bureauCredit(long skIdCurr, double history, SplittableRandom rng)
      throws IOException {
    long id = nextBureauId++;
    TableWriter w = bureau;
    String active = bureauSamplers[bActive].category(rng.nextDouble());
    ColumnSampler[] samplers = bureauStrata.getOrDefault(active, bureauSamplers);
    fill(w, samplers, rng);
    w.set(bCurr, skIdCurr);
    w.set(bId, id);
    w.set(bActive, active);
    boolean closed = "Closed".equals(active);
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

  private int previousColumn(String name) {
    return Table.PREVIOUS_APPLICATION.header().indexOf(name);
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

  private void previousApplication(long skIdCurr, double history, SplittableRandom rng)
      throws IOException {
    long id = nextPreviousId++;
    TableWriter w = previous;
    String type = previousSamplers[pType].category(rng.nextDouble());
    ColumnSampler[] samplers = previousStrata.getOrDefault(type, previousSamplers);
    fill(w, samplers, rng);
    w.set(pId, id);
    w.set(pCurr, skIdCurr);
    w.set(pType, type);
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
      w.set(pFirstDrawing, revolving ? Math.min(-1, decision + rng.nextInt(10)) : NOT_APPLICABLE);
      w.set(pFirstDue, firstDue);
      double lastDue1 = revolving ? NOT_APPLICABLE : firstDue + 30 * (cnt - 1);
      w.set(pLastDue1, lastDue1);
      double lastDue = lastDue1 < 0 ? lastDue1 : NOT_APPLICABLE;
      w.set(pLastDue, lastDue);
      w.set(pTermination, lastDue < 0 ? Math.min(-1, lastDue + rng.nextInt(10)) : NOT_APPLICABLE);
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
    return Table.CREDIT_CARD_BALANCE.header().indexOf(name);
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
