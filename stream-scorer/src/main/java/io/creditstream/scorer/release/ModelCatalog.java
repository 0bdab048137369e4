package io.creditstream.scorer.release;

import io.creditstream.avro.ModelRelease;
import io.creditstream.avro.ReleaseKind;
import io.creditstream.features.FeatureSet;
import io.creditstream.features.ProtectedAttributes;
import io.creditstream.model.InvalidModelException;
import io.creditstream.model.ModelVersion;
import io.creditstream.model.ScoringModel;
import io.creditstream.records.ModelReleases;
import io.creditstream.scorer.ops.ScorerMetrics;
import io.creditstream.seal.DecisionHash;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every accepted model version and the active pointer, fed record by record from {@code
 * model-releases} (key = version or {@code active}).
 *
 * <p>A release is accepted only if its bytes load, its version is their content hash, its feature
 * list is exactly {@link FeatureSet#names()} and its feature-set version is {@link
 * FeatureSet#version()}; otherwise it is refused (logged with version and reason, counted) and the
 * active model keeps scoring. Activation swaps one immutable {@link ScoringModel} through an {@link
 * AtomicReference}, so no record sees a half-loaded model. An activation that names a version not
 * yet seen waits for it; one that names a refused version is refused. Rolling back is activating an
 * older version.
 *
 * <p>Activation also demands a card that lists its protected attributes (CODE_GENDER at least) and
 * protects every feature derived from them ({@link #protectionProblem}). Models released before the
 * list existed are still accepted into the catalog, so that replay reproduces their decisions, but
 * are never activated.
 *
 * <p>With release keys ({@link ReleaseVerification}), a release or an activation must be signed by
 * one of them: whoever can write to {@code model-releases} without the release key cannot make the
 * scorer load or activate a model, and cannot replay an old activation record to roll the model
 * back (an activation older than the one in force is refused).
 */
public final class ModelCatalog implements ModelProvider {

  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  private final FeatureSet featureSet;
  private final ScorerMetrics metrics;
  private final ReleaseVerification verification;
  private final Map<String, ScoringModel> models = new ConcurrentHashMap<>();
  private final Map<String, String> refused = new ConcurrentHashMap<>();
  private final AtomicReference<ScoringModel> active = new AtomicReference<>();
  private final List<Consumer<ScoringModel>> listeners = new CopyOnWriteArrayList<>();
  private volatile String pendingActivation;
  private volatile Instant activatedAt;

  /** A catalog that believes every release, signed or not ({@link ReleaseVerification#NONE}). */
  public ModelCatalog(FeatureSet featureSet, ScorerMetrics metrics) {
    this(featureSet, metrics, ReleaseVerification.NONE);
  }

  public ModelCatalog(
      FeatureSet featureSet, ScorerMetrics metrics, ReleaseVerification verification) {
    this.featureSet = featureSet;
    this.metrics = metrics;
    this.verification = verification;
  }

  /** Called with each newly activated model (metrics, drift). */
  public void onActivation(Consumer<ScoringModel> listener) {
    listeners.add(listener);
  }

  @Override
  public ScoringModel current() {
    ScoringModel m = active.get();
    if (m == null) {
      throw new NoActiveModelException(
          "No active model: nothing on model-releases under the key 'active' names an accepted"
              + " version yet");
    }
    return m;
  }

  @Override
  public boolean hasActive() {
    return active.get() != null;
  }

  @Override
  public Optional<ScoringModel> byVersion(String version) {
    return Optional.ofNullable(models.get(version));
  }

  /** Why a version was refused, if it was. */
  public Optional<String> refusal(String version) {
    return Optional.ofNullable(refused.get(version));
  }

  /**
   * Applies one record of {@code model-releases}.
   *
   * @param key the record key (a version, or {@code active})
   * @param release the value, null for a tombstone
   */
  public void apply(String key, ModelRelease release) {
    if (release == null) {
      if (key != null && !ModelReleases.ACTIVE_KEY.equals(key)) {
        ScoringModel m = active.get();
        if (m != null && m.version().equals(key)) {
          log.warn("Tombstone for the active model {} ignored: it keeps scoring", key);
        } else {
          models.remove(key);
        }
      }
      return;
    }
    if (release.getKind() == ReleaseKind.ACTIVATION || ModelReleases.ACTIVE_KEY.equals(key)) {
      String problem = activationProblem(release);
      if (problem != null) {
        metrics.modelRefused();
        log.error(
            "Activation of model {} refused: {}; model {} keeps scoring",
            release.getVersion(),
            problem,
            active.get() == null ? "none" : active.get().version());
        return;
      }
      activatedAt = release.getReleasedAt();
      activate(release.getVersion());
    } else {
      load(key, release);
    }
  }

  private void load(String key, ModelRelease release) {
    String version = release.getVersion();
    String problem = check(key, release);
    if (problem != null) {
      refuse(version, problem);
      return;
    }
    ScoringModel model;
    try {
      model = ScoringModel.load(bytes(release.getModelBytes()), release.getModelCard());
    } catch (InvalidModelException | RuntimeException e) {
      refuse(version, "the model does not load: " + e.getMessage());
      return;
    }
    List<String> names = ModelFacts.featureNames(model);
    if (!featureSet.names().equals(names)) {
      refuse(
          version,
          "its feature list ("
              + names.size()
              + " features) is not the scorer's feature set ("
              + featureSet.names().size()
              + " features, version "
              + featureSet.version()
              + ")"
              + firstDifference(names, featureSet.names()));
      return;
    }
    String cardFeatureSet = ModelFacts.featureSetVersion(model);
    if (cardFeatureSet != null && !cardFeatureSet.equals(featureSet.version())) {
      refuse(
          version,
          "its model card names feature set '"
              + cardFeatureSet
              + "', the scorer computes '"
              + featureSet.version()
              + "'");
      return;
    }
    models.put(version, model);
    refused.remove(version);
    log.info("Model {} loaded ({} features)", version, names.size());
    if (version.equals(pendingActivation)) {
      activate(version);
    }
  }

  /** Why an activation record must not be followed, or null. */
  private String activationProblem(ModelRelease release) {
    String signature = verification.problem(release);
    if (signature != null) {
      return signature;
    }
    Instant inForce = activatedAt;
    if (verification.verifies()
        && inForce != null
        && release.getReleasedAt() != null
        && release.getReleasedAt().isBefore(inForce)) {
      return "it was made at "
          + release.getReleasedAt()
          + ", before the activation in force ("
          + inForce
          + "): an old activation written again";
    }
    return null;
  }

  private String check(String key, ModelRelease release) {
    String version = release.getVersion();
    String signature = verification.problem(release);
    if (signature != null) {
      return signature;
    }
    if (key != null && !key.equals(version)) {
      return "its key '" + key + "' is not its version '" + version + "'";
    }
    byte[] bytes = bytes(release.getModelBytes());
    if (bytes.length == 0) {
      return "it carries no model bytes";
    }
    String hash = ModelVersion.of(bytes);
    if (!hash.equals(version)) {
      return "its version is not the hash of its bytes (" + hash + ")";
    }
    if (!featureSet.version().equals(release.getFeatureSetVersion())) {
      return "it was trained on feature set '"
          + release.getFeatureSetVersion()
          + "', the scorer computes '"
          + featureSet.version()
          + "'";
    }
    return null;
  }

  private void activate(String version) {
    ScoringModel model = models.get(version);
    if (model == null) {
      String why = refused.get(version);
      if (why != null) {
        metrics.modelRefused();
        log.error(
            "Activation of model {} refused ({}); model {} keeps scoring",
            version,
            why,
            active.get() == null ? "none" : active.get().version());
        return;
      }
      log.info("Activation of model {} waits for its release", version);
      pendingActivation = version;
      return;
    }
    pendingActivation = null;
    String unfair = protectionProblem(model);
    if (unfair != null) {
      metrics.modelRefused();
      log.error(
          "Activation of model {} refused: {}; model {} keeps scoring",
          version,
          unfair,
          active.get() == null ? "none" : active.get().version());
      return;
    }
    ScoringModel previous = active.getAndSet(model);
    if (previous != model) {
      log.info(
          "Model {} is now active (was {})",
          version,
          previous == null ? "none" : previous.version());
      metrics.activeModel(version);
      listeners.forEach(l -> l.accept(model));
    }
  }

  /**
   * Why a loaded model must not decide new applications, or null. Such a model stays in the catalog
   * (replay reproduces its decisions bit for bit) but is never activated: its card must list the
   * protected attributes, CODE_GENDER among them, and protect every feature derived from them.
   */
  String protectionProblem(ScoringModel model) {
    List<String> attributes = model.card().protectedAttributes();
    if (attributes == null) {
      return "its model card does not list protectedAttributes (a model from before they were"
          + " recorded: it can be replayed, not activated; retrain it)";
    }
    if (!attributes.containsAll(ProtectedAttributes.DEFAULT)) {
      return "its model card protects "
          + attributes
          + ", not "
          + ProtectedAttributes.DEFAULT
          + " (never a model input)";
    }
    List<String> needed;
    try {
      needed = ProtectedAttributes.of(featureSet, attributes).featuresIn(featureSet.names());
    } catch (IllegalArgumentException e) {
      return "its model card's protected attributes are not usable: " + e.getMessage();
    }
    if (!model.card().protectedFeatures().containsAll(needed)) {
      List<String> missing =
          needed.stream().filter(f -> !model.card().protectedFeatures().contains(f)).toList();
      return "its model card does not protect " + missing + ", derived from " + attributes;
    }
    return null;
  }

  private void refuse(String version, String reason) {
    refused.put(version, reason);
    metrics.modelRefused();
    log.error(
        "Model release {} refused: {}; model {} keeps scoring",
        version,
        reason,
        active.get() == null ? "none" : active.get().version());
  }

  /** Refuses a record whose bytes could not even be read as a ModelRelease. */
  public void refuseUnreadable(String where, String reason) {
    metrics.modelRefused();
    log.error(
        "Unreadable record on model-releases at {} refused: {}; model {} keeps scoring",
        where,
        reason,
        active.get() == null ? "none" : active.get().version());
  }

  private static String firstDifference(List<String> got, List<String> want) {
    for (int i = 0; i < Math.min(got.size(), want.size()); i++) {
      if (!got.get(i).equals(want.get(i))) {
        return "; first difference at position "
            + i
            + ": '"
            + got.get(i)
            + "' vs '"
            + want.get(i)
            + "'";
      }
    }
    return "";
  }

  private static byte[] bytes(ByteBuffer buffer) {
    return buffer == null ? new byte[0] : DecisionHash.bytesOf(buffer);
  }
}
