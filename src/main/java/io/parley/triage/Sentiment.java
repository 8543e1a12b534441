package io.parley.triage;

import java.util.Locale;

/** How the author feels, as the inbox shows it. */
public enum Sentiment {
  NEGATIVE,
  NEUTRAL,
  POSITIVE;

  /**
   * Lower-case name as stored and printed ({@code negative}, {@code neutral}, {@code positive}).
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The sentiment for a stored/printed label. */
  public static Sentiment of(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
