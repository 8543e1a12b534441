package io.parley.triage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The feature vector every trained classifier reads: a few surface and lexicon features followed by
 * the sentence embedding. One embedding per message serves all classifiers.
 */
final class Features {

  static final List<String> SURFACE =
      List.of(
          "lexicon_compound",
          "lexicon_positive",
          "lexicon_negative",
          "lexicon_neutral",
          "question_mark",
          "exclamations",
          "url",
          "mention",
          "caps_ratio",
          "length",
          "question_start",
          "hashtags");

  static final int SIZE = SURFACE.size() + SentenceEmbeddings.DIMENSIONS;

  private static final Pattern URL = Pattern.compile("(?i)(https?://|www\\.|\\.com\\b)");
  private static final Pattern QUESTION_START =
      Pattern.compile(
          "(?i)^(@\\w+\\s+)*(who|what|when|where|why|how|which|is|are|can|could|do|does|did|will"
              + "|would|should|any|anyone|has|have)\\b.*");

  private Features() {}

  static double[] of(String cleaned, LexiconScore lexicon, float[] embedding) {
    double[] x = new double[SIZE];
    x[0] = lexicon.compound();
    x[1] = lexicon.positive();
    x[2] = lexicon.negative();
    x[3] = lexicon.neutral();
    int questions = 0;
    int bangs = 0;
    int letters = 0;
    int upper = 0;
    int mentions = 0;
    int hashtags = 0;
    for (int i = 0; i < cleaned.length(); i++) {
      char c = cleaned.charAt(i);
      if (c == '?') {
        questions++;
      } else if (c == '!') {
        bangs++;
      } else if (c == '@') {
        mentions++;
      } else if (c == '#') {
        hashtags++;
      } else if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    x[4] = questions > 0 ? 1 : 0;
    x[5] = Math.min(bangs, 3) / 3.0;
    x[6] = URL.matcher(cleaned).find() ? 1 : 0;
    x[7] = mentions > 0 ? 1 : 0;
    x[8] = letters == 0 ? 0 : (double) upper / letters;
    x[9] = Math.log1p(cleaned.length()) / 6;
    x[10] = QUESTION_START.matcher(cleaned).matches() ? 1 : 0;
    x[11] = Math.min(hashtags, 3) / 3.0;
    int offset = SURFACE.size();
    for (int i = 0; i < embedding.length; i++) {
      x[offset + i] = embedding[i];
    }
    return x;
  }
}
