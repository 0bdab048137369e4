package io.creditstream.datagen.synth;

import static io.creditstream.datagen.synth.Sampling.share;
import static io.creditstream.features.table.HomeCreditTable.DAYS_NOT_APPLICABLE;

import io.creditstream.datagen.profile.ColumnProfile.Kind;
import io.creditstream.datagen.profile.ColumnSampler;
import io.creditstream.datagen.profile.Profile;
import io.creditstream.features.table.HomeCreditTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws one client's application row (the columns after SK_ID_CURR and TARGET) from the real
 * marginals and the client's latent scores, then applies the structural rules that make it
 * plausible: goods price below credit, annuity from a term, employment after age 18, pensioners
 * with Kaggle's 365243, family at least children + 1. The row is held until {@link ClientSimulator}
 * knows the label and writes it with {@link #writeColumns}.
 */
final class ApplicationSimulator {

  private static final double YEAR = 365.25;
  private static final double PENSIONER_AGE_QUANTILE = 0.3;

  /** How strongly each categorical column follows the client's category score. */
  private static final double CATEGORY_LOADING = 0.4;

  private final ColumnSampler[] appSamplers;
  private final int[] appMissingGroup;
  private final int[] appValueGroup;
  private final int appValueGroups;
  private final double pensionerSentinelShare;
  private final double pensionerShare;
  private final double occupationMissingWhenEmployed;

  private final double[] appNumbers;
  private final String[] appTexts;

  /** The client's latent scores: {@link ClientSimulator} draws them anew for each client. */
  private final double[] z;

  ApplicationSimulator(Profile profile, double[] scores) {
    this.z = scores;
    this.appSamplers = Sampling.samplers(profile, HomeCreditTable.APPLICATION_TRAIN);
    List<String> header = HomeCreditTable.APPLICATION_TRAIN.header();
    this.appNumbers = new double[header.size()];
    this.appTexts = new String[header.size()];
    this.appMissingGroup = new int[header.size()];
    this.appValueGroup = new int[header.size()];
    Map<String, Integer> bases = new HashMap<>();
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
    double pensioners =
        share(profile, HomeCreditTable.APPLICATION_TRAIN, "NAME_INCOME_TYPE", "Pensioner")
            + share(profile, HomeCreditTable.APPLICATION_TRAIN, "NAME_INCOME_TYPE", "Unemployed");
    Double sentinelRate =
        profile
            .table(HomeCreditTable.APPLICATION_TRAIN.kaggleName())
            .column("DAYS_EMPLOYED")
            .sentinelRate();
    double employedMissing =
        profile
            .table(HomeCreditTable.APPLICATION_TRAIN.kaggleName())
            .column("DAYS_EMPLOYED")
            .missing();
    this.pensionerSentinelShare =
        sentinelRate == null || pensioners == 0
            ? 0
            : Math.min(1.0, sentinelRate * (1 - employedMissing) / pensioners);
    // The real OCCUPATION_TYPE is empty for everyone with the 365243 marker, and for some others.
    double notEmployedShare = pensioners * pensionerSentinelShare;
    double occupationMissing =
        profile
            .table(HomeCreditTable.APPLICATION_TRAIN.kaggleName())
            .column("OCCUPATION_TYPE")
            .missing();
    this.occupationMissingWhenEmployed =
        Math.max(0, (occupationMissing - notEmployedShare) / (1 - notEmployedShare));
    this.pensionerShare =
        share(profile, HomeCreditTable.APPLICATION_TRAIN, "NAME_INCOME_TYPE", "Pensioner");
  }

  /** Writes the drawn columns to a train ({@code offset} 0) or test row (1: it has no TARGET). */
  void writeColumns(TableWriter w, int offset) {
    for (int i = 2; i < appNumbers.length; i++) {
      if (appSamplers[i].kind() == Kind.CATEGORY) {
        w.set(i - offset, appTexts[i]);
      } else {
        w.set(i - offset, appNumbers[i]);
      }
    }
  }

  private int app(String column) {
    return HomeCreditTable.APPLICATION_TRAIN.header().indexOf(column);
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

  /** Draws the application of the client whose scores are in {@code z}. */
  void draw(SplittableRandom rng) {
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
      appNumbers[cEmployed] = DAYS_NOT_APPLICABLE;
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
}
