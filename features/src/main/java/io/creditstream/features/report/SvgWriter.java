package io.creditstream.features.report;

import java.util.Locale;

/**
 * The one writer of the product's inline SVG charts (the training report's curves and bars,
 * replay's reproduction bar and probability histogram): elements with their attributes in the order
 * given, every attribute value and every text escaped by {@link Escaping#html}. Inline SVG, no
 * script and no external file, so that a report renders as it is, even under a sandboxing
 * Content-Security-Policy. The charts' layouts stay with their reports; how an element is written
 * is said here once.
 *
 * <p>Each attribute is written as it reads in SVG, {@code "name=value"} (the value is what follows
 * the first {@code =}, unquoted and unescaped: {@code "aria-label=" + title}); a null attribute is
 * left out (an optional one). Numbers go in as integers or formatted by {@link #decimals(double,
 * int)}.
 */
public final class SvgWriter {
  /** The SVG namespace, for the {@code xmlns} of an {@code <svg>} element. */
  public static final String NAMESPACE = "http://www.w3.org/2000/svg";

  private final StringBuilder out;

  /** Writes to {@code out}. */
  public SvgWriter(StringBuilder out) {
    this.out = out;
  }

  /** Writes to a new buffer ({@link #toString()}). */
  public SvgWriter() {
    this(new StringBuilder());
  }

  /** An opening tag: {@code <name a="v" ...>}. */
  public SvgWriter start(String name, String... attributes) {
    tag(name, attributes);
    out.append('>');
    return this;
  }

  /** An element without content: {@code <name a="v" .../>}. */
  public SvgWriter empty(String name, String... attributes) {
    tag(name, attributes);
    out.append("/>");
    return this;
  }

  /** An element holding text: {@code <name a="v" ...>text</name>}. */
  public SvgWriter element(String name, String text, String... attributes) {
    return start(name, attributes).text(text).end(name);
  }

  /** Escaped text. */
  public SvgWriter text(String text) {
    out.append(Escaping.html(text));
    return this;
  }

  /** A closing tag: {@code </name>}. */
  public SvgWriter end(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  /** A line break between elements (it shows in the page's source only). */
  public SvgWriter newline() {
    out.append('\n');
    return this;
  }

  /** {@code v} with this many digits after the point, whatever the default locale. */
  public static String decimals(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** {@code n} with grouped thousands ({@code 12,345}), whatever the default locale. */
  public static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void tag(String name, String[] attributes) {
    out.append('<').append(name);
    for (String attribute : attributes) {
      if (attribute == null) {
        continue;
      }
      int eq = attribute.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("an attribute is name=value: " + attribute);
      }
      out.append(' ')
          .append(attribute, 0, eq)
          .append("=\"")
          .append(Escaping.html(attribute.substring(eq + 1)))
          .append('"');
    }
  }
}
