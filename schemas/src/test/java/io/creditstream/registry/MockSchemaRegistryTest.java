package io.creditstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.ClientFeatures;
import io.creditstream.avro.DriftReport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {
  private final String scope = "mock-test-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

  @AfterEach
  void forgetScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void givesTheSameIdToTheSameSchemaUnderEverySubjectAndNewVersionsNewIds() {
    int first = registry.register("a-value", DriftReport.getClassSchema());
    int again = registry.register("a-value", DriftReport.getClassSchema());
    int elsewhere = registry.register("b-value", DriftReport.getClassSchema());
    int newer = registry.register("a-value", withField(DriftReport.getClassSchema(), "note", true));

    assertThat(again).isEqualTo(first);
    assertThat(elsewhere).isEqualTo(first);
    assertThat(newer).isNotEqualTo(first);
    assertThat(registry.latest("a-value"))
        .extracting(RegisteredSchema::id, RegisteredSchema::version)
        .containsExactly(newer, 2);
    assertThat(registry.lookup("a-value", DriftReport.getClassSchema()).version()).isEqualTo(1);
  }

  @Test
  void enforcesBackwardCompatibilityNamingTheOffendingField() {
    registry.register("c-value", ClientFeatures.getClassSchema());
    Schema requiredAdded = withField(ClientFeatures.getClassSchema(), "riskBand", false);

    assertThat(registry.testCompatibility("c-value", requiredAdded).compatible()).isFalse();
    assertThatThrownBy(() -> registry.register("c-value", requiredAdded))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class,
            e ->
                assertThat(e.registryMessage())
                    .contains("READER_FIELD_MISSING_DEFAULT")
                    .contains("riskBand"))
        .hasMessageContaining("enforces BACKWARD");
  }

  @Test
  void isSharedByScopeName() {
    int id = registry.register("d-value", DriftReport.getClassSchema());

    assertThat(MockSchemaRegistry.forScope(scope).getById(id))
        .isEqualTo(DriftReport.getClassSchema());
    assertThatThrownBy(() -> MockSchemaRegistry.forScope(scope + "-elsewhere").getById(id))
        .isInstanceOf(SchemaNotFoundException.class);
    MockSchemaRegistry.dropScope(scope + "-elsewhere");
  }

  static Schema withField(Schema schema, String name, boolean withDefault) {
    List<Schema.Field> fields = new ArrayList<>();
    schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(
        withDefault
            ? new Schema.Field(name, Schema.create(Schema.Type.STRING), null, "")
            : new Schema.Field(name, Schema.create(Schema.Type.STRING), null));
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }
}
