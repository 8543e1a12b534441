package io.parley.triage;

/**
 * What the lexicon scorer says about a text, in VADER's terms.
 *
 * @param compound normalized sum of valences, -1 (most negative) to +1 (most positive)
 * @param positive share of the text's sentiment-bearing weight that is positive (0–1)
 * @param neutral share that is neutral (0–1)
 * @param negative share that is negative (0–1)
 */
public record LexiconScore(double compound, double positive, double neutral, double negative) {

  /** VADER's usual cut-offs: compound ≥ 0.05 positive, ≤ -0.05 negative, else neutral. */
  public Sentiment label() {
    if (compound >= 0.05) {
      return Sentiment.POSITIVE;
    }
    if (compound <= -0.05) {
      return Sentiment.NEGATIVE;
    }
    return Sentiment.NEUTRAL;
  }
}
