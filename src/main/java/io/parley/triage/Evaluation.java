package io.parley.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores triage against labelled rows, together with the VADER-lexicon baseline on the same rows.
 * Labels are compared lower-case after the optional raw→label mapping.
 */
public final class Evaluation {

  /** What is evaluated. */
  public enum Task {
    SENTIMENT,
    INTENT,
    COMPLAINT,
    LANGUAGE
  }

  /** The outcome: the model's scores and the baseline's (null where there is none). */
  public record Report(Task task, Scores model, Scores baseline, String baselineName) {}

  /** A label that is not one of the task's, after mapping. */
  public static final class UnknownLabel extends Exception {
    public UnknownLabel(String message) {
      super(message);
    }
  }

  private Evaluation() {}

  /** Parses {@code raw=label,raw2=label2}; raw values are matched case-insensitively. */
  public static Map<String, String> parseMap(String spec) {
    Map<String, String> map = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return map;
    }
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException(
            "--map entries look like raw=label, separated by commas; got '" + pair.trim() + "'");
      }
      map.put(norm(pair.substring(0, eq)), norm(pair.substring(eq + 1)));
    }
    return map;
  }

  private static String norm(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  /** The labels a task accepts (language: the configured codes and {@code unknown}). */
  public static List<String> labels(Task task, Languages languages) {
    return switch (task) {
      case SENTIMENT -> List.of("negative", "neutral", "positive");
      case COMPLAINT -> List.of("complaint", "not_complaint");
      case INTENT -> {
        List<String> l = new ArrayList<>();
        for (Intent i : Intent.values()) {
          l.add(i.label());
        }
        for (Intent i : Intent.values()) {
          if (i != Intent.OTHER) {
            l.add("not_" + i.label());
          }
        }
        yield l;
      }
      case LANGUAGE -> {
        List<String> l = new ArrayList<>(languages.codes());
        l.add(Languages.UNKNOWN);
        yield l;
      }
    };
  }

  /** Maps and checks every gold label before any text is scored. */
  public static List<String> goldLabels(
      Task task, Languages languages, List<LabelledCsv.Row> rows, Map<String, String> map)
      throws UnknownLabel {
    List<String> allowed = labels(task, languages);
    List<String> gold = new ArrayList<>(rows.size());
    for (LabelledCsv.Row row : rows) {
      String raw = norm(row.label());
      String label = map.getOrDefault(raw, raw);
      if (!allowed.contains(label)) {
        throw new UnknownLabel(
            String.format(
                Locale.ROOT,
                "Unknown label '%s' on line %d for task %s; expected one of: %s%s",
                row.label(),
                row.line(),
                task.name().toLowerCase(Locale.ROOT),
                String.join(", ", allowed),
                map.isEmpty() ? " (use --map \"raw=label,...\")" : ""));
      }
      gold.add(label);
    }
    return gold;
  }

  /** Runs the evaluation. */
  public static Report run(
      Triage triage, Task task, List<LabelledCsv.Row> rows, Map<String, String> map)
      throws UnknownLabel {
    List<String> gold = goldLabels(task, triage.languages(), rows, map);
    List<String> labels = reportLabels(task, triage.languages(), gold);
    Intent binary = task == Task.INTENT ? binaryIntent(gold) : null;
    Scores model = new Scores(labels);
    Scores baseline = task == Task.LANGUAGE ? null : new Scores(labels);
    for (int i = 0; i < rows.size(); i++) {
      String text = rows.get(i).text();
      String g = gold.get(i);
      if (task == Task.LANGUAGE) {
        model.add(g, triage.languages().detect(PostText.clean(text)).code());
        continue;
      }
      TriageResult r = triage.read(text, Audience.UNKNOWN);
      LexiconScore lex = r.lexicon();
      switch (task) {
        case SENTIMENT -> {
          model.add(g, r.sentiment().label());
          baseline.add(g, lex.label().label());
        }
        case COMPLAINT -> {
          model.add(g, r.complaint() ? "complaint" : "not_complaint");
          baseline.add(g, lex.label() == Sentiment.NEGATIVE ? "complaint" : "not_complaint");
        }
        default -> {
          List<Intent> base = baselineIntents(text, lex);
          if (binary != null) {
            model.add(g, r.intents().contains(binary) ? binary.label() : "not_" + binary.label());
            baseline.add(g, base.contains(binary) ? binary.label() : "not_" + binary.label());
          } else {
            model.add(g, pick(g, r.intents()));
            baseline.add(g, pick(g, base));
          }
        }
      }
    }
    return new Report(
        task,
        model,
        baseline,
        task == Task.LANGUAGE ? null : "VADER lexicon (" + baselineRule(task) + ")");
  }

  private static String baselineRule(Task task) {
    return switch (task) {
      case SENTIMENT -> "compound >= 0.05 positive, <= -0.05 negative";
      case COMPLAINT -> "complaint when the lexicon says negative";
      default -> "negative -> complaint, positive -> praise, '?' -> question, else other";
    };
  }

  /** The labels the report shows: for intent, only the ones in play. */
  private static List<String> reportLabels(Task task, Languages languages, List<String> gold) {
    if (task != Task.INTENT) {
      return labels(task, languages);
    }
    Intent binary = binaryIntent(gold);
    if (binary != null) {
      return List.of(binary.label(), "not_" + binary.label());
    }
    List<String> l = new ArrayList<>();
    for (Intent i : Intent.values()) {
      l.add(i.label());
    }
    for (String g : gold) {
      if (g.startsWith("not_")) {
        throw new IllegalArgumentException(
            "not_<intent> labels are for files about one intent only");
      }
    }
    return l;
  }

  /** The intent when every gold label is X or not_X, else null. */
  static Intent binaryIntent(List<String> gold) {
    Set<String> distinct = new LinkedHashSet<>(gold);
    for (String g : distinct) {
      if (g.startsWith("not_")) {
        Intent i = Intent.of(g.substring(4));
        if (Set.of(i.label(), g).containsAll(distinct)) {
          return i;
        }
      }
    }
    return null;
  }

  /** Multi-label prediction against one gold label: a hit counts, else the strongest intent. */
  private static String pick(String gold, List<Intent> predicted) {
    for (Intent i : predicted) {
      if (i.label().equals(gold)) {
        return gold;
      }
    }
    return predicted.getFirst().label();
  }

  /** The lexicon-only intent rule used as baseline. */
  static List<Intent> baselineIntents(String text, LexiconScore lex) {
    List<Intent> out = new ArrayList<>();
    if (lex.label() == Sentiment.NEGATIVE) {
      out.add(Intent.COMPLAINT);
    }
    if (text.indexOf('?') >= 0) {
      out.add(Intent.QUESTION);
    }
    if (lex.label() == Sentiment.POSITIVE) {
      out.add(Intent.PRAISE);
    }
    if (out.isEmpty()) {
      out.add(Intent.OTHER);
    }
    return out;
  }
}
