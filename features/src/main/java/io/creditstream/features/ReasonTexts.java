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
 * lowered the estimated risk. A French subject marked {@code pl} (fourth column) is plural and
 * takes the plural templates ({@code @raises.pl}, {@code @lowers.pl}: "ont joué", not "a joué").
 */
public final class ReasonTexts {
  private static final String RESOURCE = "reason-texts.tsv";
  private static final ReasonTexts INSTANCE = read();

  private final Map<String, String[]> subjects;
  private final Map<String, String[]> templates;
  private final Set<String> frenchPlural;

  private ReasonTexts(
      Map<String, String[]> subjects, Map<String, String[]> templates, Set<String> frenchPlural) {
    this.subjects = subjects;
    this.templates = templates;
    this.frenchPlural = frenchPlural;
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
    String key = key(source);
    int lang = french(locale) ? 1 : 0;
    String name = raisesRisk ? "@raises" : "@lowers";
    if (lang == 1 && frenchPlural.contains(key)) {
      name += ".pl";
    }
    String template = templates.get(name)[lang];
    return new MessageFormat(template.replace("'", "''"), locale)
        .format(new Object[] {subjects.get(key)[lang]});
  }

  /**
   * What a source is about, in words a client uses ("Your age", "Votre âge"): the subject of its
   * sentences. A feature name is accepted too.
   *
   * @throws IllegalArgumentException when neither a source nor a feature of the current set
   */
  public String subject(String source, Locale locale) {
    return subjects.get(key(source))[french(locale) ? 1 : 0];
  }

  private String key(String source) {
    if (subjects.containsKey(source)) {
      return source;
    }
    if (FeatureSet.current().names().contains(source)) {
      String group = FeatureSet.current().sourceOf(source);
      if (subjects.containsKey(group)) {
        return group;
      }
    }
    throw new IllegalArgumentException("no reason text for source " + source);
  }

  private static boolean french(Locale locale) {
    return "fr".equals(locale.getLanguage());
  }

  private static ReasonTexts read() {
    Map<String, String[]> subjects = new LinkedHashMap<>();
    Map<String, String[]> templates = new LinkedHashMap<>();
    Set<String> plural = new java.util.HashSet<>();
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
        if (fields.length < 3
            || fields.length > 4
            || fields[1].isBlank()
            || fields[2].isBlank()
            || (fields.length == 4 && !fields[3].trim().equals("pl"))) {
          throw new IllegalStateException(
              RESOURCE + " line " + number + ": expected source<TAB>English<TAB>French[<TAB>pl]");
        }
        String[] texts = {fields[1].trim(), fields[2].trim()};
        (fields[0].startsWith("@") ? templates : subjects).put(fields[0].trim(), texts);
        if (fields.length == 4) {
          plural.add(fields[0].trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    for (String t : new String[] {"@raises", "@lowers", "@raises.pl", "@lowers.pl"}) {
      if (!templates.containsKey(t)) {
        throw new IllegalStateException(RESOURCE + " must define the " + t + " template");
      }
    }
    return new ReasonTexts(Map.copyOf(subjects), Map.copyOf(templates), Set.copyOf(plural));
  }
}
