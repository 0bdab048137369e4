package io.creditstream.scorer.testing;

import io.creditstream.avro.LoanApplication;
import io.creditstream.features.Row;
import java.time.Instant;
import org.apache.avro.Schema;

/** Loan applications for tests: a realistic one built inline, or one converted from a real row. */
public final class Applications {
  private Applications() {}

  /**
   * A plausible, valid application of a 40-year-old employed client; {@code extSource2} is the one
   * value the test models look at.
   */
  public static LoanApplication valid(String applicationId, long clientId, double extSource2) {
    return LoanApplication.newBuilder()
        .setApplicationId(applicationId)
        .setChannel("branch")
        .setSubmittedAt(Instant.parse("2026-11-25T09:00:00Z"))
        .setSKIDCURR(clientId)
        .setNAMECONTRACTTYPE("Cash loans")
        .setCODEGENDER("F")
        .setFLAGOWNCAR("N")
        .setFLAGOWNREALTY("Y")
        .setCNTCHILDREN(1)
        .setAMTINCOMETOTAL(180000.0)
        .setAMTCREDIT(450000.0)
        .setAMTANNUITY(22500.0)
        .setAMTGOODSPRICE(405000.0)
        .setNAMEINCOMETYPE("Working")
        .setNAMEEDUCATIONTYPE("Higher education")
        .setNAMEFAMILYSTATUS("Married")
        .setNAMEHOUSINGTYPE("House / apartment")
        .setREGIONPOPULATIONRELATIVE(0.0188)
        .setDAYSBIRTH(-14610)
        .setDAYSEMPLOYED(-2500)
        .setDAYSREGISTRATION(-4000.0)
        .setDAYSIDPUBLISH(-3000)
        .setFLAGMOBIL(1)
        .setFLAGEMPPHONE(1)
        .setFLAGWORKPHONE(0)
        .setFLAGCONTMOBILE(1)
        .setFLAGPHONE(0)
        .setFLAGEMAIL(0)
        .setCNTFAMMEMBERS(3.0)
        .setREGIONRATINGCLIENT(2)
        .setREGIONRATINGCLIENTWCITY(2)
        .setWEEKDAYAPPRPROCESSSTART("MONDAY")
        .setHOURAPPRPROCESSSTART(10)
        .setREGREGIONNOTLIVEREGION(0)
        .setREGREGIONNOTWORKREGION(0)
        .setLIVEREGIONNOTWORKREGION(0)
        .setREGCITYNOTLIVECITY(0)
        .setREGCITYNOTWORKCITY(0)
        .setLIVECITYNOTWORKCITY(0)
        .setORGANIZATIONTYPE("Business Entity Type 3")
        .setEXTSOURCE2(extSource2)
        .setFLAGDOCUMENT2(0)
        .setFLAGDOCUMENT3(1)
        .setFLAGDOCUMENT4(0)
        .setFLAGDOCUMENT5(0)
        .setFLAGDOCUMENT6(0)
        .setFLAGDOCUMENT7(0)
        .setFLAGDOCUMENT8(0)
        .setFLAGDOCUMENT9(0)
        .setFLAGDOCUMENT10(0)
        .setFLAGDOCUMENT11(0)
        .setFLAGDOCUMENT12(0)
        .setFLAGDOCUMENT13(0)
        .setFLAGDOCUMENT14(0)
        .setFLAGDOCUMENT15(0)
        .setFLAGDOCUMENT16(0)
        .setFLAGDOCUMENT17(0)
        .setFLAGDOCUMENT18(0)
        .setFLAGDOCUMENT19(0)
        .setFLAGDOCUMENT20(0)
        .setFLAGDOCUMENT21(0)
        .build();
  }

  /**
   * The application a real Kaggle row describes, or null when the row leaves a required field
   * empty.
   */
  public static LoanApplication fromRow(Row row, String applicationId, Instant submittedAt) {
    LoanApplication app = new LoanApplication();
    app.setApplicationId(applicationId);
    app.setChannel("kaggle");
    app.setSubmittedAt(submittedAt);
    for (Schema.Field f : LoanApplication.getClassSchema().getFields()) {
      if (f.pos() < 3) {
        continue;
      }
      Object v = row.get(f.name());
      Schema type = f.schema();
      boolean nullable = type.getType() == Schema.Type.UNION;
      if (nullable) {
        type = type.getTypes().get(1);
      }
      if (v == null) {
        if (!nullable) {
          return null;
        }
        app.put(f.pos(), null);
        continue;
      }
      app.put(
          f.pos(),
          switch (type.getType()) {
            case INT -> ((Number) v).intValue();
            case LONG -> ((Number) v).longValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case STRING -> v.toString();
            default -> throw new IllegalStateException("unexpected field type " + type);
          });
    }
    return app;
  }
}
