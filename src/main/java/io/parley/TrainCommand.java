package io.parley;

import io.parley.triage.Training;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley train}: rebuilds the triage models from the development sets (docs/triage.md). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the triage classifiers from the labelled development CSV files.")
class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      description =
          "The development data folder (default: ../shared/data, or $PARLEY_SHARED/data).")
  Path data;

  @Option(
      names = "--out",
      defaultValue = "src/main/resources/triage",
      description = "Where the model files go (default: ${DEFAULT-VALUE}, packaged by the build).")
  Path out;

  @Option(
      names = "--splits",
      defaultValue = "target/triage-splits",
      description = "Where the dev/test split CSVs go (default: ${DEFAULT-VALUE}).")
  Path splits;

  @Option(
      names = "--corrections",
      description =
          "Labels agents corrected, as exported from Parley (Settings: triage corrections CSV),"
              + " added to the training data.")
  Path corrections;

  @Override
  public Integer call() throws IOException {
    CommandLogging.quiet();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = data != null ? data : defaultData();
    if (!Files.isDirectory(dir)) {
      err.println("Cannot read the data folder " + dir + ": not a directory (use --data DIR).");
      return ImportCommand.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Training triage models from " + dir + " into " + out(this.out) + " …");
    out.flush();
    try {
      if (corrections != null && !Files.isReadable(corrections)) {
        err.println("Cannot read the corrections file " + corrections + ".");
        return ImportCommand.USAGE;
      }
      new Training(dir, out).run(this.out, splits, corrections);
    } catch (IOException e) {
      err.println("Training failed: " + e.getMessage());
      return ImportCommand.USAGE;
    }
    out.println("Wrote the models to " + this.out + " and the dev/test splits to " + splits);
    return 0;
  }

  private static String out(Path p) {
    return p.toString();
  }

  static Path defaultData() {
    String shared = System.getenv("PARLEY_SHARED");
    return shared != null && !shared.isBlank()
        ? Path.of(shared, "data")
        : Path.of("..", "shared", "data");
  }
}
