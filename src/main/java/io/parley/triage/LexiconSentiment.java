package io.parley.triage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Our rule-based sentiment scorer on the VADER lexicon (Hutto &amp; Gilbert, ICWSM 2014): word
 * valences from {@code triage/vader_lexicon.txt}, emoji read through their Unicode names (as VADER
 * does with its emoji descriptions) plus a few hand-set emoji scores, and VADER's rules for
 * negation, boosters and dampeners, ALL-CAPS emphasis, "but" (what follows it counts more),
 * "least", "no" and exclamation marks. It is the fast baseline every report compares against and
 * one feature of the trained sentiment classifier. Thread-safe and allocation-light.
 */
public final class LexiconSentiment {

  private static final double BOOST_UP = 0.293;
  private static final double BOOST_DOWN = -0.293;
  private static final double CAPS = 0.733;
  private static final double NEGATION = -0.74;

  private static final Set<String> NEGATIONS =
      Set.of(
          "aint",
          "arent",
          "cannot",
          "cant",
          "couldnt",
          "darent",
          "didnt",
          "doesnt",
          "ain't",
          "aren't",
          "can't",
          "couldn't",
          "daren't",
          "didn't",
          "doesn't",
          "dont",
          "hadnt",
          "hasnt",
          "havent",
          "isnt",
          "mightnt",
          "mustnt",
          "neither",
          "don't",
          "hadn't",
          "hasn't",
          "haven't",
          "isn't",
          "mightn't",
          "mustn't",
          "neednt",
          "needn't",
          "never",
          "none",
          "nope",
          "nor",
          "not",
          "nothing",
          "nowhere",
          "oughtnt",
          "shant",
          "shouldnt",
          "uhuh",
          "wasnt",
          "werent",
          "oughtn't",
          "shan't",
          "shouldn't",
          "uh-uh",
          "wasn't",
          "weren't",
          "without",
          "wont",
          "wouldnt",
          "won't",
          "wouldn't",
          "rarely",
          "seldom",
          "despite");

  private static final Map<String, Double> BOOSTERS = boosters();

  private static final Map<String, Double> PHRASE_BOOSTERS =
      Map.of("kind of", BOOST_DOWN, "sort of", BOOST_DOWN, "just enough", BOOST_DOWN);

  private static final Map<String, Double> IDIOMS =
      Map.of(
          "the shit", 3.0,
          "the bomb", 3.0,
          "bad ass", 1.5,
          "yeah right", -2.0,
          "kiss of death", -1.5,
          "to die for", 3.0,
          "broken heart", -2.9);

  /**
   * Emoji whose Unicode names carry no lexicon word, or carry a misleading one ("fire"). Scores are
   * ours, on the lexicon's -4..+4 scale.
   */
  private static final Map<Integer, Double> EMOJI =
      Map.ofEntries(
          Map.entry(0x2764, 2.7), // red heart
          Map.entry(0x1F495, 2.5), // two hearts
          Map.entry(0x1F496, 2.5), // sparkling heart
          Map.entry(0x1F499, 2.2), // blue heart
          Map.entry(0x1F49A, 2.2), // green heart
          Map.entry(0x1F49C, 2.2), // purple heart
          Map.entry(0x1F44D, 1.8), // thumbs up
          Map.entry(0x1F44E, -1.8), // thumbs down
          Map.entry(0x1F44F, 1.6), // clapping hands
          Map.entry(0x1F64C, 1.8), // raising hands
          Map.entry(0x1F4AF, 1.5), // hundred points
          Map.entry(0x1F525, 1.2), // fire ("lit")
          Map.entry(0x1F389, 2.0), // party popper
          Map.entry(0x1F60D, 2.6), // heart eyes
          Map.entry(0x1F970, 2.6), // smiling face with hearts
          Map.entry(0x1F618, 2.2), // face blowing a kiss
          Map.entry(0x1F602, 1.2), // face with tears of joy
          Map.entry(0x1F923, 1.2), // rolling on the floor laughing
          Map.entry(0x1F621, -2.6), // pouting (angry red) face
          Map.entry(0x1F92C, -2.9), // symbols over mouth
          Map.entry(0x1F624, -1.6), // steam from nose
          Map.entry(0x1F612, -1.5), // unamused
          Map.entry(0x1F644, -1.3), // rolling eyes
          Map.entry(0x1F62D, -1.6), // loudly crying
          Map.entry(0x1F622, -1.8), // crying
          Map.entry(0x1F494, -2.9), // broken heart
          Map.entry(0x1F92E, -2.5), // vomiting
          Map.entry(0x1F922, -2.0), // nauseated
          Map.entry(0x1F4A9, -1.5), // pile of poo
          Map.entry(0x1F620, -2.3), // angry face
          Map.entry(0x1F611, -0.8), // expressionless
          Map.entry(0x1F615, -1.0), // confused
          Map.entry(0x1F61E, -2.0), // disappointed
          Map.entry(0x1F629, -1.8), // weary
          Map.entry(0x1F62B, -1.8)); // tired

