package io.parley;

import io.parley.triage.Evaluation;
import io.parley.triage.LabelledCsv;
import io.parley.triage.Languages;
import io.parley.triage.Triage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley eval}: scores triage on any labelled CSV file, next to the VADER-lexicon baseline
 * on the same rows (docs/triage.md).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a triage task on a labelled CSV file.")
class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--task",
      required = true,
      description = "sentiment, intent, complaint or language.")
  Evaluation.Task task;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The CSV file.")
  Path input;

  @Option(
      names = "--text-column",
      required = true,
      paramLabel = "C",
      description = "Header name or 1-based number of the text column.")
  String textColumn;

  @Option(
      names = "--label-column",
      required = true,
      paramLabel = "L",
      description = "Header name or 1-based number of the label column.")
  String labelColumn;

  @Option(
      names = "--map",
      paramLabel = "RAW=LABEL,...",
      description = "Rename raw labels, e.g. \"0=negative,2=neutral,4=positive\".")
  String map;

  @Option(names = "--no-header", description = "The file has no header row.")
  boolean noHeader;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Model files from `parley train --out DIR` (default: the packaged ones).")
  Path models;

  @Option(
      names = "--languages",
      split = ",",
      description = "ISO 639-1 codes Lingua chooses from (default: en,es,fr,de,it,pt,nl,ja).")
  List<String> languages;

  @Option(
      names = "--language-min-confidence",
      defaultValue = "0.5",
      description = "Below this confidence the language is 'unknown' (default: ${DEFAULT-VALUE}).")
  double minConfidence;

  @Override
  public Integer call() {
    CommandLogging.quiet();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> mapping;
    Languages langs;
    try {
      mapping = Evaluation.parseMap(map);
      langs =
          new Languages(
              languages == null || languages.isEmpty() ? Languages.DEFAULT_CODES : languages,
              minConfidence);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return ImportCommand.USAGE;
    }
    List<LabelledCsv.Row> rows;
    try {
      rows = LabelledCsv.read(input, textColumn, labelColumn, !noHeader);
      // every label is checked before the (slow) models are loaded
      Evaluation.goldLabels(task, langs, rows, mapping);
    } catch (LabelledCsv.CsvProblem | Evaluation.UnknownLabel e) {
      err.println(e.getMessage());
      return ImportCommand.USAGE;
    }
    Evaluation.Report report;
    try {
      Triage triage = models == null ? Triage.bundled(langs) : Triage.fromDirectory(langs, models);
      long started = System.nanoTime();
      report = Evaluation.run(triage, task, rows, mapping);
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(
          Locale.ROOT,
          "Task %s on %s: %d rows (%.1f s)%n%n",
          task.name().toLowerCase(Locale.ROOT),
          input,
          rows.size(),
          seconds);
    } catch (IOException e) {
      err.println("Cannot read the models: " + e.getMessage());
      return ImportCommand.USAGE;
    } catch (Evaluation.UnknownLabel | IllegalArgumentException e) {
      err.println(e.getMessage());
      return ImportCommand.USAGE;
    }
    out.println("Parley triage:");
    out.println(report.model().format());
    if (report.baseline() != null) {
      out.println("Baseline, " + report.baselineName() + ":");
      out.println(report.baseline().format());
      out.printf(
          Locale.ROOT,
          "macro-F1: model %.3f, baseline %.3f (%+.1f points)%n",
          report.model().macroF1(),
          report.baseline().macroF1(),
          100 * (report.model().macroF1() - report.baseline().macroF1()));
    } else {
      out.println("No lexicon baseline for language identification.");
    }
    return 0;
  }
}
