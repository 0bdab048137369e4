package io.creditstream.portal.store;

import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.records.ModelReleases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model cards seen on {@code model-releases} (the model bytes are not kept: the portal never
 * scores) and the version the {@code active} record names.
 */
@Component
public class ModelCardStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcTemplate jdbc;
  private final Map<String, List<String>> featureNames = new ConcurrentHashMap<>();
  // A released version's card never changes (model-releases is keyed and compacted by version), so
  // each card is parsed once: a client page reads its reference statistics on every render.
  private final Map<String, JsonNode> parsedCards = new ConcurrentHashMap<>();

  public ModelCardStore(JdbcTemplate jdbc, StoreSchema schema) {
    this.jdbc = jdbc;
  }

  void apply(String key, ModelRelease release) {
    if (ModelReleases.ACTIVE_KEY.equals(key) || release.getKind() == ReleaseKind.ACTIVATION) {
      jdbc.update(
          "MERGE INTO model_active (id, version, activated_at) KEY (id) VALUES (1, ?, ?)",
          release.getVersion(),
          release.getReleasedAt().toEpochMilli());
      return;
    }
    jdbc.update(
        "MERGE INTO model_releases (version, card, feature_set_version, released_at)"
            + " KEY (version) VALUES (?, ?, ?, ?)",
        release.getVersion(),
        release.getModelCard(),
        release.getFeatureSetVersion(),
        release.getReleasedAt().toEpochMilli());
  }

  /** The model card JSON of a version, if its release was seen. */
  public Optional<String> card(String version) {
    return jdbc
        .queryForList("SELECT card FROM model_releases WHERE version = ?", String.class, version)
        .stream()
        .findFirst();
  }

  /**
   * The model card of a version as a JSON tree, parsed once; empty when its release was not seen
   * (not remembered: it may arrive later) or its card is not JSON.
   */
  public Optional<JsonNode> cardTree(String version) {
    JsonNode cached = parsedCards.get(version);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<JsonNode> tree =
        card(version)
            .flatMap(
                c -> {
                  try {
                    return Optional.of(JSON.readTree(c));
                  } catch (RuntimeException e) {
                    return Optional.empty();
                  }
                });
    tree.ifPresent(t -> parsedCards.put(version, t));
    return tree;
  }

  /**
   * The model's feature names in order (the card's {@code featureNames}), which name the bare
   * vector of schema v2 decisions; empty when the release was not seen or its card has none.
   */
  public Optional<List<String>> featureNames(String version) {
    List<String> cached = featureNames.get(version);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<List<String>> names =
        cardTree(version)
            .flatMap(
                root -> {
                  JsonNode array = root.path("featureNames");
                  if (!array.isArray() || array.isEmpty()) {
                    return Optional.empty();
                  }
                  List<String> out = new ArrayList<>(array.size());
                  array.forEach(n -> out.add(n.asString()));
                  return Optional.of(List.copyOf(out));
                });
    names.ifPresent(n -> featureNames.put(version, n));
    return names;
  }

  public Optional<String> activeVersion() {
    return jdbc.queryForList("SELECT version FROM model_active WHERE id = 1", String.class).stream()
        .findFirst();
  }

  public List<Release> releases() {
    return jdbc.query(
        "SELECT version, feature_set_version, released_at FROM model_releases"
            + " ORDER BY released_at DESC",
        (rs, i) ->
            new Release(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
  }

  /** A released version as listed for auditors. */
  public record Release(String version, String featureSetVersion, Instant releasedAt) {}
}
