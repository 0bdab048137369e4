package io.creditstream.portal.store;

import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.model.InvalidModelException;
import io.creditstream.model.ModelCard;
import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.ops.PortalMetrics;
import io.creditstream.records.ModelReleases;
import io.creditstream.seal.ReleaseSignatures;
import io.creditstream.seal.SealKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The model cards seen on {@code model-releases} (the model bytes are not kept: the portal never
 * scores) and the version the {@code active} record names.
 *
 * <p>With release keys ({@code creditstream.portal.mirror.release-public-keys}) it believes what
 * the scorer believes: only releases and activations signed by one of them, and no activation older
 * than the one in force; anything else is logged, counted ({@code
 * creditstream_portal_model_releases_refused_total}) and left out, so an insider who writes to
 * {@code model-releases} cannot change the card auditors and clients read, nor the model shown as
 * active. Each release is listed with the key that signed it.
 */
@Component
public class ModelCardStore {

  private static final Logger log = LoggerFactory.getLogger(ModelCardStore.class);

  private final JdbcTemplate jdbc;
  private final Map<String, Optional<ModelCard>> parsedCards = new ConcurrentHashMap<>();
  private final SealKeys.KeyRing releaseKeys;
  private final boolean allowUnsigned;
  private final PortalMetrics metrics;

  @org.springframework.beans.factory.annotation.Autowired
  public ModelCardStore(
      JdbcTemplate jdbc, StoreSchema schema, PortalProperties properties, PortalMetrics metrics) {
    this(
        jdbc,
        properties.mirror().releaseKeyRing(),
        properties.mirror().releaseAllowUnsigned(),
        metrics);
  }

  ModelCardStore(
      JdbcTemplate jdbc,
      SealKeys.KeyRing releaseKeys,
      boolean allowUnsigned,
      PortalMetrics metrics) {
    this.jdbc = jdbc;
    this.metrics = metrics;
    this.releaseKeys = releaseKeys;
    this.allowUnsigned = allowUnsigned;
    if (releaseKeys.isEmpty()) {
      log.warn(
          "No release keys (creditstream.portal.mirror.release-public-keys): model cards and the"
              + " active model are shown as model-releases holds them, signed or not");
    }
  }

  void apply(String key, ModelRelease release) {
    boolean activation =
        ModelReleases.ACTIVE_KEY.equals(key) || release.getKind() == ReleaseKind.ACTIVATION;
    String signedBy = null;
    if (!releaseKeys.isEmpty()) {
      ReleaseSignatures.Check check = ReleaseSignatures.check(release, releaseKeys);
      if (check == ReleaseSignatures.Check.VALID) {
        signedBy = release.getSigningKeyId();
      } else if (!(check == ReleaseSignatures.Check.UNSIGNED && allowUnsigned)) {
        refuse(activation, release, check.describe(release.getSigningKeyId()), check.name());
        return;
      }
    }
    if (activation) {
      long at = release.getReleasedAt().toEpochMilli();
      Optional<Long> inForce =
          jdbc
              .queryForList("SELECT activated_at FROM model_active WHERE id = 1", Long.class)
              .stream()
              .findFirst();
      if (!releaseKeys.isEmpty() && inForce.isPresent() && at < inForce.get()) {
        refuse(activation, release, "older than the activation in force", "OLD_ACTIVATION");
        return;
      }
      jdbc.update(
          "MERGE INTO model_active (id, version, activated_at) KEY (id) VALUES (1, ?, ?)",
          release.getVersion(),
          at);
      return;
    }
    jdbc.update(
        "MERGE INTO model_releases (version, card, feature_set_version, released_at, signed_by)"
            + " KEY (version) VALUES (?, ?, ?, ?, ?)",
        release.getVersion(),
        release.getModelCard(),
        release.getFeatureSetVersion(),
        release.getReleasedAt().toEpochMilli(),
        signedBy);
    parsedCards.remove(release.getVersion());
  }

  private void refuse(boolean activation, ModelRelease release, String why, String reason) {
    metrics.modelReleaseRefused(reason);
    log.warn(
        "{} of model {} not believed: {}",
        activation ? "Activation" : "Release",
        release.getVersion(),
        why);
  }

  /** The model card JSON of a version, if its release was seen. */
  public Optional<String> card(String version) {
    return jdbc
        .queryForList("SELECT card FROM model_releases WHERE version = ?", String.class, version)
        .stream()
        .findFirst();
  }

  /**
   * The model card of a version, read once by the model's own reader ({@link
   * ModelCard#fromJsonLeniently}): empty when its release was not seen (not remembered: it may
   * arrive later) or its card is not a model card (logged once). A field that does not fit its type
   * is read as absent, and named in the log, so that one bad field does not cost the page the rest.
   */
  public Optional<ModelCard> modelCard(String version) {
    Optional<ModelCard> cached = parsedCards.get(version);
    if (cached != null) {
      return cached;
    }
    Optional<String> text = card(version);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    // A released version's card never changes (model-releases is keyed and compacted by version),
    // so the outcome, readable or not, is kept: a client page reads the card on every render.
    return parsedCards.computeIfAbsent(version, v -> read(v, text.get()));
  }

  private static Optional<ModelCard> read(String version, String text) {
    try {
      ModelCard.Lenient read = ModelCard.fromJsonLeniently(text);
      if (!read.leftOut().isEmpty()) {
        log.warn(
            "Model card of {}: left out what does not fit a model card: {}",
            version,
            read.leftOut());
      }
      return Optional.of(read.card());
    } catch (InvalidModelException e) {
      log.warn("Model card of {} is not readable: {}", version, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The model's feature names in order (the card's {@code featureNames}), which name the bare
   * vector of schema v2 decisions; empty when the release was not seen or its card has none.
   */
  public Optional<List<String>> featureNames(String version) {
    return modelCard(version).map(ModelCard::featureNames).filter(names -> !names.isEmpty());
  }

  public Optional<String> activeVersion() {
    return jdbc.queryForList("SELECT version FROM model_active WHERE id = 1", String.class).stream()
        .findFirst();
  }

  public List<Release> releases() {
    return jdbc.query(
        "SELECT version, feature_set_version, released_at, signed_by FROM model_releases"
            + " ORDER BY released_at DESC",
        (rs, i) ->
            new Release(
                rs.getString(1),
                rs.getString(2),
                Instant.ofEpochMilli(rs.getLong(3)),
                rs.getString(4)));
  }

  /**
   * A released version as listed for auditors.
   *
   * @param signedBy the release key that signed it; null when not signed, or not checked (no
   *     release keys)
   */
  public record Release(
      String version, String featureSetVersion, Instant releasedAt, String signedBy) {}
}
