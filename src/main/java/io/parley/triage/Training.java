package io.parley.triage;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code parley train}: builds the triage models from the development sets in {@code shared/data}
 * (see docs/triage.md for the exact files). Reproducible: rows are split into train / dev / test by
 * a salted SHA-256 of their text (so duplicates never straddle splits), training is full-batch and
 * deterministic, and the L2 strength and class weighting are chosen on the dev split only.
 */
public final class Training {

  /** Salt of the split hash; changing it changes every split. */
  static final String SPLIT_SEED = "parley-triage-split-1";

  static final String SENTIMENT_DIR = "tweeteval/sentiment";
  static final List<String> SENTIMENT_FILES = List.of("val.csv", "test.csv");
  static final String SPAM_DIR = "youtube-spam";
  static final List<String> SPAM_FILES =
      List.of(
          "Youtube01-Psy.csv",
          "Youtube02-KatyPerry.csv",
          "Youtube03-LMFAO.csv",
          "Youtube04-Eminem.csv",
          "Youtube05-Shakira.csv");
  static final String PURCHASE_FILE = "purchase-intent-twitter-hasanimran96/annotated4.csv";

  /** Tweets from the sentiment train split added as negatives to the spam and purchase models. */
  static final int TWEET_NEGATIVES = 2000;

  static final List<Double> L2_GRID = List.of(1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1);

  /** Lexicon late-fusion weights tried on dev for the sentiment model. */
  static final List<Double> LEXICON_WEIGHTS = List.of(0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0);

  static final int ITERATIONS = 300;

  /** Which part of the data a row belongs to. */
  public enum Split {
    TRAIN,
    DEV,
    TEST
  }

  /** One labelled example. */
  record Example(String text, String label, Split split) {}

  private final Path data;
  private final PrintWriter log;
  private final LexiconSentiment lexicon = LexiconSentiment.bundled();
  private final Map<String, double[]> features = new HashMap<>();

  public Training(Path data, PrintWriter log) {
    this.data = data;
    this.log = log;
  }

