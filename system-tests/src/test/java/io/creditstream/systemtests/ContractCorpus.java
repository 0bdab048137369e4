package io.creditstream.systemtests;

import io.creditstream.avro.LoanApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The crafted applications of the application-contract test: every mutation applied to a few real
 * generated applications (boundaries of each range on both sides, absurd amounts and durations,
 * unknown categories, contradictions between fields, missing required and optional fields, bad
 * envelope fields). The expected verdicts are not written here: the test checks that every door
 * reaches the same one, and a few plain facts (an age of 109 is refused, a credit of 1e12 is not
 * approved).
 */
final class ContractCorpus {

  private ContractCorpus() {}

  /**
   * One crafted change.
   *
   * @param removed a required column the application leaves out (null when none): the API answers
   *     400; an Avro producer cannot even encode it, since the schema has no null for it
   */
  record Mutation(String name, Consumer<LoanApplication> change, String removed) {
    static Mutation of(String name, Consumer<LoanApplication> change) {
      return new Mutation(name, change, null);
    }

    static Mutation without(String column) {
      return new Mutation("missing-" + column, a -> {}, column);
    }
  }

  /** A crafted application: its name (the id prefix) and content. */
  record Case(String name, LoanApplication application, String removed) {}

  private static final double YEAR = 365.25;

  static List<Mutation> mutations() {
    List<Mutation> m = new ArrayList<>();
    m.add(Mutation.of("valid", a -> {}));
    // ages: 18 and 100 are the bounds, both inclusive
    m.add(Mutation.of("age-18", a -> a.setDAYSBIRTH(-(int) Math.ceil(18 * YEAR))));
    m.add(Mutation.of("age-17.9", a -> a.setDAYSBIRTH(-(int) (17.9 * YEAR))));
    m.add(Mutation.of("age-100", a -> a.setDAYSBIRTH(-(int) (100 * YEAR))));
    m.add(Mutation.of("age-101", a -> a.setDAYSBIRTH(-(int) (101 * YEAR))));
    m.add(Mutation.of("age-109", a -> a.setDAYSBIRTH(-39812)));
    // external scores are shares in [0, 1]
    m.add(Mutation.of("ext2-0", a -> a.setEXTSOURCE2(0.0)));
    m.add(Mutation.of("ext2-1", a -> a.setEXTSOURCE2(1.0)));
    m.add(Mutation.of("ext2-1.01", a -> a.setEXTSOURCE2(1.01)));
    m.add(Mutation.of("ext2-negative", a -> a.setEXTSOURCE2(-0.01)));
    m.add(Mutation.of("ext1-missing", a -> a.setEXTSOURCE1(null)));
    // counts
    m.add(
        Mutation.of(
            "children-30",
            a -> {
              a.setCNTCHILDREN(30);
              a.setCNTFAMMEMBERS(32.0);
            }));
    m.add(
        Mutation.of(
            "children-31",
            a -> {
              a.setCNTCHILDREN(31);
              a.setCNTFAMMEMBERS(33.0);
            }));
    m.add(
        Mutation.of(
            "family-smaller-than-children",
            a -> {
              a.setCNTCHILDREN(3);
              a.setCNTFAMMEMBERS(2.0);
            }));
    // amounts
    m.add(Mutation.of("annuity-0", a -> a.setAMTANNUITY(0.0)));
    m.add(Mutation.of("annuity-0.01", a -> a.setAMTANNUITY(0.01)));
    m.add(Mutation.of("annuity-missing", a -> a.setAMTANNUITY(null)));
    m.add(Mutation.of("annuity-above-credit", a -> a.setAMTANNUITY(a.getAMTCREDIT() * 1.5)));
    m.add(
        Mutation.of(
            "annuity-above-income",
            a -> {
              a.setAMTCREDIT(a.getAMTINCOMETOTAL() * 3);
              a.setAMTGOODSPRICE(a.getAMTINCOMETOTAL() * 3);
              a.setAMTANNUITY(a.getAMTINCOMETOTAL() * 1.2);
            }));
    m.add(Mutation.of("income-0", a -> a.setAMTINCOMETOTAL(0.0)));
    m.add(Mutation.of("income-1e12", a -> a.setAMTINCOMETOTAL(1e12)));
    m.add(Mutation.of("credit-negative", a -> a.setAMTCREDIT(-5000.0)));
    for (double credit : new double[] {7.9e6, 1e9, 1e12, 1e300}) {
      m.add(
          Mutation.of(
              "credit-" + credit,
              a -> {
                a.setAMTCREDIT(credit);
                a.setAMTGOODSPRICE(credit);
              }));
    }
    m.add(Mutation.of("credit-60x-income", a -> a.setAMTCREDIT(a.getAMTINCOMETOTAL() * 60)));
    m.add(Mutation.of("goods-0", a -> a.setAMTGOODSPRICE(0.0)));
    // durations
    m.add(Mutation.of("employed-0", a -> a.setDAYSEMPLOYED(0)));
    m.add(Mutation.of("employed-future", a -> a.setDAYSEMPLOYED(1)));
    m.add(Mutation.of("employed-none", a -> a.setDAYSEMPLOYED(365243)));
    m.add(Mutation.of("employed-minus-1e9", a -> a.setDAYSEMPLOYED(-1_000_000_000)));
    m.add(
        Mutation.of(
            "employed-since-age-10", a -> a.setDAYSEMPLOYED(a.getDAYSBIRTH() + (int) (10 * YEAR))));
    m.add(
        Mutation.of(
            "registered-before-birth", a -> a.setDAYSREGISTRATION(a.getDAYSBIRTH() - 100.0)));
    m.add(Mutation.of("id-published-future", a -> a.setDAYSIDPUBLISH(10)));
    // small closed ranges
    m.add(Mutation.of("hour-23", a -> a.setHOURAPPRPROCESSSTART(23)));
    m.add(Mutation.of("hour-24", a -> a.setHOURAPPRPROCESSSTART(24)));
    m.add(Mutation.of("region-rating-4", a -> a.setREGIONRATINGCLIENT(4)));
    m.add(Mutation.of("flag-mobil-2", a -> a.setFLAGMOBIL(2)));
    // categories
    m.add(Mutation.of("organization-unknown", a -> a.setORGANIZATIONTYPE("Space agency")));
    m.add(Mutation.of("gender-unknown", a -> a.setCODEGENDER("Q")));
    m.add(Mutation.of("contract-lowercase", a -> a.setNAMECONTRACTTYPE("cash loans")));
    m.add(Mutation.of("occupation-missing", a -> a.setOCCUPATIONTYPE(null)));
    m.add(Mutation.of("revolving", a -> a.setNAMECONTRACTTYPE("Revolving loans")));
    // required columns left out
    m.add(Mutation.without("NAME_HOUSING_TYPE"));
    m.add(Mutation.without("AMT_CREDIT"));
    m.add(Mutation.without("DAYS_BIRTH"));
    // the envelope
    m.add(Mutation.of("channel-bad", a -> a.setChannel("web shop!")));
    return m;
  }

  /** Every mutation of every base application. */
  static List<Case> cases(List<LoanApplication> bases) {
    List<Case> cases = new ArrayList<>();
    for (int b = 0; b < bases.size(); b++) {
      for (Mutation mutation : mutations()) {
        LoanApplication a = LoanApplication.newBuilder(bases.get(b)).build();
        mutation.change().accept(a);
        cases.add(new Case("c" + b + "-" + mutation.name(), a, mutation.removed()));
      }
    }
    return cases;
  }
}
