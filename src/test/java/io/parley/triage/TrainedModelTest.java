package io.parley.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged sentiment model against the lexicon baseline on the dev split that {@code parley
 * train} tuned on (rows it never trained on), read from the shared development data.
 */
class TrainedModelTest {

  static final Path DATA = Path.of(System.getProperty("parley.shared", "../shared"), "data");

  @Test
  void sentimentModelBeatsTheLexiconBaselineOnTheDevSplit() throws Exception {
    Training training = new Training(DATA, new PrintWriter(new StringWriter()));
    List<Training.Example> dev =
        training.sentiment().stream().filter(e -> e.split() == Training.Split.DEV).toList();
    Triage triage = Triage.bundled(Languages.defaults());
    Scores model = new Scores(List.of("negative", "neutral", "positive"));
    Scores baseline = new Scores(List.of("negative", "neutral", "positive"));
    for (Training.Example e : dev) {
      TriageResult r = triage.read(e.text(), Audience.UNKNOWN);
      model.add(e.label(), r.sentiment().label());
      baseline.add(e.label(), r.lexicon().label().label());
    }

    assertThat(dev).hasSizeGreaterThan(1500);
    assertThat(model.macroF1()).isGreaterThan(baseline.macroF1() + 0.05);
    assertThat(model.accuracy()).isGreaterThan(baseline.accuracy());
  }

  @Test
  void splitsAreStableAndKeepDuplicatesTogether() {
    assertThat(Training.split("I love this")).isEqualTo(Training.split("I love this"));
    assertThat(Training.split("I love this")).isEqualTo(Training.split("I love this\uFEFF"));
    long[] counts = new long[3];
    for (int i = 0; i < 10_000; i++) {
      counts[Training.split("text number " + i).ordinal()]++;
    }
    assertThat(counts[0]).isBetween(6700L, 7300L);
    assertThat(counts[1]).isBetween(1300L, 1700L);
    assertThat(counts[2]).isBetween(1300L, 1700L);
  }
}
