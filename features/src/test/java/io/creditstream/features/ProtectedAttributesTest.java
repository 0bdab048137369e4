package io.creditstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.features.table.HomeCreditTable;
import io.creditstream.features.table.TableReader;
import io.creditstream.testkit.HomeCreditData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which features derive from a protected attribute, and whether {@link FeatureSet#inputsOf} tells
 * the truth about the code: each application column is changed alone on real rows, and every
 * feature that moves must declare that column.
 */
class ProtectedAttributesTest {
  static final FeatureSet FEATURES = FeatureSet.current();
  static List<Map<String, Object>> rows;
  static List<String> header;

  @BeforeAll
  static void readRealRows() throws IOException {
    Path file = HomeCreditData.trainSample();
    rows = new ArrayList<>();
    try (TableReader reader = TableReader.open(file, HomeCreditTable.APPLICATION_TRAIN)) {
      header = reader.header();
      reader.forEachWhile(
          row -> {
            Map<String, Object> copy = new HashMap<>();
            for (String c : reader.header()) {
              copy.put(c, row.get(c));
            }
            rows.add(copy);
            return rows.size() < 400;
          },
          problem -> {});
    }
  }

  @Test
  void genderProtectsOnlyItsOwnColumnBecauseItIsRequired() {
    ProtectedAttributes p = ProtectedAttributes.of(FEATURES, ProtectedAttributes.DEFAULT);

    // CODE_GENDER is read by no derived feature, and MISSING_COUNT reads only its presence, which
    // validate() demands of every application: the one protected feature is the column itself.
    assertThat(p.featuresIn(FEATURES.names())).containsExactly("CODE_GENDER");
    assertThat(p.covers("MISSING_COUNT")).isFalse();
  }

  @Test
  void ageProtectsEveryRatioThatDividesByIt() {
    ProtectedAttributes p = ProtectedAttributes.of(FEATURES, List.of("DAYS_BIRTH"));

    assertThat(p.featuresIn(FEATURES.names()))
        .containsExactlyInAnyOrder(
            "DAYS_BIRTH",
            "EMPLOYED_AGE_RATIO",
            "AGE_YEARS_AT_EMPLOYMENT",
            "CAR_AGE_RATIO",
            "PHONE_CHANGE_AGE_RATIO",
            "ID_PUBLISH_AGE_RATIO",
            "REGISTRATION_AGE_RATIO");
  }

  @Test
  void anOptionalColumnAlsoProtectsTheMissingCount() {
    // OCCUPATION_TYPE is often empty: whether it is present would leak through MISSING_COUNT.
    ProtectedAttributes p = ProtectedAttributes.of(FEATURES, List.of("OCCUPATION_TYPE"));

    assertThat(p.featuresIn(FEATURES.names()))
        .containsExactlyInAnyOrder("OCCUPATION_TYPE", "MISSING_COUNT");
  }

  @Test
  void refusesANameThatIsNotAnApplicationColumn() {
    assertThatThrownBy(() -> ProtectedAttributes.of(FEATURES, List.of("GENDER")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'GENDER' is not an application column");
  }

  @Test
  void maskFollowsTheGivenFeatureOrder() {
    ProtectedAttributes p = ProtectedAttributes.of(FEATURES, List.of("CODE_GENDER"));

    assertThat(p.mask(List.of("AMT_CREDIT", "CODE_GENDER", "EXT_SOURCE_2")))
        .containsExactly(false, true, false);
  }

  @Test
  void everyFeatureThatMovesWithAColumnDeclaresIt() {
    List<String> names = FEATURES.names();
    Map<String, Set<String>> undeclared = new HashMap<>();
    for (String column : FEATURES.applicationColumns()) {
      for (int r = 0; r < rows.size(); r++) {
        Map<String, Object> row = rows.get(r);
        // another real row's value of the same column, present or not
        Object other = rows.get((r + 7) % rows.size()).get(column);
        double[] before = FEATURES.vector(Row.of(row), null);
        Map<String, Object> changed = new HashMap<>(row);
        changed.put(column, other);
        double[] after = FEATURES.vector(Row.of(changed), null);
        boolean presenceChanged = (row.get(column) == null) != (other == null);
        for (int j = 0; j < names.size(); j++) {
          if (Double.compare(before[j], after[j]) != 0) {
            String f = names.get(j);
            boolean declared =
                FEATURES.inputsOf(f).contains(column)
                    || (presenceChanged && FEATURES.presenceInputsOf(f).contains(column));
            if (!declared) {
              undeclared.computeIfAbsent(column, c -> new LinkedHashSet<>()).add(f);
            }
          }
        }
      }
    }

    assertThat(undeclared).isEmpty();
  }

  @Test
  void everyDeclaredInputIsReadByTheFeature() {
    // The other direction, so that a feature cannot be over-protected by a wrong declaration
    // either: each declared (feature, column) pair moves on at least one real row when the column
    // alone takes another value (a number scaled, another category of the vocabulary).
    List<String> names = FEATURES.names();
    List<String> neverMoved = new ArrayList<>();
    for (int j = 0; j < FEATURES.applicationFeatureCount(); j++) {
      String f = names.get(j);
      for (String column : FEATURES.inputsOf(f)) {
        boolean moved = false;
        for (int r = 0; r < rows.size() && !moved; r++) {
          Map<String, Object> row = rows.get(r);
          Map<String, Object> changed = new HashMap<>(row);
          changed.put(column, otherValue(column, row.get(column)));
          moved =
              Double.compare(
                      FEATURES.vector(Row.of(row), null)[j],
                      FEATURES.vector(Row.of(changed), null)[j])
                  != 0;
        }
        if (!moved) {
          neverMoved.add(f + " <- " + column);
        }
      }
    }

    assertThat(neverMoved).isEmpty();
  }

  private static Object otherValue(String column, Object value) {
    List<String> vocabulary = FEATURES.vocabularies().get(column);
    if (vocabulary != null) {
      return vocabulary.get(0).equals(value) ? vocabulary.get(1) : vocabulary.get(0);
    }
    return value instanceof Number n ? n.doubleValue() * 1.5 - 1 : 1.0;
  }
}
