package io.creditstream.scorer.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditstream.avro.ModelRelease;
import io.creditstream.features.FeatureSet;
import io.creditstream.model.ModelCard;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.ModelReleases;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.scorer.testing.TestModels;
import io.creditstream.scorer.testing.TestModels.TestModel;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  final TestModel v1 = TestModels.extSource2Model(20);
  final TestModel v2 = TestModels.extSource2Model(8);
  final ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
  final ModelCatalog catalog = new ModelCatalog(FeatureSet.current(), metrics);

  @Test
  void isNotReadyUntilAModelIsActivated() {
    // given a released but not activated model
    catalog.apply(v1.version(), v1.release());

    // then
    assertThat(catalog.hasActive()).isFalse();
    assertThatThrownBy(catalog::current).hasMessageContaining("No active model");
    assertThat(catalog.byVersion(v1.version())).isPresent();
  }

  @Test
  void anActivationThatArrivesBeforeItsReleaseWaitsForIt() {
    // given the activation first (compaction can reorder keys)
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v1.version()));
    assertThat(catalog.hasActive()).isFalse();

    // when the release arrives
    catalog.apply(v1.version(), v1.release());

    // then
    assertThat(catalog.current().version()).isEqualTo(v1.version());
  }

  @Test
  void rollsBackByActivatingAnOlderVersionAndTellsListeners() {
    // given v1 then v2 released and activated in turn
    List<String> activated = new ArrayList<>();
    catalog.onActivation(m -> activated.add(m.version()));
    catalog.apply(v1.version(), v1.release());
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v1.version()));
    catalog.apply(v2.version(), v2.release());
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v2.version()));

    // when v1 is activated again
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v1.version()));

    // then
    ScoringModel current = catalog.current();
    assertThat(current.version()).isEqualTo(v1.version());
    assertThat(activated).containsExactly(v1.version(), v2.version(), v1.version());
    assertThat(metrics.refusalCount()).isZero();
  }

  @Test
  void refusesAReleaseWhoseVersionIsNotTheHashOfItsBytes() {
    // given v2's bytes under v1's version
    catalog.apply(
        v1.version(),
        TestModels.release(
            v1.version(), v2.bytes(), v2.release().getModelCard(), FeatureSet.current().version()));

    // then
    assertThat(catalog.byVersion(v1.version())).isEmpty();
    assertThat(catalog.refusal(v1.version())).get().asString().contains("not the hash");
    assertThat(metrics.refusalCount()).isEqualTo(1.0);
  }

  @Test
  void keepsTheActiveModelWhenItsKeyIsTombstoned() {
    // given v1 active
    catalog.apply(v1.version(), v1.release());
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v1.version()));

    // when its release is deleted from the compacted topic
    catalog.apply(v1.version(), null);

    // then it keeps scoring
    assertThat(catalog.current().version()).isEqualTo(v1.version());
  }

  /** v1's release with a card as it was written before protected attributes were listed. */
  private TestModel withCard(TestModel m, ModelCard card) {
    return new TestModel(
        m.bytes(),
        m.version(),
        TestModels.release(m.version(), m.bytes(), card.toJson(), FeatureSet.current().version()),
        m.model());
  }

  private static ModelCard withoutList(ModelCard c) {
    return new ModelCard(
        c.version(),
        c.createdAt(),
        c.featureSetVersion(),
        c.featureNames(),
        c.threshold(),
        c.reviewBand(),
        c.costFalseNegative(),
        c.costFalsePositive(),
        c.metrics(),
        c.dataFingerprint(),
        c.params(),
        c.bestIteration(),
        c.globalImportance(),
        c.referenceStats(),
        null,
        null);
  }

  @Test
  void keepsAModelFromBeforeProtectedAttributesForReplayButNeverActivatesIt() {
    // given v2 active, and v1 released with a card that does not list protected attributes
    catalog.apply(v2.version(), v2.release());
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v2.version()));
    TestModel old = withCard(v1, withoutList(v1.model().card()));
    catalog.apply(old.version(), old.release());

    // when it is activated
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(old.version()));

    // then replay can still use it, but v2 keeps deciding
    assertThat(catalog.byVersion(old.version())).isPresent();
    assertThat(catalog.current().version()).isEqualTo(v2.version());
    assertThat(catalog.protectionProblem(catalog.byVersion(old.version()).get()))
        .contains("does not list protectedAttributes");
    assertThat(metrics.refusalCount()).isEqualTo(1.0);
  }

  @Test
  void refusesToActivateAModelThatDoesNotProtectGender() {
    // given a card that protects another column instead of CODE_GENDER
    TestModel other =
        withCard(
            v1,
            v1.model()
                .card()
                .withProtected(List.of("NAME_FAMILY_STATUS"), List.of("NAME_FAMILY_STATUS")));
    catalog.apply(other.version(), other.release());

    // when it is activated
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(other.version()));

    // then nothing is active
    assertThat(catalog.hasActive()).isFalse();
    assertThat(catalog.protectionProblem(catalog.byVersion(other.version()).get()))
        .contains("not [CODE_GENDER]");
  }

  @Test
  void refusesToActivateACardThatForgetsAFeatureDerivedFromAProtectedAttribute() {
    // given a card protecting DAYS_BIRTH but listing only the column, not the ratios built on it
    TestModel partial =
        withCard(
            v1,
            v1.model()
                .card()
                .withProtected(
                    List.of("CODE_GENDER", "DAYS_BIRTH"), List.of("CODE_GENDER", "DAYS_BIRTH")));
    catalog.apply(partial.version(), partial.release());

    // when it is activated
    catalog.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(partial.version()));

    // then it is refused, naming what is missing
    assertThat(catalog.hasActive()).isFalse();
    assertThat(catalog.protectionProblem(catalog.byVersion(partial.version()).get()))
        .contains("EMPLOYED_AGE_RATIO");
  }

  // Signed releases: what an insider who can write to model-releases, but has no release key,
  // can no longer do.

  static final SealKeys.Signer RELEASE_KEY =
      new SealKeys.Signer("release-1", SealKeys.generate().getPrivate());
  static final SealKeys.Signer INSIDER_KEY =
      new SealKeys.Signer("release-1", SealKeys.generate().getPrivate());

  ModelCatalog verifying(boolean allowUnsigned) {
    return new ModelCatalog(
        FeatureSet.current(),
        metrics,
        new ReleaseVerification(SealKeys.KeyRing.of(RELEASE_KEY), allowUnsigned));
  }

  static ModelRelease signed(ModelRelease release, SealKeys.Signer key) {
    return ReleaseSignatures.sign(release, key);
  }

  static ModelRelease activationAt(String version, Instant at) {
    ModelRelease a = TestModels.activation(version);
    a.setReleasedAt(at);
    return a;
  }

  @Test
  void withReleaseKeysASignedReleaseAndActivationAreFollowed() {
    ModelCatalog c = verifying(false);

    c.apply(v1.version(), signed(v1.release(), RELEASE_KEY));
    c.apply(ModelReleases.ACTIVE_KEY, signed(TestModels.activation(v1.version()), RELEASE_KEY));

    assertThat(c.current().version()).isEqualTo(v1.version());
    assertThat(metrics.refusalCount()).isZero();
  }

  @Test
  void withReleaseKeysAnUnsignedReleaseOrActivationIsRefusedAndTheActiveModelKeepsScoring() {
    ModelCatalog c = verifying(false);
    c.apply(v1.version(), signed(v1.release(), RELEASE_KEY));
    c.apply(ModelReleases.ACTIVE_KEY, signed(TestModels.activation(v1.version()), RELEASE_KEY));

    // an insider's own model, unsigned, released and activated
    c.apply(v2.version(), v2.release());
    c.apply(ModelReleases.ACTIVE_KEY, TestModels.activation(v2.version()));

    assertThat(c.byVersion(v2.version())).isEmpty();
    assertThat(c.refusal(v2.version())).get().asString().contains("not signed");
    assertThat(c.current().version()).isEqualTo(v1.version());
    assertThat(metrics.refusalCount()).isEqualTo(2.0);
  }

  @Test
  void withReleaseKeysAReleaseSignedByAnotherKeyUnderTheRealKeyIdIsRefusedAsForged() {
    ModelCatalog c = verifying(false);
    c.apply(v1.version(), signed(v1.release(), RELEASE_KEY));
    c.apply(ModelReleases.ACTIVE_KEY, signed(TestModels.activation(v1.version()), RELEASE_KEY));

    c.apply(v2.version(), signed(v2.release(), INSIDER_KEY));
    // and an unsigned activation of the signed v1 release, re-signed by the insider's key
    c.apply(ModelReleases.ACTIVE_KEY, signed(TestModels.activation(v2.version()), INSIDER_KEY));

    assertThat(c.refusal(v2.version())).get().asString().contains("forged or altered");
    assertThat(c.current().version()).isEqualTo(v1.version());
    assertThat(metrics.refusalCount()).isEqualTo(2.0);
  }

  @Test
  void withReleaseKeysAnOldSignedActivationWrittenAgainCannotRollTheModelBack() {
    ModelCatalog c = verifying(false);
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    ModelRelease oldActivation = signed(activationAt(v1.version(), t0), RELEASE_KEY);
    c.apply(v1.version(), signed(v1.release(), RELEASE_KEY));
    c.apply(v2.version(), signed(v2.release(), RELEASE_KEY));
    c.apply(ModelReleases.ACTIVE_KEY, oldActivation);
    c.apply(
        ModelReleases.ACTIVE_KEY,
        signed(activationAt(v2.version(), t0.plusSeconds(60)), RELEASE_KEY));

    // the insider copies the old (validly signed) activation of v1
    c.apply(ModelReleases.ACTIVE_KEY, oldActivation);

    assertThat(c.current().version()).isEqualTo(v2.version());
    assertThat(metrics.refusalCount()).isEqualTo(1.0);

    // a real rollback is a new activation, signed now
    c.apply(
        ModelReleases.ACTIVE_KEY,
        signed(activationAt(v1.version(), t0.plusSeconds(120)), RELEASE_KEY));
    assertThat(c.current().version()).isEqualTo(v1.version());
  }

  @Test
  void allowingUnsignedReleasesStillRefusesABadSignature() {
    ModelCatalog c = verifying(true);

    c.apply(v1.version(), v1.release());
    c.apply(v2.version(), signed(v2.release(), INSIDER_KEY));

    assertThat(c.byVersion(v1.version())).isPresent();
    assertThat(c.byVersion(v2.version())).isEmpty();
    assertThat(c.refusal(v2.version())).get().asString().contains("forged or altered");
  }

  @Test
  void refusingUnsignedReleasesWithoutAnyReleaseKeyIsAConfigurationError() {
    assertThatThrownBy(
            () -> new ReleaseVerification(new SealKeys.KeyRing(java.util.Map.of()), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no release key");
  }
}
