package io.parley;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.ParleyProcess;
import io.parley.testing.PgSchema;
import io.parley.testing.Poll;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley import} killed with SIGKILL half-way through a large file, then run again with the
 * same file: every valid row ends up stored once, the second run counts what the first stored as
 * duplicates, and the threads are those of an import that was never interrupted
 * (docs/reliability.md).
 */
class ImportCrashIT {

  static final int THREADS = 9_000;
  static final int INVALID = 7;
  static final Duration RUN = Duration.ofMinutes(10);
  static final DateTimeFormatter TWITTER =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  @TempDir Path tmp;
  private final Path logs = ParleyProcess.logFolder("import-crash");

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private ParleyProcess process;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : cleanup.reversed()) {
      c.close();
    }
  }

  @Test
  void anImportKilledHalfWayCompletesOnTheSecondRunWithoutDuplicates() throws Exception {
    Path csv = tmp.resolve("big.csv");
    int valid = writeTwcs(csv, new Random(20261123));
    assertThat(valid).as("rows in the file").isGreaterThanOrEqualTo(30_000);

    PgSchema crashed = PgSchema.create("parley_crash_import");
    cleanup.add(crashed);
    process = importer(crashed, csv, "import-1.log");
    Poll.until(
        "some batches of the first run are committed",
        RUN,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "The first import ended before it could be killed (make the file bigger):\n"
                    + process.tail());
          }
          int n = messageCount(crashed);
          return n >= 1_000 && n <= valid - 5_000 ? null : n + " of " + valid + " stored";
        },
        () -> process.tail());
    process.kill();
    int beforeRestart = messageCount(crashed);
    assertThat(beforeRestart).as("stored when killed").isBetween(1_000, valid - 1);

    process = importer(crashed, csv, "import-2.log");
    assertThat(process.awaitExit(RUN))
        .as("exit code of the second run\n%s", process.tail())
        .isZero();
    Map<String, Integer> summary = summary(process.output());
    assertThat(summary)
        .as("the second run's summary\n%s", process.tail())
        .containsEntry("read", valid + INVALID)
        .containsEntry("duplicates", beforeRestart)
        .containsEntry("stored", valid - beforeRestart)
        .containsEntry("rejected", INVALID);

    assertThat(messageCount(crashed)).isEqualTo(valid);
    assertThat(duplicateIds(crashed)).as("external ids stored more than once").isEmpty();

    PgSchema clean = PgSchema.create("parley_clean_import");
    cleanup.add(clean);
    process = importer(clean, csv, "import-clean.log");
    assertThat(process.awaitExit(RUN))
        .as("exit code of the clean run\n%s", process.tail())
        .isZero();
    assertThat(summary(process.output())).containsEntry("stored", valid);

    Set<Set<String>> threads = threads(crashed);
    assertThat(threads).as("threads after the crash and re-run").isEqualTo(threads(clean));
    assertThat(threads).hasSize(THREADS);
  }

  private ParleyProcess importer(PgSchema db, Path csv, String log) throws Exception {
    Map<String, String> env = new HashMap<>(db.env());
    env.put("PARLEY_HOME", tmp.resolve("home-" + db.name()).toString());
    ParleyProcess started =
        ParleyProcess.start(logs.resolve(log), env, "import", "--format", "twcs", csv.toString());
    cleanup.add(started);
    return started;
  }

  /**
   * A TWCS file of reply chains between customers and a brand: unique ids, a customer's tweet
   * starting each thread, every third thread written children first, a few broken rows. Answers the
   * number of valid rows.
   */
  private static int writeTwcs(Path file, Random random) throws Exception {
    List<List<String>> threads = new ArrayList<>();
    long id = 1_000_000;
    Instant time = Instant.parse("2017-10-31T08:00:00Z");
    int valid = 0;
    for (int t = 0; t < THREADS; t++) {
      String customer = Integer.toString(100_000 + random.nextInt(4_000));
      int length = 1 + random.nextInt(6);
      List<String> rows = new ArrayList<>();
      long parent = 0;
      for (int i = 0; i < length; i++) {
        boolean inbound = i % 2 == 0;
        id++;
        time = time.plusSeconds(1 + random.nextInt(30));
        String text =
            inbound
                ? "@northwindco order " + (id % 9973) + " still not here, \"help\", please"
                : "@" + customer + " Sorry about that!\nPlease DM us the order number.";
        rows.add(
            String.join(
                ",",
                Long.toString(id),
                inbound ? customer : "northwindco",
                inbound ? "True" : "False",
                TWITTER.format(time),
                '"' + text.replace("\"", "\"\"") + '"',
                i + 1 < length ? Long.toString(id + 1) : "",
                parent == 0 ? "" : parent + ".0"));
        parent = id;
        valid++;
      }
      if (t % 3 == 0) {
        Collections.reverse(rows);
      }
      threads.add(rows);
    }
    // Threads interleave a little, as in a real export sorted by nothing in particular.
    Collections.shuffle(threads, random);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(
          "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n");
      int broken = 0;
      for (int t = 0; t < threads.size(); t++) {
        for (String row : threads.get(t)) {
          out.write(row);
          out.write('\n');
        }
        if (t % (THREADS / INVALID) == 1 && broken < INVALID) {
          out.write("abc" + broken + ",123,True,Tue Oct 31 22:10:47 +0000 2017,bad id,,\n");
          broken++;
        }
      }
      assertThat(broken).isEqualTo(INVALID);
    }
    return valid;
  }

  private static final Pattern LINE =
      Pattern.compile("(?m)^(read|stored|duplicates|rejected)\\s+(\\d+)");

  private static Map<String, Integer> summary(String output) {
    Map<String, Integer> values = new HashMap<>();
    Matcher m = LINE.matcher(output);
    while (m.find()) {
      values.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return values;
  }

  private static int messageCount(PgSchema db) throws SQLException {
    try (Connection c = db.connect();
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from messages")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the migrations have not created the table yet
      }
      throw e;
    }
  }

  private static List<String> duplicateIds(PgSchema db) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = db.connect();
        var st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select external_id from messages group by workspace_id, network, external_id"
                    + " having count(*) > 1")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** Each conversation as the set of its messages' platform ids (database ids differ per run). */
  private static Set<Set<String>> threads(PgSchema db) throws SQLException {
    Map<Long, Set<String>> byConversation = new HashMap<>();
    try (Connection c = db.connect();
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("select conversation_id, external_id from messages")) {
      while (rs.next()) {
        byConversation.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
      }
    }
    return new HashSet<>(byConversation.values());
  }
}
