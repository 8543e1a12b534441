package io.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./parley eval} in-process: CSV handling, label mapping and the errors people will hit. */
class EvalCommandTest {

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Parley.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Path csv(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void scoresSentimentWithTheBaselineOnTheSameRows() throws IOException {
    Path file =
        csv(
            "s.csv",
            "id,tweet,mood\r\n"
                + "1,\"I love this, thank you so much!\",pos\r\n"
                + "2,\"This is the worst service ever.\nStill waiting for my refund\",neg\r\n"
                + "3,The store opens at 9 tomorrow,neu\r\n"
                + "4,\"They said \"\"sorry\"\" and did nothing, awful\",neg\r\n");

    Run r =
        run(
            "eval",
            "--task",
            "sentiment",
            "--input",
            file.toString(),
            "--text-column",
            "tweet",
            "--label-column",
            "mood",
            "--map",
            "pos=positive,neg=negative,neu=neutral");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("4 rows")
        .contains("Parley triage:")
        .contains("Baseline, VADER lexicon")
        .contains("confusion matrix (rows = gold, columns = predicted)")
        .containsPattern("negative\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}\\s+2\\n")
        .containsPattern("positive\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}\\s+1\\n")
        .containsPattern("macro-F1: model \\d\\.\\d{3}, baseline \\d\\.\\d{3}");
  }

  @Test
  void readsColumnsByNumberWithoutAHeader() throws IOException {
    Path file =
        csv(
            "n.csv",
            "x,\"The weather is lovely today and we are going to the beach\",EN\n"
                + "y,\"Hoy vamos a la playa porque hace muy buen tiempo\",es\n"
                + "z,\"Aujourd'hui nous allons à la plage parce qu'il fait beau\",fr\n");

    Run r =
        run(
            "eval",
            "--task",
            "language",
            "--input",
            file.toString(),
            "--text-column",
            "2",
            "--label-column",
            "3",
            "--no-header");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("3 rows")
        .contains("macro-F1 1.000   accuracy 1.000   rows 3")
        .contains("No lexicon baseline for language identification.");
  }

  @Test
  void aMissingColumnNamesTheColumnsThatExist() throws IOException {
    Path file = csv("m.csv", "text,label\nhello,positive\n");

    Run r =
        run(
            "eval",
            "--task",
            "sentiment",
            "--input",
            file.toString(),
            "--text-column",
            "body",
            "--label-column",
            "label");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("has no column 'body'").contains("its columns are: text, label");
  }

  @Test
  void aColumnNumberBeyondTheRowIsReportedWithItsLine() throws IOException {
    Path file = csv("short.csv", "a,b\nc\n");

    Run r =
        run(
            "eval",
            "--task",
            "sentiment",
            "--input",
            file.toString(),
            "--text-column",
            "1",
            "--label-column",
            "2",
            "--no-header");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("line 2 has 1 column(s); column 2 is needed");
  }

  @Test
  void anUnknownLabelNamesTheLabelTheLineAndTheChoices() throws IOException {
    Path file = csv("u.csv", "text,label\n\"multi\nline\",positive\nfine,meh\n");

    Run r =
        run(
            "eval",
            "--task",
            "sentiment",
            "--input",
            file.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Unknown label 'meh' on line 4")
        .contains("negative, neutral, positive")
        .contains("--map");
  }

  @Test
  void anUnreadableFileIsACleanError() {
    Run r =
        run(
            "eval",
            "--task",
            "complaint",
            "--input",
            dir.resolve("nope.csv").toString(),
            "--text-column",
            "text",
            "--label-column",
            "label");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot read").contains("nope.csv").contains("no such file");
  }

  @Test
  void anUnclosedQuoteIsReportedWithItsLine() throws IOException {
    Path file = csv("q.csv", "text,label\nok,positive\n\"never closed,negative\n");

    Run r =
        run(
            "eval",
            "--task",
            "sentiment",
            "--input",
            file.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("quoted field starting on line 3 is never closed");
  }

  @Test
  void aBadMapIsAUsageError() throws IOException {
    Path file = csv("b.csv", "text,label\nok,positive\n");

    Run r =
        run(
            "eval",
            "--task",
            "sentiment",
            "--input",
            file.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--map",
            "positive");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--map entries look like raw=label");
  }
}
