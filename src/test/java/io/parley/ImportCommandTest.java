package io.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./parley import} end to end, in-process: the real command line, a fresh Parley home and an
 * H2 file database like a real installation's.
 */
class ImportCommandTest {

  @TempDir Path home;
  private final Map<String, String> saved = new HashMap<>();
  private String dbUrl;

  @BeforeEach
  void isolate() {
    dbUrl = "jdbc:h2:file:" + home.resolve("db/parley");
    set("parley.home", home.toString());
    set("spring.datasource.url", dbUrl);
    set("spring.datasource.username", "sa");
    set("spring.datasource.password", "");
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  @Test
  void importsTwcsIntoTheFirstRunWorkspaceAndReportsCounts() throws Exception {
    Path file = copy("/import/twcs-sample.csv", "twcs.csv");

    Run first = run("import", "--format", "twcs", file.toString(), "--batch-size", "3");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("into workspace 'demo' as X @imported")
        .containsPattern("read\\s+15\\n")
        .containsPattern("stored\\s+9\\n")
        .containsPattern("duplicates\\s+0\\n")
        .containsPattern("skipped\\s+1 ")
        .containsPattern("threads\\s+4\\n")
        .containsPattern("rejected\\s+5\\n")
        .contains("  row 11 (line 14): expected 7 columns, found 5")
        .contains("  row 15 (line 18): text is empty")
        .containsPattern("elapsed\\s+\\d+\\.\\d s");
    assertThat(Files.exists(home.resolve("first-run-login.txt"))).isTrue();

    Run again = run("import", "--format", "TWCS", file.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out())
        .containsPattern("stored\\s+0\\n")
        .containsPattern("duplicates\\s+9\\n")
        .containsPattern("threads\\s+4\\n");

    try (var c = DriverManager.getConnection(dbUrl, "sa", "")) {
      assertThat(count(c, "select count(*) from messages")).isEqualTo(9);
      assertThat(count(c, "select count(*) from conversations")).isEqualTo(4);
      ResultSet account =
          c.createStatement().executeQuery("select network, handle, enabled from channel_accounts");
      assertThat(account.next()).isTrue();
      assertThat(account.getString(1)).isEqualTo("X");
      assertThat(account.getString(2)).isEqualTo("imported");
      assertThat(account.getBoolean(3)).as("imports never poll").isFalse();
      assertThat(account.next()).isFalse();
    }
  }

  @Test
  void importsJsonlUnderTheNetworkItsRecordsName() throws Exception {
    Path file = copy("/import/sample.jsonl", "sample.jsonl");

    Run run = run("import", "--format", "jsonl", "--handle", "northwind", file.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("as Mastodon @northwind")
        .containsPattern("stored\\s+7\\n")
        .containsPattern("updates\\s+1\\n")
        .containsPattern("threads\\s+4\\n")
        .containsPattern("rejected\\s+4\\n")
        .contains("line 12: network bluesky differs from the import's network mastodon");
  }

  /**
   * Commands that only touch the database start Spring with workers, sandbox and triage off, and
   * configuration cannot turn them back on (an import must not deliver queued replies meanwhile).
   */
  @Test
  void offlineCommandsKeepWorkersOffWhateverTheConfigurationSays() {
    set("parley.workers.enabled", "true");
    set("parley.sandbox.enabled", "true");
    set("parley.triage.enabled", "true");
    try (var context = Parley.startOffline()) {
      var env = context.getEnvironment();
      assertThat(env.getProperty("parley.workers.enabled", Boolean.class)).isFalse();
      assertThat(env.getProperty("parley.sandbox.enabled", Boolean.class)).isFalse();
      assertThat(env.getProperty("parley.triage.enabled", Boolean.class)).isFalse();
      assertThat(context.getBeanNamesForType(io.parley.sandbox.SandboxNetwork.class)).isEmpty();
    }
  }

  @Test
  void badOptionsAndUnreadableFilesExitWithTwo() throws IOException {
    Path file = copy("/import/twcs-sample.csv", "twcs.csv");

    Run missing = run("import", "--format", "twcs", home.resolve("nope.csv").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Cannot read").contains("nope.csv");

    Run format = run("import", "--format", "xlsx", file.toString());
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format").contains("xlsx");

    Run network = run("import", "--format", "twcs", "--network", "bluesky", file.toString());
    assertThat(network.code()).isEqualTo(2);
    assertThat(network.err()).contains("does not fit");

    Path notTwcs = Files.writeString(home.resolve("other.csv"), "id,text\n1,hello\n");
    Run wrongFile = run("import", "--format", "twcs", notTwcs.toString());
    assertThat(wrongFile.code()).isEqualTo(2);
    assertThat(wrongFile.err()).contains("Not a TWCS file");
  }

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code =
        Parley.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path copy(String resource, String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      Path file = home.resolve(name);
      Files.copy(in, file);
      return file;
    }
  }

  private void set(String key, String value) {
    saved.put(key, System.setProperty(key, value));
  }

  private static int count(java.sql.Connection c, String sql) throws SQLException {
    ResultSet rs = c.createStatement().executeQuery(sql);
    rs.next();
    return rs.getInt(1);
  }
}
