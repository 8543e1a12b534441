package io.parley.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents' corrections as training data: parsed from the export, all train, nothing leaked. */
class TrainingCorrectionsTest {

  @TempDir Path dir;

  @Test
  void correctionsBecomeTrainingExamplesForEveryModelExceptThoseThatWouldLeakATestAnswer()
      throws IOException {
    Path file = dir.resolve("triage-corrections.csv");
    Files.writeString(
        file,
        "text,sentiment,intents\r\n"
            + "\"where do I buy the red one?\",neutral,\"purchase_intent;question\"\r\n"
            + "\"'=cheap pills here\",neutral,\"spam\"\r\n"
            + "\"worst service, \"\"never\"\" again\",negative,\"complaint\"\r\n"
            + "\"in the test split\",positive,\"\"\r\n");
    Training training = new Training(dir, new PrintWriter(new StringWriter()));
    List<Training.Example> heldOut =
        List.of(new Training.Example("In the TEST split", "neutral", Training.Split.TEST));

    List<Training.Example[]> fixes = training.corrections(file, List.of(heldOut));

    assertThat(fixes).hasSize(3);
    assertThat(fixes)
        .allSatisfy(f -> assertThat(f).allMatch(e -> e.split() == Training.Split.TRAIN));
    assertThat(fixes.get(0))
        .extracting(Training.Example::label)
        .containsExactly("neutral", "not_spam", "purchase_intent");
    assertThat(fixes.get(1)[0].text())
        .as("the export's formula guard is undone")
        .isEqualTo("=cheap pills here");
    assertThat(fixes.get(1)[1].label()).isEqualTo("spam");
    assertThat(fixes.get(2)[0].text()).isEqualTo("worst service, \"never\" again");
    assertThat(fixes.get(2))
        .extracting(Training.Example::label)
        .containsExactly("negative", "not_spam", "not_purchase_intent");
  }

  @Test
  void anUnknownLabelNamesTheRow() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "text,sentiment,intents\n\"ok\",neutral,\n\"hm\",angry,complaint\n");
    Training training = new Training(dir, new PrintWriter(new StringWriter()));
    assertThatThrownBy(() -> training.corrections(file, List.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("row 2")
        .hasMessageContaining("unknown label");
  }
}
