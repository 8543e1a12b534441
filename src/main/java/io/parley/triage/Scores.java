package io.parley.triage;

import java.util.List;
import java.util.Locale;

/** Per-class precision/recall/F1, macro-F1, accuracy and the confusion matrix of one run. */
public final class Scores {

  private final List<String> labels;
  private final long[][] confusion; // [gold][predicted]
  private long total;

  public Scores(List<String> labels) {
    this.labels = List.copyOf(labels);
    this.confusion = new long[labels.size()][labels.size()];
  }

  /** Counts one row. Both labels must be among {@link #labels()}. */
  public void add(String gold, String predicted) {
    int g = labels.indexOf(gold);
    int p = labels.indexOf(predicted);
    if (g < 0 || p < 0) {
      throw new IllegalArgumentException("Unknown label: " + (g < 0 ? gold : predicted));
    }
    confusion[g][p]++;
    total++;
  }

  public List<String> labels() {
    return labels;
  }

  public long total() {
    return total;
  }

  public long count(String gold, String predicted) {
    return confusion[labels.indexOf(gold)][labels.indexOf(predicted)];
  }

  public double precision(String label) {
    int c = labels.indexOf(label);
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
  }

  public double recall(String label) {
    int c = labels.indexOf(label);
    long gold = 0;
    for (long v : confusion[c]) {
      gold += v;
    }
    return gold == 0 ? 0 : (double) confusion[c][c] / gold;
  }

  public double f1(String label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Number of gold rows with this label. */
  public long support(String label) {
    long gold = 0;
    for (long v : confusion[labels.indexOf(label)]) {
      gold += v;
    }
    return gold;
  }

  /** Mean F1 over the labels that occur in the gold data. */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (String label : labels) {
      if (support(label) > 0) {
        sum += f1(label);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  public double accuracy() {
    long right = 0;
    for (int i = 0; i < labels.size(); i++) {
      right += confusion[i][i];
    }
    return total == 0 ? 0 : (double) right / total;
  }

  /** The report as printed by {@code parley eval}. */
  public String format() {
    StringBuilder b = new StringBuilder();
    int width = Math.max(9, labels.stream().mapToInt(String::length).max().orElse(5) + 1);
    b.append(
        String.format(
            Locale.ROOT,
            "%-" + width + "s %9s %9s %9s %9s%n",
            "label",
            "precision",
            "recall",
            "f1",
            "support"));
    for (String label : labels) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s %9.3f %9.3f %9.3f %9d%n",
              label,
              precision(label),
              recall(label),
              f1(label),
              support(label)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "macro-F1 %.3f   accuracy %.3f   rows %d%n",
            macroF1(),
            accuracy(),
            total));
    b.append("confusion matrix (rows = gold, columns = predicted):\n");
    b.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
    for (String label : labels) {
      b.append(String.format(Locale.ROOT, " %" + width + "s", label));
    }
    b.append('\n');
    for (int g = 0; g < labels.size(); g++) {
      b.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(g)));
      for (int p = 0; p < labels.size(); p++) {
        b.append(String.format(Locale.ROOT, " %" + width + "d", confusion[g][p]));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
