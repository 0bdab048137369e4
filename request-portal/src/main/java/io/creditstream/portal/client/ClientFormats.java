package io.creditstream.portal.client;

import io.creditstream.portal.config.PortalProperties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Model inputs in the words and units a client uses: Kaggle's day counts before the application
 * (negative) become ages and durations in years and months, amounts become money in the configured
 * currency, external scores a mark out of 100, ratios percentages or "times". A feature without a
 * known unit has no client format at all, so it is never shown to a client as a bare number.
 */
@Component
public class ClientFormats {

  /** How a feature's value reads. */
  enum Kind {
    /** Days before the application, negative: shown as an age. */
    AGE,
    /** Days before the application, negative: shown as the time since then. */
    DAYS_AGO,
    MONEY,
    YEARS,
    MONTHS,
    COUNT,
    /** 0..1 external score, shown out of 100. */
    SCORE,
    PERCENT,
    TIMES;

    /** True when a larger model value is a smaller client value (days before: older is more). */
    boolean reversed() {
      return this == AGE || this == DAYS_AGO;
    }
  }

  private static final double DAYS_PER_MONTH = 365.25 / 12;

  private static final Map<String, Kind> KINDS =
      Map.ofEntries(
          Map.entry("DAYS_BIRTH", Kind.AGE),
          Map.entry("DAYS_EMPLOYED", Kind.DAYS_AGO),
          Map.entry("DAYS_REGISTRATION", Kind.DAYS_AGO),
          Map.entry("DAYS_ID_PUBLISH", Kind.DAYS_AGO),
          Map.entry("DAYS_LAST_PHONE_CHANGE", Kind.DAYS_AGO),
          Map.entry("AMT_INCOME_TOTAL", Kind.MONEY),
          Map.entry("AMT_CREDIT", Kind.MONEY),
          Map.entry("AMT_ANNUITY", Kind.MONEY),
          Map.entry("AMT_GOODS_PRICE", Kind.MONEY),
          Map.entry("INCOME_PER_PERSON", Kind.MONEY),
          Map.entry("OWN_CAR_AGE", Kind.YEARS),
          Map.entry("AGE_YEARS_AT_EMPLOYMENT", Kind.YEARS),
          Map.entry("INFERRED_TERM_MONTHS", Kind.MONTHS),
          Map.entry("CNT_CHILDREN", Kind.COUNT),
          Map.entry("CNT_FAM_MEMBERS", Kind.COUNT),
          Map.entry("DOCUMENT_COUNT", Kind.COUNT),
          Map.entry("BUREAU_ENQUIRIES_TOTAL", Kind.COUNT),
          Map.entry("EXT_SOURCE_1", Kind.SCORE),
          Map.entry("EXT_SOURCE_2", Kind.SCORE),
          Map.entry("EXT_SOURCE_3", Kind.SCORE),
          Map.entry("EXT_SOURCES_MEAN", Kind.SCORE),
          Map.entry("EXT_SOURCES_WEIGHTED", Kind.SCORE),
          Map.entry("ANNUITY_INCOME_RATIO", Kind.PERCENT),
          Map.entry("ANNUITY_CREDIT_RATIO", Kind.PERCENT),
          Map.entry("CREDIT_GOODS_RATIO", Kind.PERCENT),
          Map.entry("CREDIT_INCOME_RATIO", Kind.TIMES),
          Map.entry("GOODS_INCOME_RATIO", Kind.TIMES));

  private final MessageSource messages;
  private final Currency currency;

  public ClientFormats(MessageSource messages, PortalProperties properties) {
    this.messages = messages;
    this.currency = Currency.getInstance(properties.client().currency());
  }

  /** The unit of a feature, if a client can be shown its value. */
  Optional<Kind> kind(String feature) {
    return Optional.ofNullable(KINDS.get(feature));
  }

  /** The value in words, or empty when the feature has no client format or the value is odd. */
  public Optional<String> value(String feature, double v, Locale locale) {
    Kind kind = KINDS.get(feature);
    if (kind == null || Double.isNaN(v) || Double.isInfinite(v)) {
      return Optional.empty();
    }
    return Optional.of(format(kind, v, locale));
  }

  /** The model's raw value as the scorer wrote it in a reason ("-16500"), in words. */
  public Optional<String> value(String feature, String raw, Locale locale) {
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return value(feature, Double.parseDouble(raw), locale);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  String format(Kind kind, double v, Locale locale) {
    return switch (kind) {
      case AGE, DAYS_AGO -> duration(Math.max(0, -v) / DAYS_PER_MONTH, locale);
      case YEARS -> duration(Math.max(0, v) * 12, locale);
      case MONTHS -> msg("unit.months", locale, Math.round(Math.max(0, v)));
      case MONEY -> money(v, locale);
      case COUNT -> NumberFormat.getIntegerInstance(locale).format(Math.round(v));
      case SCORE -> msg("unit.score", locale, Math.round(100 * clamp(v)));
      case PERCENT -> percent(v, locale);
      case TIMES -> msg("unit.times", locale, decimal(v, 1, locale));
    };
  }

  /** Years and months ("45 years 2 months", "45 ans 2 mois"), from a number of months. */
  String duration(double months, Locale locale) {
    long m = Math.round(months);
    long years = m / 12;
    long rest = m % 12;
    if (years == 0 && rest == 0) {
      return msg("unit.lessThanAMonth", locale);
    }
    if (years == 0) {
      return msg("unit.months", locale, rest);
    }
    if (rest == 0) {
      return msg("unit.years", locale, years);
    }
    return msg("unit.yearsMonths", locale, years, rest);
  }

  /** An amount in the configured currency, whole units ("€568,800", "568 800 €"). */
  String money(double v, Locale locale) {
    NumberFormat f = NumberFormat.getCurrencyInstance(locale);
    f.setCurrency(currency);
    f.setMaximumFractionDigits(0);
    f.setMinimumFractionDigits(0);
    return f.format(v);
  }

  /**
   * A share (0..1) as a percentage the way each language writes it: "25%" in English, "25 %" with a
   * non-breaking space in French (so the sign never starts a line); at most one decimal.
   */
  public static String percent(double share, Locale locale) {
    String number = decimal(100 * share, 1, locale);
    return "fr".equals(locale.getLanguage()) ? number + "\u00a0%" : number + "%";
  }

  /** A number with at most {@code digits} decimals, trailing zeros dropped, in the locale. */
  static String decimal(double v, int digits, Locale locale) {
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setMaximumFractionDigits(digits);
    f.setMinimumFractionDigits(0);
    BigDecimal rounded = BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP);
    return f.format(rounded);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private String msg(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }
}
