package io.creditstream.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** The serde's own settings, under Confluent's property names. */
public final class AvroSerdeConfig {
  /** Register the record's schema under the subject when it is not there yet (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /**
   * Write with the subject's latest registered schema instead of the record's own (default false).
   */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /**
   * Without a configured type, read into the generated class named by the writer schema (default
   * false).
   */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /** The generated class (or its name) a value deserializer built by class name reads into. */
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

  /** The generated class (or its name) a key deserializer built by class name reads into. */
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

  private AvroSerdeConfig() {}

  static boolean flag(Map<String, ?> config, String key, boolean fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new ConfigException(key, value, "must be true or false");
  }
}
