package io.parley.triage;

import java.util.List;
import java.util.Map;

/**
 * What triage read in one message.
 *
 * @param language ISO 639-1 code or {@code unknown}
 * @param languageConfidence Lingua's confidence in it (0–1)
 * @param sentiment the final label
 * @param sentimentScore P(positive) − P(negative), from -1 to +1
 * @param lexicon the VADER-lexicon baseline on the same text
 * @param intentScores score (0–1) per intent, every intent present
 * @param intents the intents at or above {@link Triage#INTENT_THRESHOLD}, strongest first; {@code
 *     [OTHER]} when none is
 * @param urgency 0 (can wait) to 100 (drop everything)
 */
public record TriageResult(
    String language,
    double languageConfidence,
    Sentiment sentiment,
    double sentimentScore,
    LexiconScore lexicon,
    Map<Intent, Double> intentScores,
    List<Intent> intents,
    int urgency) {

  /** The strongest intent. */
  public Intent topIntent() {
    return intents.getFirst();
  }

  /** Whether the complaint intent is present. */
  public boolean complaint() {
    return intents.contains(Intent.COMPLAINT);
  }
}
