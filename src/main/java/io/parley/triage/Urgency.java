package io.parley.triage;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Urgency 0–100: a transparent sum, not a trained model (there is no labelled urgency data). Parts:
 * complaint score (up to 30), negative sentiment (up to 15), words that signal money, breakage,
 * waiting or legal risk (up to 30), the author's audience (log-scaled, up to 15: 100k followers
 * give the maximum), waiting time (up to 15 after 6 hours), a question or a purchase intent (5
 * each). Spam is capped at 5.
 */
final class Urgency {

  private static final Map<Pattern, Integer> WORDS =
      Map.ofEntries(
          Map.entry(words("refund(s|ed)?|money back|charged (twice|double)|overcharged"), 10),
          Map.entry(words("broken|broke|not working|doesn'?t work|stopped working|damaged"), 8),
          Map.entry(words("still waiting|still no|no (reply|response|answer)|days? later"), 10),
          Map.entry(words("lawyers?|attorney|legal action|sue|lawsuit|court"), 20),
          Map.entry(words("urgent(ly)?|asap|emergency|immediately|right now"), 8),
          Map.entry(words("cancel(l?ed|ling)?|never again|switching to"), 6),
          Map.entry(words("stolen|fraud|scam(med)?|hacked|unsafe|injur(y|ed)|fire hazard"), 15));

  private Urgency() {}

  private static Pattern words(String alternatives) {
    return Pattern.compile("\\b(" + alternatives + ")\\b");
  }

  static int score(
      String cleaned, Map<Intent, Double> intents, double negative, Audience audience) {
    String lower = cleaned.toLowerCase(Locale.ROOT);
    double u = 30 * intents.get(Intent.COMPLAINT) + 15 * negative;
    int wordPoints = 0;
    for (Map.Entry<Pattern, Integer> e : WORDS.entrySet()) {
      if (e.getKey().matcher(lower).find()) {
        wordPoints += e.getValue();
      }
    }
    u += Math.min(30, wordPoints);
    if (audience.followers() != null && audience.followers() > 0) {
      u += Math.min(15, 3 * Math.log10(audience.followers()));
    }
    double hours = audience.waited().toMinutes() / 60.0;
    u += Math.min(15, 2.5 * hours);
    if (intents.get(Intent.QUESTION) >= Triage.INTENT_THRESHOLD) {
      u += 5;
    }
    if (intents.get(Intent.PURCHASE_INTENT) >= Triage.INTENT_THRESHOLD) {
      u += 5;
    }
    if (intents.get(Intent.SPAM) >= Triage.INTENT_THRESHOLD) {
      u = Math.min(u, 5);
    }
    return (int) Math.round(Math.max(0, Math.min(100, u)));
  }
}