  private static final LexiconSentiment DEFAULT = new LexiconSentiment(readLexicon());

  private final Map<String, Double> lexicon;

  LexiconSentiment(Map<String, Double> lexicon) {
    this.lexicon = lexicon;
  }

  /** The scorer on the bundled VADER lexicon. */
  public static LexiconSentiment bundled() {
    return DEFAULT;
  }

  /** Number of lexicon entries (for reports). */
  public int size() {
    return lexicon.size();
  }

  /** Scores one text. */
  public LexiconScore score(String text) {
    List<String> words = tokens(text);
    if (words.isEmpty()) {
      return new LexiconScore(0, 0, 0, 0);
    }
    boolean capsDiffer = capsDiffer(words);
    String[] lower = new String[words.size()];
    for (int i = 0; i < lower.length; i++) {
      lower[i] = words.get(i).toLowerCase(Locale.ROOT);
    }
    double[] sentiments = new double[lower.length];
    for (int i = 0; i < lower.length; i++) {
      if (BOOSTERS.containsKey(lower[i])) {
        continue;
      }
      if (i < lower.length - 1 && lower[i].equals("kind") && lower[i + 1].equals("of")) {
        continue;
      }
      sentiments[i] = valence(words, lower, i, capsDiffer);
    }
    butRule(lower, sentiments);
    return combine(sentiments, text);
  }

  private double valence(List<String> words, String[] lower, int i, boolean capsDiffer) {
    String word = lower[i];
    Double base = word.startsWith("\u0001") ? emoji(word) : lexicon.get(word);
    if (base == null) {
      return 0;
    }
    double valence = base;
    if (word.equals("no") && i != lower.length - 1 && lexicon.containsKey(lower[i + 1])) {
      valence = 0;
    }
    if ((i > 0 && lower[i - 1].equals("no"))
        || (i > 1 && lower[i - 2].equals("no"))
        || (i > 2
            && lower[i - 3].equals("no")
            && (lower[i - 1].equals("or") || lower[i - 1].equals("nor")))) {
      valence = base * NEGATION;
    }
    if (capsDiffer && isUpper(words.get(i))) {
      valence += valence > 0 ? CAPS : -CAPS;
    }
    for (int start = 0; start < 3; start++) {
      int j = i - (start + 1);
      if (j >= 0 && !lexicon.containsKey(lower[j])) {
        double s = booster(words.get(j), lower[j], valence, capsDiffer);
        if (start == 1 && s != 0) {
          s *= 0.95;
        } else if (start == 2 && s != 0) {
          s *= 0.9;
        }
        valence += s;
        valence = negation(valence, lower, start, i);
        if (start == 2) {
          valence = idioms(valence, lower, i);
        }
      }
    }
    return least(valence, lower, i);
  }

  private static double booster(String word, String lower, double valence, boolean capsDiffer) {
    Double scalar = BOOSTERS.get(lower);
    if (scalar == null) {
      return 0;
    }
    double s = valence < 0 ? -scalar : scalar;
    if (capsDiffer && isUpper(word)) {
      s += valence > 0 ? CAPS : -CAPS;
    }
    return s;
  }

