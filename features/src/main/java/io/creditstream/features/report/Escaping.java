package io.creditstream.features.report;

/**
 * The one HTML escaping of the product's own reports (the training report, {@code evaluate}'s,
 * replay's, the fairness table): text placed in an element or an attribute value. The portal's
 * pages are escaped by their template engine instead.
 */
public final class Escaping {

  private Escaping() {}

  /** {@code s} with {@code < > & " '} escaped; null as the empty string. */
  public static String html(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
