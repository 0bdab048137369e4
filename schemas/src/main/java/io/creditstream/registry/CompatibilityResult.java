package io.creditstream.registry;

import java.util.List;

/**
 * The registry's answer to a compatibility check: whether the schema may be registered, and the
 * reasons when it may not (empty when the registry gave none).
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