  private static double negation(double valence, String[] w, int start, int i) {
    switch (start) {
      case 0 -> {
        if (negated(w[i - 1])) {
          return valence * NEGATION;
        }
      }
      case 1 -> {
        if (w[i - 2].equals("never") && (w[i - 1].equals("so") || w[i - 1].equals("this"))) {
          return valence * 1.25;
        }
        if (w[i - 2].equals("without") && w[i - 1].equals("doubt")) {
          return valence;
        }
        if (negated(w[i - 2])) {
          return valence * NEGATION;
        }
      }
      default -> {
        if (w[i - 3].equals("never")
            && (w[i - 2].equals("so")
                || w[i - 2].equals("this")
                || w[i - 1].equals("so")
                || w[i - 1].equals("this"))) {
          return valence * 1.25;
        }
        if (w[i - 3].equals("without") && (w[i - 2].equals("doubt") || w[i - 1].equals("doubt"))) {
          return valence;
        }
        if (negated(w[i - 3])) {
          return valence * NEGATION;
        }
      }
    }
    return valence;
  }

  private static boolean negated(String lower) {
    return NEGATIONS.contains(lower) || lower.contains("n't");
  }

  private static double idioms(double valence, String[] w, int i) {
    String oneZero = w[i - 1] + " " + w[i];
    String twoOneZero = w[i - 2] + " " + oneZero;
    String twoOne = w[i - 2] + " " + w[i - 1];
    String threeTwoOne = w[i - 3] + " " + twoOne;
    String threeTwo = w[i - 3] + " " + w[i - 2];
    for (String candidate : new String[] {oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo}) {
      Double idiom = IDIOMS.get(candidate);
      if (idiom != null) {
        valence = idiom;
        break;
      }
    }
    if (i + 1 < w.length) {
      Double idiom = IDIOMS.get(w[i] + " " + w[i + 1]);
      if (idiom != null) {
        valence = idiom;
      }
    }
    for (String nGram : new String[] {threeTwoOne, threeTwo, twoOne}) {
      Double booster = PHRASE_BOOSTERS.get(nGram);
      if (booster != null) {
        valence += booster;
      }
    }
    return valence;
  }

  private double least(double valence, String[] w, int i) {
    if (i > 1 && !lexicon.containsKey(w[i - 1]) && w[i - 1].equals("least")) {
      if (!w[i - 2].equals("at") && !w[i - 2].equals("very")) {
        return valence * NEGATION;
      }
    } else if (i > 0 && !lexicon.containsKey(w[i - 1]) && w[i - 1].equals("least")) {
      return valence * NEGATION;
    }
    return valence;
  }

  private static void butRule(String[] lower, double[] sentiments) {
    int but = -1;
    for (int i = 0; i < lower.length; i++) {
      if (lower[i].equals("but")) {
        but = i;
        break;
      }
    }
    if (but < 0) {
      return;
    }
    for (int i = 0; i < sentiments.length; i++) {
      if (i < but) {
        sentiments[i] *= 0.5;
      } else if (i > but) {
        sentiments[i] *= 1.5;
      }
    }
  }

