package io.creditstream.portal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.portal.Decisions;
import io.creditstream.portal.ops.PortalMetrics;
import io.creditstream.records.ModelReleases;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The model cards and the active model the portal shows, with release keys: only what they signed,
 * as the scorer believes it; an insider's card for a real version, or their activation, is left out
 * and counted.
 */
class ModelCardStoreReleaseKeysTest {

  static final SealKeys.Signer TEAM =
      new SealKeys.Signer("release-1", SealKeys.generate().getPrivate());
  static final SealKeys.Signer INSIDER =
      new SealKeys.Signer("release-1", SealKeys.generate().getPrivate());

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final JdbcTemplate jdbc =
      new JdbcTemplate(
          new DriverManagerDataSource(
              "jdbc:h2:mem:cards-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));

  ModelCardStore store(SealKeys.KeyRing keys, boolean allowUnsigned) {
    new StoreSchema(jdbc);
    StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("meters", meters));
    return new ModelCardStore(
        jdbc, keys, allowUnsigned, new PortalMetrics(beans.getBeanProvider(MeterRegistry.class)));
  }

  static ModelRelease activation(String version, Instant at) {
    return ModelRelease.newBuilder()
        .setVersion(version)
        .setKind(ReleaseKind.ACTIVATION)
        .setReleasedAt(at)
        .build();
  }

  double refused() {
    return meters.find("creditstream.portal.model.releases.refused").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void withReleaseKeysShowsOnlyTheSignedCardAndActivationAndNamesTheKey() {
    ModelCardStore cards = store(SealKeys.KeyRing.of(TEAM), false);
    ModelRelease real = ReleaseSignatures.sign(Decisions.release(), TEAM);
    String version = real.getVersion();
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    cards.apply(version, real);
    cards.apply(ModelReleases.ACTIVE_KEY, ReleaseSignatures.sign(activation(version, t0), TEAM));

    // when an insider rewrites the card of the same version, unsigned and forged, and activates
    // another version, and copies an old activation
    ModelRelease rewritten =
        ModelRelease.newBuilder(Decisions.release())
            .setModelCard("{\"version\":\"" + version + "\",\"threshold\":0.99}")
            .build();
    cards.apply(version, rewritten);
    cards.apply(version, ReleaseSignatures.sign(rewritten, INSIDER));
    cards.apply(ModelReleases.ACTIVE_KEY, activation("insiders", t0.plusSeconds(1)));
    cards.apply(
        ModelReleases.ACTIVE_KEY,
        ReleaseSignatures.sign(activation("insiders", t0.minusSeconds(60)), TEAM));

    // then the card and the active model are the team's, the release lists its key, and the
    // four records were counted
    assertThat(cards.card(version)).get().asString().contains("\"threshold\":0.5");
    assertThat(cards.activeVersion()).contains(version);
    assertThat(cards.releases())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.version()).isEqualTo(version);
              assertThat(r.signedBy()).isEqualTo("release-1");
            });
    assertThat(refused()).isEqualTo(4.0);
  }

  @Test
  void withoutReleaseKeysShowsWhatTheTopicHoldsAndListsItAsNotSigned() {
    ModelCardStore cards = store(new SealKeys.KeyRing(Map.of()), false);
    ModelRelease release = Decisions.release();

    cards.apply(release.getVersion(), release);

    assertThat(cards.card(release.getVersion())).isPresent();
    assertThat(cards.releases()).singleElement().satisfies(r -> assertThat(r.signedBy()).isNull());
    assertThat(refused()).isZero();
  }
}