  /** 70 % train, 15 % dev, 15 % test, from the salted hash of the text. */
  public static Split split(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(SPLIT_SEED.getBytes(StandardCharsets.UTF_8));
      byte[] h = sha.digest(PostText.clean(text).getBytes(StandardCharsets.UTF_8));
      int bucket = Math.floorMod(((h[0] & 0xff) << 8) | (h[1] & 0xff), 100);
      return bucket < 70 ? Split.TRAIN : bucket < 85 ? Split.DEV : Split.TEST;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sentiment examples (TweetEval sentiment val + test, re-split). */
  List<Example> sentiment() throws IOException {
    List<Example> out = new ArrayList<>();
    for (String file : SENTIMENT_FILES) {
      for (LabelledCsv.Row r : rows(data.resolve(SENTIMENT_DIR).resolve(file), "text", "label")) {
        out.add(new Example(r.text(), r.label().toLowerCase(Locale.ROOT), split(r.text())));
      }
    }
    return out;
  }

  /** YouTube comments: spam / not_spam. */
  List<Example> spam() throws IOException {
    List<Example> out = new ArrayList<>();
    for (String file : SPAM_FILES) {
      for (LabelledCsv.Row r : rows(data.resolve(SPAM_DIR).resolve(file), "CONTENT", "CLASS")) {
        String label = r.label().equals("1") ? "spam" : "not_spam";
        out.add(new Example(r.text(), label, split(r.text())));
      }
    }
    return out;
  }

  /** iPhone X tweets: purchase_intent / not_purchase_intent (undefined counts as not). */
  List<Example> purchase() throws IOException {
    List<Example> out = new ArrayList<>();
    for (LabelledCsv.Row r : rows(data.resolve(PURCHASE_FILE), "text", "label")) {
      String label =
          r.label().equals("purchase_intent") ? "purchase_intent" : "not_purchase_intent";
      out.add(new Example(r.text(), label, split(r.text())));
    }
    return out;
  }

  private static List<LabelledCsv.Row> rows(Path file, String text, String label)
      throws IOException {
    try {
      return LabelledCsv.read(file, text, label, true);
    } catch (LabelledCsv.CsvProblem e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Labels agents corrected in the inbox, exported as CSV ({@code text,sentiment,intents}, intents
   * separated by {@code ;}). Every row is training data: the dev and test splits stay the
   * development sets' own, so scores stay comparable between runs. A row whose text also occurs in
   * a dev or test split (ignoring case) is left out (it would leak the answer).
   */
  List<Example[]> corrections(Path file, List<List<Example>> heldOut) throws IOException {
    List<LabelledCsv.Row> sentiments = rows(file, "text", "sentiment");
    List<LabelledCsv.Row> intents = rows(file, "text", "intents");
    java.util.Set<String> held = new java.util.HashSet<>();
    for (List<Example> set : heldOut) {
      for (Example e : set) {
        if (e.split() != Split.TRAIN) {
          held.add(PostText.clean(e.text()).strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    List<Example[]> out = new ArrayList<>();
    for (int i = 0; i < sentiments.size(); i++) {
      String text = unquoted(sentiments.get(i).text());
      if (held.contains(PostText.clean(text).strip().toLowerCase(Locale.ROOT))) {
        continue;
      }
      String sentiment;
      List<String> labels;
      try {
        sentiment = Sentiment.of(sentiments.get(i).label()).label();
        labels =
            java.util.Arrays.stream(intents.get(i).label().split(";"))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .map(l -> Intent.of(l).label())
                .toList();
      } catch (IllegalArgumentException e) {
        throw new IOException(
            file
                + ", row "
                + (i + 1)
                + ": unknown label (sentiment: negative, neutral, positive;"
                + " intents: complaint, question, praise, purchase_intent, spam)");
      }
      out.add(
          new Example[] {
            new Example(text, sentiment, Split.TRAIN),
            new Example(text, labels.contains("spam") ? "spam" : "not_spam", Split.TRAIN),
            new Example(
                text,
                labels.contains("purchase_intent") ? "purchase_intent" : "not_purchase_intent",
                Split.TRAIN)
          });
    }
    return out;
  }

  /** The export guards spreadsheet formulas with a leading quote mark; training reads the text. */
  private static String unquoted(String text) {
    return text.length() > 1 && text.charAt(0) == '\'' && "=+-@".indexOf(text.charAt(1)) >= 0
        ? text.substring(1)
        : text;
  }

  /** Trains all models, writes them to {@code out} and the dev/test splits to {@code splits}. */
  public void run(Path out, Path splits) throws IOException {
    run(out, splits, null);
  }

  /**
   * As {@link #run(Path, Path)}, with the agents' corrections in {@code correctionsFile} (null for
   * none) added to the training splits.
   */
  public void run(Path out, Path splits, Path correctionsFile) throws IOException {
    Files.createDirectories(out);
    Files.createDirectories(splits);
    List<Example> sentiment = new ArrayList<>(sentiment());
    List<Example> spam = new ArrayList<>(spam());
    List<Example> purchase = new ArrayList<>(purchase());
    String corrected = "";
    if (correctionsFile != null) {
      List<Example[]> fixes = corrections(correctionsFile, List.of(sentiment, spam, purchase));
      for (Example[] f : fixes) {
        sentiment.add(f[0]);
        spam.add(f[1]);
        purchase.add(f[2]);
      }
      log.println("Adding " + fixes.size() + " agent corrections from " + correctionsFile);
      corrected =
          " + " + fixes.size() + " agent corrections (" + correctionsFile.getFileName() + ")";
    }
    List<Example> tweetNegatives = new ArrayList<>();
    for (Example e : sentiment) {
      if (e.split() == Split.TRAIN && tweetNegatives.size() < TWEET_NEGATIVES) {
        tweetNegatives.add(e);
      }
    }
    writeSplit(splits.resolve("sentiment-dev.csv"), sentiment, Split.DEV);
    writeSplit(splits.resolve("sentiment-test.csv"), sentiment, Split.TEST);
    writeSplit(splits.resolve("spam-test.csv"), spam, Split.TEST);
    writeSplit(splits.resolve("purchase-intent-test.csv"), purchase, Split.TEST);

    String sources = sourcesNote();
    train(
        Triage.SENTIMENT,
        List.of("negative", "neutral", "positive"),
        sentiment,
        List.of(),
        null,
        out,
        sources
            + "\ndata: "
            + SENTIMENT_DIR
            + "/"
            + String.join(" + ", SENTIMENT_FILES)
            + corrected);
    train(
        Triage.SPAM,
        List.of("not_spam", "spam"),
        spam,
        tweetNegatives,
        "not_spam",
        out,
        sources
            + "\ndata: "
            + SPAM_DIR
            + "/Youtube0[1-5]-*.csv (CONTENT, CLASS) + "
            + tweetNegatives.size()
            + " train-split tweets as not_spam"
            + corrected);
    train(
        Triage.PURCHASE,
        List.of("not_purchase_intent", "purchase_intent"),
        purchase,
        tweetNegatives,
        "not_purchase_intent",
        out,
        sources
            + "\ndata: "
            + PURCHASE_FILE
            + " (undefined counts as not_purchase_intent) + "
            + tweetNegatives.size()
            + " train-split tweets as not_purchase_intent"
            + corrected);
  }

  private String sourcesNote() {
    return "built by `parley train` from the Parley development sets (shared/data, see"
        + " docs/triage.md); split seed "
        + SPLIT_SEED;
  }

  private void train(
      String name,
      List<String> labels,
      List<Example> examples,
      List<Example> extraNegatives,
      String negativeLabel,
      Path out,
      String note)
      throws IOException {
    List<double[]> trainX = new ArrayList<>();
    List<Integer> trainY = new ArrayList<>();
    List<double[]> devX = new ArrayList<>();
    List<Integer> devY = new ArrayList<>();
    int[] counts = new int[3];
    long started = System.nanoTime();
    for (Example e : examples) {
      counts[e.split().ordinal()]++;
      if (e.split() == Split.TEST) {
        continue;
      }
      double[] x = featuresOf(e.text());
      int y = labels.indexOf(e.label());
      if (y < 0) {
        throw new IOException("Unexpected label '" + e.label() + "' for " + name);
      }
      (e.split() == Split.TRAIN ? trainX : devX).add(x);
      (e.split() == Split.TRAIN ? trainY : devY).add(y);
    }
    for (Example e : extraNegatives) {
      trainX.add(featuresOf(e.text()));
      trainY.add(labels.indexOf(negativeLabel));
    }
    log.printf(
        Locale.ROOT,
        "%s: %d train (+%d extra negatives), %d dev, %d test rows; features in %.0f s%n",
        name,
        counts[0],
        extraNegatives.size(),
        counts[1],
        counts[2],
        (System.nanoTime() - started) / 1e9);
    log.flush();
    int[] y = trainY.stream().mapToInt(Integer::intValue).toArray();
    LogisticModel best = null;
    LogisticModel.Settings bestSettings = null;
    double bestF1 = -1;
    for (boolean balanced : new boolean[] {false, true}) {
      for (double l2 : L2_GRID) {
        var settings = new LogisticModel.Settings(l2, balanced, ITERATIONS);
        LogisticModel model = LogisticModel.train(name, labels, trainX, y, settings);
        double f1 = devMacroF1(model, devX, devY);
        log.printf(Locale.ROOT, "  %s  dev macro-F1 %.4f%n", settings, f1);
        log.flush();
        if (f1 > bestF1) {
          bestF1 = f1;
          best = model;
          bestSettings = settings;
        }
      }
    }
    if (best.labels.contains("negative") && best.labels.contains("positive")) {
      LogisticModel base = best;
      for (double weight : LEXICON_WEIGHTS) {
        LogisticModel fused = base.withLexiconWeight(weight);
        double f1 = devMacroF1(fused, devX, devY);
        log.printf(Locale.ROOT, "  lexicon weight %.2f  dev macro-F1 %.4f%n", weight, f1);
        if (f1 > bestF1) {
          bestF1 = f1;
          best = fused;
        }
      }
    }
    log.printf(
        Locale.ROOT,
        "  chosen: %s, lexicon weight %.2f (dev macro-F1 %.4f)%n",
        bestSettings,
        best.lexiconWeight,
        bestF1);
    try (Writer w = Files.newBufferedWriter(out.resolve(name + ".model"))) {
      best.write(
          w,
          note
              + String.format(
                  Locale.ROOT,
                  "%nrows: train %d (+%d extra negatives), dev %d, test %d (held out)"
                      + "%nsettings (chosen on dev): %s, lexicon weight %.2f; dev macro-F1 %.4f"
                      + "%nfeatures: %s + all-MiniLM-L6-v2-q embedding (%d)",
                  counts[0],
                  extraNegatives.size(),
                  counts[1],
                  counts[2],
                  bestSettings,
                  best.lexiconWeight,
                  bestF1,
                  String.join(", ", Features.SURFACE),
                  SentenceEmbeddings.DIMENSIONS));
    }
  }

  private static double devMacroF1(LogisticModel model, List<double[]> x, List<Integer> y) {
    Scores scores = new Scores(model.labels);
    for (int i = 0; i < x.size(); i++) {
      int predicted = LogisticModel.argmax(model.probabilities(x.get(i)));
      scores.add(model.labels.get(y.get(i)), model.labels.get(predicted));
    }
    return scores.macroF1();
  }

  private double[] featuresOf(String text) {
    return features.computeIfAbsent(
        text,
        t -> {
          String cleaned = PostText.clean(t);
          return Features.of(
              cleaned, lexicon.score(cleaned), SentenceEmbeddings.shared().embed(cleaned));
        });
  }

  private static void writeSplit(Path file, List<Example> examples, Split split)
      throws IOException {
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("text,label\r\n");
      for (Example e : examples) {
        if (e.split() == split) {
          w.write(quote(e.text()) + "," + quote(e.label()) + "\r\n");
        }
      }
    }
  }

  static String quote(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
