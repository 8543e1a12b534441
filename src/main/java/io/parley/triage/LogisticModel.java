package io.parley.triage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Multinomial logistic regression (softmax) with L2 regularization, trained by full-batch Adam on
 * standardized features: deterministic, no random initialization. Two labels make it an ordinary
 * binary classifier. Stored as a small text file (labels, standardization, weights).
 */
final class LogisticModel {

  private static final String MAGIC = "parley-logistic-model 1";

  final String name;
  final List<String> labels;
  private final double[] mean;
  private final double[] scale;
  private final double[][] weights; // [label][feature], last column is the bias

  /**
   * Late fusion with the lexicon: the lexicon's compound score (feature 0) times this weight is
   * added to the positive label's log-probability and taken from the negative one's. Tuned on dev;
   * 0 for models without negative/positive labels.
   */
  final double lexiconWeight;

  private final int negative;
  private final int positive;

  private LogisticModel(
      String name,
      List<String> labels,
      double[] mean,
      double[] scale,
      double[][] weights,
      double lexiconWeight) {
    this.name = name;
    this.labels = List.copyOf(labels);
    this.mean = mean;
    this.scale = scale;
    this.weights = weights;
    this.lexiconWeight = lexiconWeight;
    this.negative = labels.indexOf("negative");
    this.positive = labels.indexOf("positive");
  }

  /** The same model with another lexicon weight. */
  LogisticModel withLexiconWeight(double weight) {
    return new LogisticModel(name, labels, mean, scale, weights, weight);
  }

  /** Training settings. */
  record Settings(double l2, boolean balanced, int iterations) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "l2=%s balanced=%s iterations=%d", l2, balanced, iterations);
    }
  }

  int features() {
    return mean.length;
  }

  /** Probabilities per label, in the order of {@link #labels}. */
  double[] probabilities(double[] x) {
    int k = labels.size();
    double[] z = new double[k];
    int d = mean.length;
    for (int c = 0; c < k; c++) {
      double[] w = weights[c];
      double s = w[d];
      for (int j = 0; j < d; j++) {
        s += w[j] * ((x[j] - mean[j]) * scale[j]);
      }
      z[c] = s;
    }
    if (lexiconWeight != 0 && negative >= 0 && positive >= 0) {
      z[positive] += lexiconWeight * x[0];
      z[negative] -= lexiconWeight * x[0];
    }
    return softmax(z);
  }

  /** Index of the most probable label. */
  static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  static LogisticModel train(
      String name, List<String> labels, List<double[]> rows, int[] y, Settings settings) {
    int n = rows.size();
    int d = rows.getFirst().length;
    int k = labels.size();
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        double v = r[j] - mean[j];
        scale[j] += v * v;
      }
    }
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(scale[j] / n);
      scale[j] = sd < 1e-9 ? 0 : 1 / sd;
    }
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      for (int j = 0; j < d; j++) {
        x[i][j] = (r[j] - mean[j]) * scale[j];
      }
    }
    double[] sampleWeight = new double[n];
    int[] counts = new int[k];
    for (int label : y) {
      counts[label]++;
    }
    for (int i = 0; i < n; i++) {
      sampleWeight[i] = settings.balanced() ? (double) n / (k * Math.max(1, counts[y[i]])) : 1;
    }
    double[][] w = new double[k][d + 1];
    double[][] m = new double[k][d + 1];
    double[][] v = new double[k][d + 1];
    double[][] g = new double[k][d + 1];
    double rate = 0.05;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double[] z = new double[k];
    for (int it = 1; it <= settings.iterations(); it++) {
      for (double[] row : g) {
        Arrays.fill(row, 0);
      }
      for (int i = 0; i < n; i++) {
        double[] xi = x[i];
        for (int c = 0; c < k; c++) {
          double s = w[c][d];
          double[] wc = w[c];
          for (int j = 0; j < d; j++) {
            s += wc[j] * xi[j];
          }
          z[c] = s;
        }
        double[] p = softmax(z);
        for (int c = 0; c < k; c++) {
          double err = (p[c] - (y[i] == c ? 1 : 0)) * sampleWeight[i];
          if (err == 0) {
            continue;
          }
          double[] gc = g[c];
          for (int j = 0; j < d; j++) {
            gc[j] += err * xi[j];
          }
          gc[d] += err;
        }
      }
      double c1 = 1 - Math.pow(beta1, it);
      double c2 = 1 - Math.pow(beta2, it);
      for (int c = 0; c < k; c++) {
        for (int j = 0; j <= d; j++) {
          double grad = g[c][j] / n + (j < d ? settings.l2() * w[c][j] : 0);
          m[c][j] = beta1 * m[c][j] + (1 - beta1) * grad;
          v[c][j] = beta2 * v[c][j] + (1 - beta2) * grad * grad;
          w[c][j] -= rate * (m[c][j] / c1) / (Math.sqrt(v[c][j] / c2) + 1e-8);
        }
      }
    }
    return new LogisticModel(name, labels, mean, scale, w, 0);
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  void write(Writer out, String comment) throws IOException {
    out.write(MAGIC + "\n");
    for (String line : comment.split("\n")) {
      out.write("# " + line + "\n");
    }
    out.write("name\t" + name + "\n");
    out.write("labels\t" + String.join("\t", labels) + "\n");
    out.write("features\t" + mean.length + "\n");
    out.write("lexicon_weight\t" + lexiconWeight + "\n");
    out.write("mean" + join(mean) + "\n");
    out.write("scale" + join(scale) + "\n");
    for (int c = 0; c < labels.size(); c++) {
      out.write("weights" + join(weights[c]) + "\n");
    }
  }

  private static String join(double[] values) {
    StringBuilder b = new StringBuilder();
    for (double value : values) {
      b.append('\t').append((float) value);
    }
    return b.toString();
  }

  static LogisticModel read(InputStream in, String source) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String first = r.readLine();
    if (!MAGIC.equals(first)) {
      throw new IOException(source + " is not a Parley model file");
    }
    String name = null;
    List<String> labels = null;
    double[] mean = null;
    double[] scale = null;
    List<double[]> weights = new ArrayList<>();
    double lexiconWeight = 0;
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      switch (f[0]) {
        case "name" -> name = f[1];
        case "labels" -> labels = List.of(Arrays.copyOfRange(f, 1, f.length));
        case "features" -> {}
        case "lexicon_weight" -> lexiconWeight = Double.parseDouble(f[1]);
        case "mean" -> mean = numbers(f);
        case "scale" -> scale = numbers(f);
        case "weights" -> weights.add(numbers(f));
        default -> throw new IOException(source + ": unexpected line " + f[0]);
      }
    }
    if (name == null || labels == null || mean == null || scale == null) {
      throw new IOException(source + " is incomplete");
    }
    if (weights.size() != labels.size() || mean.length != scale.length) {
      throw new IOException(source + " has inconsistent sizes");
    }
    for (double[] w : weights) {
      if (w.length != mean.length + 1) {
        throw new IOException(source + " has inconsistent weight rows");
      }
    }
    return new LogisticModel(
        name, labels, mean, scale, weights.toArray(double[][]::new), lexiconWeight);
  }

  private static double[] numbers(String[] f) {
    double[] out = new double[f.length - 1];
    for (int i = 1; i < f.length; i++) {
      out[i - 1] = Double.parseDouble(f[i]);
    }
    return out;
  }
}
