package io.parley;

import io.parley.accounts.Workspaces;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.ingestion.IngestReport;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley bench ingest}: messages per second through the whole inbound pipeline (dedupe,
 * threading, contacts, persistence) on H2 and PostgreSQL, with the real application context.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Measure ingestion throughput (messages/s) on H2 and PostgreSQL.")
class IngestBench implements Callable<Integer> {

  enum Db {
    H2,
    POSTGRES,
    BOTH
  }

  @Spec CommandSpec spec;

  @Option(names = "--messages", defaultValue = "50000", description = "Messages to ingest.")
  int messages;

  @Option(names = "--db", defaultValue = "both", description = "h2, postgres or both.")
  Db db;

  @Option(
      names = "--pg-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
      description = "PostgreSQL to measure; a fresh schema is created and dropped.")
  String pgUrl;

  @Option(names = "--pg-user", defaultValue = "postgres")
  String pgUser;

  @Option(names = "--pg-password", defaultValue = "")
  String pgPassword;

  @Option(names = "--batch-size", defaultValue = "500", description = "Items per transaction.")
  int batchSize;

  @Option(
      names = "--warmup",
      defaultValue = "-1",
      description = "Warm-up messages (default: a fifth of --messages, at most 10000).")
  int warmup;

  @Option(
      names = "--without-search-index",
      description =
          "Also measure PostgreSQL without the full-text indexes (ADR 0004), in the same process.")
  boolean withoutSearchIndex;

