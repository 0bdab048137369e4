package io.creditstream.records;

/**
 * The {@code model-releases} topic's keys: each model version's release under its version, and the
 * one record that names the version to decide with.
 */
public final class ModelReleases {

  /**
   * The key of the record naming the active model version: the publisher writes it, the scorer
   * switches models on it, the portal reads which card is current from it.
   */
  public static final String ACTIVE_KEY = "active";

  private ModelReleases() {}
}
