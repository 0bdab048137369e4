package io.creditstream.features;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plain-language reason texts for a client, in English and French, read from the resource {@code
 * reason-texts.tsv}: one line per source (a column or group from {@link FeatureSet#sourceOf}) with
 * a subject in each language, and two sentence templates per language saying whether it raised or
 * lowered the estimated risk.
 */
public final class ReasonTexts {
  private static final String RESOURCE = "reason-texts.tsv";
  private static final ReasonTexts INSTANCE = read();

  private final Map<String, String[]> subjects;
  private final Map<String, String[]> templates;

  private ReasonTexts(Map<String, String[]> subjects, Map<String, String[]> templates) {
    this.subjects = subjects;
    this.templates = templates;
  }

  public static ReasonTexts load() {
    return INSTANCE;
  }

  /** Sources that have texts. */
  public Set<String> sources() {
    return subjects.keySet();
  }

  /**
   * The sentence for a source; French when the locale's language is French, English otherwise. A
   * feature name is accepted too (it is mapped to its source).
   *
   * @throws IllegalArgumentException when neither a source nor a feature of the current set
   */
  public String text(String source, boolean raisesRisk, Locale locale) {
    String[] subject = subjects.get(source);
    if (subject == null && FeatureSet.current().names().contains(source)) {
      subject = subjects.get(FeatureSet.current().sourceOf(source));
    }
    if (subject == null) {
      throw new IllegalArgumentException("no reason text for source " + source);
    }
    int lang = "fr".equals(locale.getLanguage()) ? 1 : 0;
    String template = templates.get(raisesRisk ? "@raises" : "@lowers")[lang];
    return new MessageFormat(template.replace("'", "''"), locale)
        .format(new Object[] {subject[lang]});
  }

  private static ReasonTexts read() {
    Map<String, String[]> subjects = new LinkedHashMap<>();
    Map<String, String[]> templates = new LinkedHashMap<>();
    try (InputStream in = ReasonTexts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource io/creditstream/features/" + RESOURCE + " missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        if (fields.length != 3 || fields[1].isBlank() || fields[2].isBlank()) {
          throw new IllegalStateException(
              RESOURCE + " line " + number + ": expected source<TAB>English<TAB>French");
        }
        String[] texts = {fields[1].trim(), fields[2].trim()};
        (fields[0].startsWith("@") ? templates : subjects).put(fields[0].trim(), texts);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    if (!templates.containsKey("@raises") || !templates.containsKey("@lowers")) {
      throw new IllegalStateException(RESOURCE + " must define @raises and @lowers templates");
    }
    return new ReasonTexts(Map.copyOf(subjects), Map.copyOf(templates));
  }
}
