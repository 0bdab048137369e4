package io.creditstream.portal.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The auditors' search criteria as typed in a page's form, read the same way on every audit page:
 * blank means no criterion, and a value that does not parse adds its field's name to {@code errors}
 * (the page marks that field) and reads as none.
 */
final class SearchCriteria {

  private SearchCriteria() {}

  /** A client id (whole number), or null. */
  static Long clientId(String text, List<String> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      errors.add("clientId");
      return null;
    }
  }

  /** A UTC time, {@code yyyy-MM-dd} (midnight) or {@code yyyy-MM-ddTHH:mm}, or null. */
  static Instant time(String text, String field, List<String> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      errors.add(field);
      return null;
    }
  }
}
