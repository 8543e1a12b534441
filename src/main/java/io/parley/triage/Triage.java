package io.parley.triage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one message: language (Lingua), sentiment (trained classifier on sentence embeddings plus
 * the lexicon score), intents with scores, urgency. Everything runs in-process with the models
 * packaged under {@code triage/} on the classpath (built by {@code parley train}). Thread-safe.
 */
public final class Triage {

  /** Intents at or above this score are reported. */
  public static final double INTENT_THRESHOLD = 0.5;

  /** The trained models, by file name under {@code triage/}. */
  static final String SENTIMENT = "sentiment";

  static final String SPAM = "spam";
  static final String PURCHASE = "purchase_intent";

  private static final Pattern COMPLAINT_WORDS =
      Pattern.compile(
          "\\b(refund|broken|broke|worst|still waiting|never (arrived|received|came)|cancel\\w*"
              + "|delay(ed)?|late|lost|charged|overcharged|terrible|awful|horrible|disappointed"
              + "|disappointing|unacceptable|ridiculous|rude|customer service|not working"
              + "|doesn'?t work|won'?t work|fix (this|it)|on hold|no one|nobody|waiting|wrong"
              + "|missing|damaged|fail(ed|s|ing)?|useless|complain\\w*|sucks?|scam)\\b");
  private static final Pattern PRAISE_WORDS =
      Pattern.compile(
          "\\b(thanks?|thank you|thx|love|loved|great|awesome|amazing|best|excellent|fantastic"
              + "|kudos|shout ?out|brilliant|perfect|wonderful|appreciate\\w*|well done|impressed"
              + "|recommend)\\b");

  private final Languages languages;
  private final LexiconSentiment lexicon;
  private final SentenceEmbeddings embeddings;
  private final LogisticModel sentiment;
  private final LogisticModel spam;
  private final LogisticModel purchase;

  Triage(
      Languages languages,
      LexiconSentiment lexicon,
      SentenceEmbeddings embeddings,
      LogisticModel sentiment,
      LogisticModel spam,
      LogisticModel purchase) {
    this.languages = languages;
    this.lexicon = lexicon;
    this.embeddings = embeddings;
    this.sentiment = sentiment;
    this.spam = spam;
    this.purchase = purchase;
  }

  /** Triage with the models packaged in the application. */
  public static Triage bundled(Languages languages) {
    return new Triage(
        languages,
        LexiconSentiment.bundled(),
        SentenceEmbeddings.shared(),
        bundledModel(SENTIMENT),
        bundledModel(SPAM),
        bundledModel(PURCHASE));
  }

  /** Triage with models from a directory written by {@code parley train --out DIR}. */
  public static Triage fromDirectory(Languages languages, Path dir) throws IOException {
    return new Triage(
        languages,
        LexiconSentiment.bundled(),
        SentenceEmbeddings.shared(),
        fileModel(dir, SENTIMENT),
        fileModel(dir, SPAM),
        fileModel(dir, PURCHASE));
  }

  static LogisticModel bundledModel(String name) {
    String resource = "/triage/" + name + ".model";
    try (InputStream in = Triage.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is missing from the classpath: run `parley train` and rebuild");
      }
      return LogisticModel.read(in, resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LogisticModel fileModel(Path dir, String name) throws IOException {
    Path file = dir.resolve(name + ".model");
    try (InputStream in = Files.newInputStream(file)) {
      return LogisticModel.read(in, file.toString());
    }
  }

  /** The lexicon baseline this triage compares against. */
  public LexiconSentiment lexicon() {
    return lexicon;
  }

  /** The language detector. */
  public Languages languages() {
    return languages;
  }

  /** Reads one message. */
  public TriageResult read(String text, Audience audience) {
    String cleaned = PostText.clean(text);
    Languages.Detected language = languages.detect(cleaned);
    LexiconScore lex = lexicon.score(cleaned);
    double[] x = Features.of(cleaned, lex, embeddings.embed(cleaned));
    double[] p = sentiment.probabilities(x);
    double negative = p[sentiment.labels.indexOf("negative")];
    double positive = p[sentiment.labels.indexOf("positive")];
    Sentiment label = Sentiment.of(sentiment.labels.get(LogisticModel.argmax(p)));
    String lower = cleaned.toLowerCase(Locale.ROOT);

    Map<Intent, Double> scores = new EnumMap<>(Intent.class);
    double spamScore = positiveProbability(spam, x);
    scores.put(Intent.SPAM, spamScore);
    scores.put(Intent.PURCHASE_INTENT, positiveProbability(purchase, x));
    boolean complaintWords = COMPLAINT_WORDS.matcher(lower).find();
    // no complaint-labelled data to train on (docs/triage.md): negative feeling plus complaint
    // words; the words alone count as a complaint unless the message reads as positive
    double complaint = 0.8 * negative;
    if (complaintWords) {
      complaint += positive < 0.5 ? 0.5 : 0.3;
    }
    scores.put(Intent.COMPLAINT, clamp(complaint - (spamScore > 0.5 ? 0.5 : 0)));
    boolean praiseWords = PRAISE_WORDS.matcher(lower).find();
    scores.put(
        Intent.PRAISE,
        clamp(0.7 * positive + (praiseWords ? 0.3 : 0) - (spamScore > 0.5 ? 0.5 : 0)));
    scores.put(Intent.QUESTION, clamp(0.75 * x[4] + 0.5 * x[10]));
    double strongest = 0;
    for (double s : scores.values()) {
      strongest = Math.max(strongest, s);
    }
    scores.put(Intent.OTHER, 1 - strongest);

    List<Intent> found = new ArrayList<>();
    for (Map.Entry<Intent, Double> e : scores.entrySet()) {
      if (e.getKey() != Intent.OTHER && e.getValue() >= INTENT_THRESHOLD) {
        found.add(e.getKey());
      }
    }
    found.sort(Comparator.comparing((Intent i) -> scores.get(i)).reversed());
    if (found.isEmpty()) {
      found.add(Intent.OTHER);
    }
    int urgency = Urgency.score(cleaned, scores, negative, audience);
    return new TriageResult(
        language.code(),
        language.confidence(),
        label,
        positive - negative,
        lex,
        java.util.Collections.unmodifiableMap(scores),
        List.copyOf(found),
        urgency);
  }

  private static double positiveProbability(LogisticModel model, double[] x) {
    return model.probabilities(x)[1];
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
