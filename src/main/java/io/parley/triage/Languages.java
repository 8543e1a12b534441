package io.parley.triage;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * Language identification with Lingua, restricted to a configured set of languages so it stays
 * small and fast. Answers {@link #UNKNOWN} when the best language's confidence is below the
 * threshold (short or mixed texts, or a language outside the set). Thread-safe.
 */
public final class Languages {

  /** The code for "could not tell". */
  public static final String UNKNOWN = "unknown";

  /** The default set: en, es, fr, de, it, pt, nl, ja. */
  public static final List<String> DEFAULT_CODES =
      List.of("en", "es", "fr", "de", "it", "pt", "nl", "ja");

  /** Default minimum confidence (see {@link #detect}). */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  static final double CLEAR_GAP = 0.2;
  static final int ENOUGH_LETTERS = 15;
  private static final Pattern NOISE = Pattern.compile("(https?://\\S+|www\\.\\S+|[@#]\\w+)");

  private final LanguageDetector detector;
  private final List<String> codes;
  private final double minConfidence;

  /**
   * @param codes ISO 639-1 codes, e.g. {@code en}; at least two (Lingua needs a choice)
   * @param minConfidence below this the answer is {@link #UNKNOWN}
   */
  public Languages(List<String> codes, double minConfidence) {
    if (codes.size() < 2) {
      throw new IllegalArgumentException("Configure at least two languages, got " + codes);
    }
    List<Language> languages = new ArrayList<>();
    List<String> normalized = new ArrayList<>();
    for (String code : codes) {
      String c = code.trim().toLowerCase(Locale.ROOT);
      IsoCode639_1 iso;
      try {
        iso = IsoCode639_1.valueOf(c.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Unknown ISO 639-1 language code: " + code, e);
      }
      languages.add(Language.getByIsoCode639_1(iso));
      normalized.add(c);
    }
    this.detector =
        LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
            .withPreloadedLanguageModels()
            .build();
    this.codes = List.copyOf(normalized);
    this.minConfidence = minConfidence;
  }

  /** The default configuration. */
  public static Languages defaults() {
    return new Languages(DEFAULT_CODES, DEFAULT_MIN_CONFIDENCE);
  }

  /** The configured ISO codes. */
  public List<String> codes() {
    return codes;
  }

  /**
   * The detected language and a confidence from 0 to 1. Lingua's values are relative (the best
   * language scores 1.0), so the confidence is how far the best language is ahead of the runner-up
   * (saturating at a gap of {@value #CLEAR_GAP}), scaled down for texts with fewer than {@value
   * #ENOUGH_LETTERS} letters. Mentions, links and hashtags are left out first.
   */
  public Detected detect(String text) {
    if (text == null || text.isBlank()) {
      return new Detected(UNKNOWN, 0);
    }
    String words = NOISE.matcher(text).replaceAll(" ");
    int letters = 0;
    for (int i = 0; i < words.length(); i++) {
      if (Character.isLetter(words.charAt(i))) {
        letters++;
      }
    }
    if (letters == 0) {
      return new Detected(UNKNOWN, 0);
    }
    SortedMap<Language, Double> values = detector.computeLanguageConfidenceValues(words);
    Language best = null;
    double first = 0;
    double second = 0;
    for (Map.Entry<Language, Double> e : values.entrySet()) {
      double v = e.getValue();
      if (best == null || v > first) {
        second = first;
        first = v;
        best = e.getKey();
      } else if (v > second) {
        second = v;
      }
    }
    if (best == null || best == Language.UNKNOWN) {
      return new Detected(UNKNOWN, 0);
    }
    double confidence =
        Math.min(1, (first - second) / CLEAR_GAP) * Math.min(1, letters / (double) ENOUGH_LETTERS);
    if (confidence < minConfidence) {
      return new Detected(UNKNOWN, confidence);
    }
    return new Detected(best.getIsoCode639_1().name().toLowerCase(Locale.ROOT), confidence);
  }

  /** A language code ({@link #UNKNOWN} included) and Lingua's confidence in it. */
  public record Detected(String code, double confidence) {}
}
