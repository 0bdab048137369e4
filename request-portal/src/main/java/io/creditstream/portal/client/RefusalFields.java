package io.creditstream.portal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields a refusal names: the scorer writes a contract refusal as "invalid application: FIELD:
 * message [rule]; FIELD: ..." (see {@code Violation#toString}); the client's page turns the fields
 * into words, never showing the codes.
 */
final class RefusalFields {
  private static final Pattern FIELD =
      Pattern.compile("(?:^|; |: )([A-Za-z_0-9]+): [^;]*\\[[a-z_]+\\]");

  private RefusalFields() {}

  static List<String> of(String reason) {
    List<String> fields = new ArrayList<>();
    if (reason == null) {
      return fields;
    }
    Matcher m = FIELD.matcher(reason);
    while (m.find()) {
      fields.add(m.group(1));
    }
    return fields;
  }
}