  private static LexiconScore combine(double[] sentiments, String text) {
    double sum = 0;
    for (double s : sentiments) {
      sum += s;
    }
    double emphasis = punctuationEmphasis(text);
    if (sum > 0) {
      sum += emphasis;
    } else if (sum < 0) {
      sum -= emphasis;
    }
    double compound = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + 15)));
    double pos = 0;
    double neg = 0;
    int neutral = 0;
    for (double s : sentiments) {
      if (s > 0) {
        pos += s + 1;
      } else if (s < 0) {
        neg += s - 1;
      } else {
        neutral++;
      }
    }
    if (pos > Math.abs(neg)) {
      pos += emphasis;
    } else if (pos < Math.abs(neg)) {
      neg -= emphasis;
    }
    double total = pos + Math.abs(neg) + neutral;
    if (total == 0) {
      return new LexiconScore(compound, 0, 0, 0);
    }
    return new LexiconScore(compound, pos / total, neutral / total, Math.abs(neg) / total);
  }

  private static double punctuationEmphasis(String text) {
    int bangs = 0;
    int questions = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '!') {
        bangs++;
      } else if (c == '?') {
        questions++;
      }
    }
    double emphasis = Math.min(bangs, 4) * 0.292;
    if (questions > 1) {
      emphasis += questions <= 3 ? questions * 0.18 : 0.96;
    }
    return emphasis;
  }

  /**
   * Whitespace tokens with surrounding punctuation removed (unless that leaves ≤2 characters, so
   * emoticons like ":)" survive). Each emoji becomes its own token: {@code \u0001} + code point.
   */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || cp == 0xFEFF) {
        flush(word, out);
      } else if (cp > 0x7F && Character.isEmoji(cp) && !Character.isEmojiComponent(cp)) {
        flush(word, out);
        out.add("\u0001" + Integer.toHexString(cp));
      } else if (cp == 0xFE0F || cp == 0x200D || Character.isEmojiModifier(cp)) {
        // variation selectors, joiners and skin tones carry no sentiment
      } else {
        word.appendCodePoint(cp);
      }
    }
    flush(word, out);
    return out;
  }

  private static void flush(StringBuilder word, List<String> out) {
    if (word.isEmpty()) {
      return;
    }
    String token = word.toString();
    word.setLength(0);
    int start = 0;
    int end = token.length();
    while (start < end && isPunctuation(token.charAt(start))) {
      start++;
    }
    while (end > start && isPunctuation(token.charAt(end - 1))) {
      end--;
    }
    String stripped = token.substring(start, end);
    out.add(stripped.length() <= 2 ? token : stripped);
  }

  private static boolean isPunctuation(char c) {
    return c < 0x80 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
  }

  private Double emoji(String token) {
    int cp = Integer.parseInt(token.substring(1), 16);
    Double set = EMOJI.get(cp);
    if (set != null) {
      return set;
    }
    String name = Character.getName(cp);
    if (name == null) {
      return null;
    }
    double sum = 0;
    boolean any = false;
    for (String part : name.toLowerCase(Locale.ROOT).split(" ")) {
      Double v = lexicon.get(part);
      if (v != null) {
        sum += v;
        any = true;
      }
    }
    return any ? sum : null;
  }

  private static boolean capsDiffer(List<String> words) {
    int caps = 0;
    for (String w : words) {
      if (isUpper(w)) {
        caps++;
      }
    }
    return caps > 0 && caps < words.size();
  }

  /** Python's {@code str.isupper()}: has a cased letter and no lower-case letter. */
  private static boolean isUpper(String w) {
    boolean cased = false;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      if (Character.isUpperCase(c)) {
        cased = true;
      }
    }
    return cased;
  }

  private static Map<String, Double> boosters() {
    Map<String, Double> m = new HashMap<>();
    for (String w :
        ("absolutely amazingly awfully completely considerable considerably decidedly deeply"
                + " effing enormous enormously entirely especially exceptional exceptionally"
                + " extreme extremely fabulously flipping flippin frackin fracking fricking"
                + " frickin frigging friggin fully fuckin fucking fuggin fugging greatly hella"
                + " highly hugely incredible incredibly intensely major majorly more most"
                + " particularly purely quite really remarkably so substantially thoroughly total"
                + " totally tremendous tremendously uber unbelievably unusually utter utterly very")
            .split(" ")) {
      m.put(w, BOOST_UP);
    }
    for (String w :
        ("almost barely hardly kinda kindof kind-of less little marginal marginally occasional"
                + " occasionally partly scarce scarcely slight slightly somewhat sorta sortof"
                + " sort-of")
            .split(" ")) {
      m.put(w, BOOST_DOWN);
    }
    return Map.copyOf(m);
  }

  private static Map<String, Double> readLexicon() {
    Map<String, Double> m = new HashMap<>();
    try (InputStream in = LexiconSentiment.class.getResourceAsStream("/triage/vader_lexicon.txt")) {
      if (in == null) {
        throw new IllegalStateException("triage/vader_lexicon.txt is missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t");
        if (f.length >= 2 && !f[0].isEmpty()) {
          m.put(f[0], Double.parseDouble(f[1]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }
}