  record Result(
      String database, int messages, int stored, int duplicates, double seconds, int threads) {
    double perSecond() {
      return messages / seconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (messages < 100 || batchSize < 1) {
      spec.commandLine().getErr().println("--messages must be >= 100 and --batch-size >= 1.");
      return ImportCommand.USAGE;
    }
    int warm = warmup >= 0 ? warmup : Math.min(10_000, messages / 5);
    out.printf(
        "Generating %d messages (+%d warm-up), batch size %d, %d cores …%n",
        messages, warm, batchSize, Runtime.getRuntime().availableProcessors());
    out.flush();
    List<InboundItem> measured = SyntheticTraffic.generate("m", messages, 42);
    List<InboundItem> warming = warm == 0 ? List.of() : SyntheticTraffic.generate("w", warm, 7);
    List<Result> results = new ArrayList<>();
    if (db != Db.POSTGRES) {
      results.add(onH2(measured, warming, out));
    }
    if (db != Db.H2) {
      results.add(onPostgres(measured, warming, out, false));
      if (withoutSearchIndex) {
        results.add(onPostgres(measured, warming, out, true));
      }
    }
    print(out, results);
    return 0;
  }

  private Result onH2(List<InboundItem> measured, List<InboundItem> warming, PrintWriter out)
      throws IOException {
    Path home = Files.createTempDirectory("parley-bench-");
    try {
      // Like production: an H2 file database under the Parley home.
      String url = "jdbc:h2:file:" + home.resolve("db/parley") + ";AUTO_SERVER=TRUE";
      return run("H2 (file)", home, url, "sa", "", measured, warming, out);
    } finally {
      FileSystemUtils.deleteRecursively(home);
    }
  }

  private Result onPostgres(
      List<InboundItem> measured,
      List<InboundItem> warming,
      PrintWriter out,
      boolean dropSearchIndexes)
      throws IOException, SQLException {
    Path home = Files.createTempDirectory("parley-bench-");
    String schema =
        "parley_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword)) {
      c.createStatement().execute("create schema " + schema);
    }
    try {
      String url =
          pgUrl
              + (pgUrl.contains("?") ? "&" : "?")
              + "currentSchema="
              + schema
              + "&reWriteBatchedInserts=true";
      return run(
          dropSearchIndexes ? "PostgreSQL without search indexes" : "PostgreSQL",
          home,
          url,
          pgUser,
          pgPassword,
          measured,
          warming,
          out);
    } finally {
      try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword)) {
        c.createStatement().execute("drop schema if exists " + schema + " cascade");
      }
      FileSystemUtils.deleteRecursively(home);
    }
  }

  private Result run(
      String name,
      Path home,
      String url,
      String user,
      String password,
      List<InboundItem> measured,
      List<InboundItem> warming,
      PrintWriter out) {
    Map<String, String> props = new HashMap<>();
    props.put("parley.home", home.toString());
    props.put("spring.datasource.url", url);
    props.put("spring.datasource.username", user);
    props.put("spring.datasource.password", password);
    Map<String, String> previous = new HashMap<>();
    props.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
    try (ConfigurableApplicationContext context = Parley.startOffline()) {
      Ingestion ingestion = context.getBean(Ingestion.class);
      Workspaces workspaces = context.getBean(Workspaces.class);
      ChannelAccounts accounts = context.getBean(ChannelAccounts.class);
      ChannelAccount warmAccount = account(workspaces, accounts, "bench-warmup");
      ChannelAccount account = account(workspaces, accounts, "bench");
      out.printf("%s: warming up …%n", name);
      out.flush();
      ingest(ingestion, warmAccount, warming);
      if (name.endsWith("without search indexes")) {
        context
            .getBean(JdbcClient.class)
            .sql("drop index ix_messages_search, ix_contacts_search, ix_contact_identities_search")
            .update();
      }
      if (url.startsWith("jdbc:postgresql:")) {
        // What autovacuum does on a production server after the first rows (it is often off on
        // test servers): without statistics PostgreSQL plans the per-batch lookups as scans.
        context
            .getBean(JdbcClient.class)
            .sql("analyze messages, conversations, thread_links, contacts, contact_identities")
            .update();
      }
      out.printf("%s: measuring %d messages …%n", name, measured.size());
      out.flush();
      long started = System.nanoTime();
      IngestReport report = ingest(ingestion, account, measured);
      double seconds = (System.nanoTime() - started) / 1e9;
      int threads =
          context
              .getBean(JdbcClient.class)
              .sql("select count(*) from conversations where workspace_id = ?")
              .param(account.workspaceId())
              .query(Integer.class)
              .single();
      return new Result(
          name, measured.size(), report.stored(), report.duplicates(), seconds, threads);
    } finally {
      previous.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
  }

  private static ChannelAccount account(
      Workspaces workspaces, ChannelAccounts accounts, String slug) {
    var ws = workspaces.create(slug, slug);
    ChannelAccount account =
        accounts.add(ws.id(), Network.SANDBOX, "brand", "The Brand", "brand-id", null, Map.of());
    accounts.setEnabled(account.id(), false);
    return account;
  }

  private IngestReport ingest(
      Ingestion ingestion, ChannelAccount account, List<InboundItem> items) {
    var total = new IngestReport();
    for (int from = 0; from < items.size(); from += batchSize) {
      total.add(
          ingestion.ingest(account, items.subList(from, Math.min(items.size(), from + batchSize))));
    }
    return total;
  }

  private static void print(PrintWriter out, List<Result> results) {
    out.println();
    out.println("| Database | Messages | Stored | Duplicates | Threads | Seconds | Messages/s |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      out.printf(
          "| %s | %d | %d | %d | %d | %.1f | %.0f |%n",
          r.database(),
          r.messages(),
          r.stored(),
          r.duplicates(),
          r.threads(),
          r.seconds(),
          r.perSecond());
    }
    if (results.size() == 2 && results.get(0).database().startsWith("H2")) {
      out.printf(
          "%nPostgreSQL / H2 throughput ratio: %.2f%n",
          results.get(1).perSecond() / results.get(0).perSecond());
    }
    for (Result r : results) {
      if (r.database().endsWith("without search indexes")) {
        Result with =
            results.stream()
                .filter(x -> x.database().equals("PostgreSQL"))
                .findFirst()
                .orElseThrow();
        out.printf(
            "%nPostgreSQL with / without the search indexes: %.2f%n",
            with.perSecond() / r.perSecond());
      }
    }
    out.flush();
  }
}
