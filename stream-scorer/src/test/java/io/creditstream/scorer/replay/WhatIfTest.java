package io.creditstream.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.creditstream.testkit.HomeCreditData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AUC and the labels file, checked by hand. */
class WhatIfTest {

  @Test
  void aucCountsOrderedPairsAndHalvesTies() {
    // given four scores where 3 of the 4 positive/negative pairs are ordered right
    double[] scores = {0.1, 0.4, 0.35, 0.8};
    boolean[] positive = {false, false, true, true};
    // then AUC = 3/4; with every score tied it is 1/2; with one class it is undefined
    assertThat(WhatIf.auc(scores, positive, 4)).isEqualTo(0.75);
    assertThat(WhatIf.auc(new double[] {0.5, 0.5, 0.5}, new boolean[] {true, false, false}, 3))
        .isEqualTo(0.5);
    assertThat(WhatIf.auc(scores, new boolean[] {true, true, true, true}, 4)).isNaN();
    // two tied groups: pos {h, h, l}, neg {h, l x6}: (2*0.5 + 2*6 + 1*0.5*6) / 21
    double h = 0.9;
    double l = 0.1;
    assertThat(
            WhatIf.auc(
                new double[] {h, h, l, h, l, l, l, l, l, l},
                new boolean[] {true, true, true, false, false, false, false, false, false, false},
                10))
        .isCloseTo(16.0 / 21, within(1e-15));
  }

  @Test
  void readsTheLabelsOfTheRealApplicationTrainSample() throws Exception {
    // given the real labelled sample (fails loudly when home-credit.dir is absent)
    Path file = HomeCreditData.trainSample();
    // when read as a labels file
    Labels labels = Labels.read(file);
    // then every row is there, with the documented number of defaults
    assertThat(labels.size()).isEqualTo(38_874);
    assertThat(labels.defaultedCount()).isEqualTo(3_120);
  }

  @Test
  void aLabelsFileWithABadTargetIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
    // given a labels file whose third line has TARGET 2
    Path file = dir.resolve("labels.csv");
    Files.writeString(file, "SK_ID_CURR,TARGET\n100002,1\n100003,2\n");
    // then reading it fails with the line and the value
    assertThatThrownBy(() -> Labels.read(file))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("TARGET '2'")
        .matches(e -> ((ReplayException) e).exitCode() == ReplayCommand.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void aLabelsFileWithoutTheColumnsIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("labels.csv");
    Files.writeString(file, "id,label\n1,0\n");
    assertThatThrownBy(() -> Labels.read(file))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("needs the columns SK_ID_CURR and TARGET");
  }

  @Test
  void aQuotedLineBreakInACellDoesNotBreakTheRow(@TempDir Path dir) throws Exception {
    // given a row whose text cell holds a quoted line break (valid CSV, which a line reader splits)
    Path file = dir.resolve("labels.csv");
    Files.writeString(file, "SK_ID_CURR,NOTE,TARGET\n5,\"first line\nsecond line\",1\n6,,0\n");
    // when read, then both clients have their labels
    Labels labels = Labels.read(file);
    assertThat(labels.size()).isEqualTo(2);
    assertThat(labels.of(5)).isEqualTo(1);
    assertThat(labels.of(6)).isEqualTo(0);
  }

  @Test
  void quotedCommasDoNotShiftTheColumns(@TempDir Path dir) throws Exception {
    // given a row whose text cell before TARGET holds a quoted comma
    Path file = dir.resolve("labels.csv");
    Files.writeString(file, "SK_ID_CURR,NAME_TYPE_SUITE,TARGET\n5,\"Spouse, partner\",1\n6,,0\n");
    Labels labels = Labels.read(file);
    assertThat(labels.of(5)).isEqualTo(1);
    assertThat(labels.of(6)).isZero();
    assertThat(labels.of(7)).isEqualTo(-1);
  }
}
