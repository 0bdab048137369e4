package io.creditstream.scorer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.LoanApplication;
import io.creditstream.features.contract.ApplicationContract;
import io.creditstream.features.contract.Violation;
import io.creditstream.fixtures.Applications;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/** Columns found by name whatever String instance names them, and by schema. */
class AvroRowTest {

  @Test
  void findsAColumnByAnyInstanceOfItsName() {
    LoanApplication app = Applications.valid("app-1", 100002, 0.5);
    AvroRow row = new AvroRow(app);

    // the same name as a constant, as a new String each time, and asked again (remembered)
    String constant = "AMT_CREDIT";
    assertThat(row.get(constant)).isEqualTo(app.getAMTCREDIT());
    assertThat(row.get(new String("AMT_CREDIT"))).isEqualTo(app.getAMTCREDIT());
    assertThat(row.get(new String("AMT_CREDIT"))).isEqualTo(app.getAMTCREDIT());
    assertThat(row.get(constant)).isEqualTo(app.getAMTCREDIT());
    assertThat(row.get("NAME_CONTRACT_TYPE")).isEqualTo("Cash loans");
    assertThat(row.get("NO_SUCH_COLUMN")).isNull();
    assertThat(row.get(new String("NO_SUCH_COLUMN"))).isNull();
    assertThat(row.hasColumn("AMT_CREDIT")).isTrue();
    assertThat(row.hasColumn("NO_SUCH_COLUMN")).isFalse();
  }

  @Test
  void manyNamesSharingTheRememberedSlotsStillResolveEachToItsOwnField() {
    LoanApplication app = Applications.valid("app-1", 100002, 0.5);
    AvroRow row = new AvroRow(app);

    // every field of the schema, asked three times through new instances (slots collide)
    for (int round = 0; round < 3; round++) {
      for (Schema.Field f : LoanApplication.getClassSchema().getFields()) {
        Object expected = app.get(f.pos());
        Object got = row.get(new String(f.name()));
        if (expected instanceof CharSequence cs) {
          assertThat(got).as(f.name()).isEqualTo(cs.toString());
        } else {
          assertThat(got).as(f.name()).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aRowRepointedAtAnotherSchemaReadsThatSchemasPositions() {
    Schema other =
        SchemaBuilder.record("Other")
            .fields()
            .requiredDouble("EXT_SOURCE_2")
            .requiredDouble("AMT_CREDIT")
            .endRecord();
    GenericData.Record record = new GenericData.Record(other);
    record.put("EXT_SOURCE_2", 0.25);
    record.put("AMT_CREDIT", 1000.0);
    AvroRow row = new AvroRow(Applications.valid("app-1", 100002, 0.5));
    assertThat(row.get("AMT_CREDIT")).isEqualTo(450000.0);

    row.reset(record);

    assertThat(row.get("AMT_CREDIT")).isEqualTo(1000.0);
    assertThat(row.get("EXT_SOURCE_2")).isEqualTo(0.25);
    assertThat(row.get("NAME_CONTRACT_TYPE")).isNull();
  }

  @Test
  void theContractJudgesByPositionExactlyAsByName() {
    // given a valid application and, for every field, variants that break it every way a sender
    // can: absent, absurdly small or large, not a number, negative zero, an unknown category
    ApplicationContract contract = ApplicationContract.current();
    LoanApplication base = Applications.valid("app-positions", 100050, 0.5);
    List<LoanApplication> variants = new ArrayList<>();
    variants.add(base);
    for (Schema.Field f : LoanApplication.SCHEMA$.getFields()) {
      for (Object value :
          new Object[] {null, -1e12, 1e12, Double.NaN, -0.0, 0.0, 1.0, "??", "Cash loans"}) {
        LoanApplication v = LoanApplication.newBuilder(base).build();
        try {
          v.put(f.pos(), value);
          // a value the field cannot hold is caught by the builder's own checks, not ours
          LoanApplication.newBuilder(v).build();
        } catch (RuntimeException cannotHold) {
          continue;
        }
        variants.add(v);
      }
    }

    // then each is judged the same through the row's positions and through its names alone
    AvroRow row = new AvroRow();
    int refused = 0;
    for (LoanApplication v : variants) {
      row.reset(v);
      AvroRow named = new AvroRow(v);
      io.creditstream.features.Row byName = named::get;
      List<Violation> byPosition = contract.check(row);
      assertThat(byPosition).as("%s", v).isEqualTo(contract.check(byName));
      refused += byPosition.isEmpty() ? 0 : 1;
    }
    assertThat(row.columns()).isNotNull();
    assertThat(refused).as("variants refused").isGreaterThan(100);
    assertThat(contract.check(row.reset(base))).isEmpty();
  }
}
