package io.parley;

import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.InboxFilter.Assignment;
import io.parley.conversations.InboxScope;
import io.parley.shared.Network;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley bench inbox}: latency of the inbox list views and of search through {@link
 * Conversations#list}, on PostgreSQL data sets of 100k to 10M messages generated in SQL. The
 * baseline, run in the same process on the same data, is the search as it was before full-text
 * search (a {@code like} scan over the messages).
 */
@Command(
    name = "inbox",
    mixinStandardHelpOptions = true,
    description = "Measure inbox list and search latency (p50/p95) on PostgreSQL.")
class InboxBench implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--messages",
      split = ",",
      defaultValue = "100000",
      description = "Data set sizes in messages, e.g. 100000,1000000,10000000.")
  List<Integer> sizes;

  @Option(
      names = "--pg-url",
      defaultValue = "${env:PARLEY_BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/parley_bench}",
      description = "PostgreSQL database for the data sets (one schema per size; not `test`).")
  String pgUrl;

  @Option(names = "--pg-user", defaultValue = "${env:PARLEY_BENCH_PG_USER:-postgres}")
  String pgUser;

  @Option(names = "--pg-password", defaultValue = "${env:PARLEY_BENCH_PG_PASSWORD:-}")
  String pgPassword;

  @Option(names = "--runs", defaultValue = "40", description = "Measured runs per query.")
  int runs;

  @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured runs per query.")
  int warmup;

  @Option(
      names = "--baseline-runs",
      defaultValue = "5",
      description = "Measured runs of each baseline (like) search; 0 skips the baseline.")
  int baselineRuns;

  @Option(
      names = "--slow-runs",
      defaultValue = "5",
      description = "Measured runs of the phrase searches (after one warm-up run).")
  int slowRuns;

  @Option(
      names = "--keep",
      description =
          "Keep the generated schemas (parley_inbox_<size>) and reuse them on the next run.")
  boolean keep;

  /** The most frequent words (rank 1 first); a long tail of made-up words follows. */
  private static final List<String> WORDS =
      List.of(
          "order",
          "the",
          "my",
          "is",
          "and",
          "refund",
          "please",
          "thanks",
          "help",
          "delivery",
          "still",
          "not",
          "package",
          "hi",
          "when",
          "account",
          "late",
          "arrived",
          "where",
          "today",
          "size",
          "return",
          "store",
          "price",
          "shipping",
          "jacket",
          "boots",
          "tent",
          "received",
          "wrong",
          "color",
          "love",
          "great",
          "support",
          "waiting",
          "days",
          "week",
          "email",
          "tracking",
          "number",
          "cancel",
          "charged",
          "twice",
          "discount",
          "code",
          "available",
          "stock",
          "again",
          "hello",
          "customer",
          "service",
          "exchange",
          "damaged",
          "box",
          "gift",
          "card",
          "website",
          "app",
          "login",
          "password",
          "reset",
          "question",
          "answer",
          "quick",
          "slow",
          "broken",
          "zipper",
          "backpack",
          "hiking",
          "trail",
          "winter",
          "summer",
          "rain",
          "waterproof",
          "warranty",
          "receipt",
          "invoice",
          "problem",
          "issue",
          "fixed",
          "thank",
          "you",
          "awesome",
          "terrible",
          "disappointed",
          "happy",
          "merci",
          "gracias",
          "danke",
          "pedido",
          "commande",
          "bestellung",
          "livraison",
          "envío",
          "lieferung",
          "reembolso",
          "remboursement",
          "rückerstattung",
          "très",
          "muy",
          "sehr",
          "bien",
          "bueno",
          "gut");

  private static final String RARE = "zephyrine";

  record Timing(String name, int rows, double p50, double p95) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (sizes.stream().anyMatch(n -> n < 1000) || runs < 1 || warmup < 0) {
      spec.commandLine().getErr().println("--messages must be >= 1000 and --runs >= 1.");
      return ImportCommand.USAGE;
    }
    for (int size : sizes) {
      run(size, out);
    }
    return 0;
  }

  private void run(int size, PrintWriter out) throws Exception {
    String schema = "parley_inbox_" + size;
    boolean reuse;
    try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
        Statement s = c.createStatement()) {
      reuse = keep && generated(s, schema, size);
      if (!reuse) {
        s.execute("drop schema if exists " + schema + " cascade");
        s.execute("create schema " + schema);
      }
    }
    Path home = Files.createTempDirectory("parley-bench-");
    Map<String, String> props = new HashMap<>();
    props.put("parley.home", home.toString());
    props.put(
        "spring.datasource.url",
        pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    props.put("spring.datasource.username", pgUser);
    props.put("spring.datasource.password", pgPassword);
    Map<String, String> previous = new HashMap<>();
    props.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
    try (ConfigurableApplicationContext context = Parley.startOffline()) {
      DataSource dataSource = context.getBean(DataSource.class);
      if (!reuse) {
        out.printf("%,d messages: generating in %s …%n", size, schema);
        out.flush();
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
          generate(c, size);
        }
        out.printf(
            "%,d messages: generated in %.0f s%n", size, (System.nanoTime() - started) / 1e9);
      }
      measure(context, size, out);
    } finally {
      previous.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
      FileSystemUtils.deleteRecursively(home);
      if (!keep) {
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
            Statement s = c.createStatement()) {
          s.execute("drop schema if exists " + schema + " cascade");
        }
      }
    }
  }

  private static boolean generated(Statement s, String schema, int size) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "select 1 from information_schema.tables where table_schema = '"
                + schema
                + "' and table_name = 'bench_inbox'")) {
      if (!rs.next()) {
        return false;
      }
    }
    try (ResultSet rs = s.executeQuery("select messages from " + schema + ".bench_inbox")) {
      return rs.next() && rs.getInt(1) == size;
    }
  }

  // ---------------------------------------------------------------- data set

  /**
   * One workspace: 8 channel accounts on 4 networks, 4 teams of 2 accounts each, 24 agents, 5,000
   * contacts, a conversation per 5 messages (3 inbound, 2 replies), newest 10% mostly open, older
   * ones mostly resolved. Text is two of 10,000 sentences of 6–12 words drawn log-uniformly from
   * {@link #WORDS} and 5,000 made-up words; every 100,003rd message carries {@link #RARE}.
   */
  private static void generate(Connection c, int messages) throws SQLException {
    int conversations = messages / 5;
    try (Statement s = c.createStatement()) {
      s.execute("set maintenance_work_mem = '256MB'");
      // Skips foreign-key triggers while loading (superuser); the data are consistent by design.
      s.execute("set session_replication_role = replica");
      s.execute("set synchronous_commit = off");
      s.execute("select setseed(0.42)");
      s.execute(
          "insert into workspaces (id, slug, name, created_at) values"
              + " (1000, 'bench', 'Bench', now())");
      String[] networks = {"X", "MASTODON", "BLUESKY", "SANDBOX"};
      for (int a = 0; a < 8; a++) {
        s.execute(
            "insert into channel_accounts (id, workspace_id, network, handle, display_name,"
                + " enabled, created_at) values ("
                + (1000 + a)
                + ", 1000, '"
                + networks[a % 4]
                + "', 'brand"
                + a
                + "', 'Brand "
                + a
                + "', false, now())");
      }
      for (int t = 0; t < 4; t++) {
        s.execute(
            "insert into teams (id, workspace_id, name) values ("
                + (1000 + t)
                + ", 1000, 'Team "
                + t
                + "')");
        s.execute(
            "insert into team_channel_accounts values ("
                + (1000 + t)
                + ", "
                + (1000 + 2 * t)
                + "), ("
                + (1000 + t)
                + ", "
                + (1001 + 2 * t)
                + ")");
      }
      s.execute(
          "insert into users (id, workspace_id, email, display_name, password_hash, role,"
              + " enabled, created_at) select 1000 + g, 1000, 'agent' || g || '@bench.test',"
              + " 'Agent ' || g, '-', 'AGENT', true, now() from generate_series(0, 23) g");
      s.execute(
          "insert into team_members select 1000 + g % 4, 1000 + g from generate_series(0, 23) g");

      s.execute("create table bench_words (rank int primary key, word text not null)");
      var values = new StringBuilder();
      for (int i = 0; i < WORDS.size(); i++) {
        values
            .append(i == 0 ? "" : ", ")
            .append("(")
            .append(i + 1)
            .append(", '")
            .append(WORDS.get(i))
            .append("')");
      }
      s.execute("insert into bench_words values " + values);
      s.execute(
          "insert into bench_words select "
              + WORDS.size()
              + " + g, (array['ka','lo','mi','ne','ru','ta','vi','so','pe','du','ga','li','mo','ri',"
              + "'ze','bu','fa','ho','ju','ky'])[1 + g % 20]"
              + " || (array['ra','en','ol','is','um','ak','et','or','an','ix'])[1 + (g / 20) % 10]"
              + " || (array['ka','lo','mi','ne','ru','ta','vi','so','pe','du','ga','li','mo','ri',"
              + "'ze','bu','fa','ho','ju','ky'])[1 + (g / 200) % 20] || 'n'"
              + " from generate_series(1, 4000) g");
      s.execute("create table bench_sentences (id int primary key, text text not null)");
      s.execute(
          "insert into bench_sentences select n, (select string_agg(w.word, ' ' order by x.k)"
              + " from (select k, least(floor(exp(random() * ln(4100)))::int, 4100) + 0 * n as r"
              + " from generate_series(1, 6 + n % 7) k offset 0) x join bench_words w on w.rank = x.r)"
              + " from generate_series(0, 9999) n");

      String[] first = {
        "Ingrid", "Ada", "Sam", "Kim", "Lee", "Zoé", "Mateo", "Aiko", "Lars", "Nina", "Omar",
        "Priya", "Jonas", "Chloé", "Diego", "Emma", "Farah", "Goran", "Hana", "Ivan", "Julia",
        "Kofi", "Lucía", "Marek", "Noor", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tariq", "Uma",
        "Vera", "Wei", "Xenia", "Yusuf", "Zara", "Björn", "Céline", "Dmitri"
      };
      String[] last = {
        "Okafor",
        "Lovelace",
        "Doe",
        "Roe",
        "Poe",
        "Müller",
        "García",
        "Tanaka",
        "Nilsen",
        "Rossi",
        "Haddad",
        "Sharma",
        "Becker",
        "Martin",
        "López",
        "Dubois",
        "Khan",
        "Petrović",
        "Sato",
        "Ivanov",
        "Silva",
        "Mensah",
        "Fernández",
        "Nowak",
        "Rahman",
        "Smirnova",
        "Ruiz",
        "Walsh",
        "Costa",
        "Berg",
        "Aziz",
        "Patel",
        "Novak",
        "Chen",
        "Popescu",
        "Yilmaz",
        "Moreau",
        "Lund",
        "Santos",
        "Kowalski",
        "Eriksen",
        "Hughes",
        "Murphy",
        "Schmidt",
        "Romano",
        "Bakker",
        "Janssen",
        "Dupont",
        "Horvat",
        "Kim",
        "Park",
        "Nguyen",
        "Tran",
        "Wong",
        "Singh",
        "Ali",
        "Mendes",
        "Castro",
        "Vargas",
        "Torres"
      };
      s.execute(
          "insert into contacts (id, workspace_id, display_name, created_at) select 1000 + g,"
              + " 1000, ("
              + array(first)
              + ")[1 + g % "
              + first.length
              + "] || ' ' || ("
              + array(last)
              + ")[1 + (g / "
              + first.length
              + ") % "
              + last.length
              + "], now() from generate_series(0, 4999) g");
      s.execute(
          "insert into contact_identities (workspace_id, contact_id, network, external_id,"
              + " handle, display_name, followers, updated_at) select 1000, id, 'X', 'u' || id,"
              + " lower(replace(display_name, ' ', '_')) || id, display_name, 100, now()"
              + " from contacts where workspace_id = 1000");

      // Indexes are built once after the load: maintaining them row by row is much slower.
      List<String> indexes = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "select indexname, indexdef from pg_indexes where schemaname = current_schema()"
                  + " and tablename in ('conversations', 'messages') and indexname not in"
                  + " (select conname from pg_constraint)")) {
        while (rs.next()) {
          indexes.add(rs.getString(2));
          try (Statement drop = c.createStatement()) {
            drop.execute("drop index " + rs.getString(1));
          }
        }
      }
      // Conversation i: account i % 8, contact (i * 7919) % 5000, last activity i * 15 s after
      // the first one, so the newest conversations have the highest ids.
      s.execute(
          "insert into conversations (id, workspace_id, channel_account_id, network, kind, status,"
              + " priority, assignee_id, team_id, contact_id, unread, message_count, preview,"
              + " created_at, last_activity_at, last_inbound_at, version)"
              + " select 1000 + i, 1000, 1000 + i % 8, (array['X','MASTODON','BLUESKY',"
              + "'SANDBOX'])[1 + i % 4], (array['MENTION','MENTION','PUBLIC_THREAD',"
              + "'DIRECT_MESSAGE'])[1 + (i / 8) % 4], case when r1 < open then 'OPEN' when"
              + " r1 < open + 0.05 then 'PENDING' else 'RESOLVED' end, 'NORMAL', case when"
              + " r2 < 0.35 then null else 1000 + floor(r2 * 1000)::int % 24 end,"
              + " case when r3 < 0.2 then 1000 + floor(r3 * 100)::int % 4 end,"
              + " 1000 + (i::bigint * 7919) % 5000, r1 < 0.3, 5, 'Preview', at - interval '28 minutes',"
              + " at, at - interval '7 minutes', 0 from (select i, random() r1, random() r2,"
              + " random() r3, case when i >= "
              + (conversations * 9 / 10)
              + " then 0.6 else 0.08 end as open, timestamp with time zone '2026-01-01 00:00Z'"
              + " + i * interval '15 seconds' as at from generate_series(0, "
              + (conversations - 1)
              + ") i offset 0) x");
      s.execute(
          "insert into messages (id, workspace_id, conversation_id, channel_account_id, network,"
              + " external_id, direction, kind, author_external_id, author_handle, author_name,"
              + " contact_id, sent_by_user_id, text, created_at, received_at, edited, deleted)"
              + " select 1000 + g, 1000, 1000 + i, 1000 + i % 8, (array['X','MASTODON','BLUESKY',"
              + "'SANDBOX'])[1 + i % 4], 'b' || g, case when k % 2 = 0 then 'IN' else 'OUT' end,"
              + " 'MENTION', case when k % 2 = 0 then 'u' || ct.id end, case when k % 2 = 0 then"
              + " ci.handle else 'brand' || i % 8 end, case when k % 2 = 0 then ct.display_name"
              + " else 'Brand' end, case when k % 2 = 0 then ct.id end, case when k % 2 = 1 then"
              + " 1000 + i % 24 end, (select text from bench_sentences where id = x.a) || ' ' ||"
              + " (select text from bench_sentences where id = x.b) || case when g % 100003 = 7"
              + " then ' "
              + RARE
              + "' else '' end, at, at, false, false from (select g, g / 5 as i, g % 5 as k,"
              + " floor(random() * 10000)::int a, floor(random() * 10000)::int b,"
              + " timestamp with time zone '2026-01-01 00:00Z' + (g / 5) * interval '15 seconds'"
              + " - (4 - g % 5) * interval '7 minutes' as at from generate_series(0, "
              + (messages - 1)
              + ") g offset 0) x join contacts ct on ct.id = 1000 + (x.i::bigint * 7919) % 5000"
              + " join contact_identities ci on ci.contact_id = ct.id");
      for (String index : indexes) {
        s.execute(index);
      }
      for (String table :
          List.of(
              "workspaces",
              "channel_accounts",
              "teams",
              "users",
              "contacts",
              "contact_identities",
              "conversations",
              "messages")) {
        s.execute(
            "select setval(pg_get_serial_sequence('"
                + table
                + "', 'id'), (select max(id) from "
                + table
                + "))");
      }
      s.execute("set session_replication_role = origin");
      s.execute("vacuum analyze");
      s.execute("create table bench_inbox (messages int not null)");
      s.execute("insert into bench_inbox values (" + messages + ")");
    }
  }

  private static String array(String[] values) {
    return "array["
        + String.join(",", Arrays.stream(values).map(v -> "'" + v + "'").toList())
        + "]";
  }

  // ---------------------------------------------------------------- measurement

  private void measure(ConfigurableApplicationContext context, int size, PrintWriter out)
      throws SQLException {
    Conversations conversations = context.getBean(Conversations.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    long agent = 1000; // in Team 0, which has the first two channel accounts
    var scope = InboxScope.limitedTo(Set.of(1000L, 1001L), Set.of(1000L));
    Map<String, Supplier<List<Conversation>>> queries = new java.util.LinkedHashMap<>();
    queries.put(
        "open (admin, whole workspace)",
        list(
            conversations,
            ConversationStatus.OPEN,
            null,
            Assignment.ALL,
            null,
            null,
            InboxScope.WHOLE_WORKSPACE,
            agent));
    queries.put(
        "open",
        list(
            conversations,
            ConversationStatus.OPEN,
            null,
            Assignment.ALL,
            null,
            null,
            scope,
            agent));
    queries.put(
        "mine",
        list(
            conversations,
            ConversationStatus.OPEN,
            null,
            Assignment.MINE,
            null,
            null,
            scope,
            agent));
    queries.put(
        "unassigned",
        list(
            conversations,
            ConversationStatus.OPEN,
            null,
            Assignment.UNASSIGNED,
            null,
            null,
            scope,
            agent));
    queries.put(
        "team view",
        list(
            conversations,
            ConversationStatus.OPEN,
            null,
            Assignment.ALL,
            1000L,
            null,
            scope,
            agent));
    queries.put(
        "network view (Mastodon)",
        list(
            conversations,
            ConversationStatus.OPEN,
            Network.MASTODON,
            Assignment.ALL,
            null,
            null,
            scope,
            agent));
    queries.put(
        "all statuses", list(conversations, null, null, Assignment.ALL, null, null, scope, agent));
    Map<String, String> searches = new java.util.LinkedHashMap<>();
    searches.put("search common word", "order");
    searches.put("search rare word", RARE);
    searches.put("search two words", "refund delivery");
    searches.put("search phrase", "\"late delivery\"");
    searches.put("search contact name", "ingrid okafor");
    searches.forEach(
        (name, text) -> {
          queries.put(
              name + " (open)",
              list(
                  conversations,
                  ConversationStatus.OPEN,
                  null,
                  Assignment.ALL,
                  null,
                  text,
                  scope,
                  agent));
          queries.put(
              name + " (all statuses)",
              list(conversations, null, null, Assignment.ALL, null, text, scope, agent));
        });
    out.printf(
        "%,d messages: measuring %d queries, %d warm-up + %d runs each …%n",
        size, queries.size(), warmup, runs);
    out.flush();
    // One pass over every query first: the JIT and the connection pool warm up on all of them,
    // not only on the ones measured first.
    queries.forEach(
        (name, query) -> {
          if (!name.startsWith("search phrase")) {
            query.get();
          }
        });
    List<Timing> timings = new ArrayList<>();
    queries.forEach(
        (name, query) -> {
          // A phrase of two frequent words rechecks many messages (ADR 0004): seconds each.
          boolean slow = name.startsWith("search phrase");
          Timing t = time(name, query, slow ? 1 : warmup, slow ? Math.min(runs, slowRuns) : runs);
          out.printf("  %s: p50 %.1f ms, p95 %.1f ms%n", t.name(), t.p50(), t.p95());
          out.flush();
          timings.add(t);
        });

    List<Timing> baseline = new ArrayList<>();
    if (baselineRuns > 0) {
      // The search before full-text: one like pattern over text, handle and name, in the open
      // view of the same agent (same SQL as Conversations#list had).
      searches.forEach(
          (name, text) ->
              baseline.add(
                  time(
                      name + " (open), like scan",
                      () -> likeScan(jdbc, text.replace("\"", ""), scope),
                      1,
                      baselineRuns)));
    }
    print(out, size, timings, baseline);
  }

  private Supplier<List<Conversation>> list(
      Conversations conversations,
      ConversationStatus status,
      Network network,
      Assignment assignment,
      Long team,
      String text,
      InboxScope scope,
      long user) {
    return () ->
        conversations.list(
            new InboxFilter(
                1000,
                status,
                network,
                assignment,
                user,
                text,
                50,
                null,
                team,
                null,
                scope,
                false,
                null,
                null,
                null));
  }

  private static List<Conversation> likeScan(JdbcClient jdbc, String text, InboxScope scope) {
    String like = "%" + text.toLowerCase(java.util.Locale.ROOT) + "%";
    var params = new ArrayList<Object>(List.of(1000L));
    String accounts =
        String.join(
            ", ", scope.channelAccountIds().stream().sorted().map(String::valueOf).toList());
    String teams =
        String.join(", ", scope.teamIds().stream().sorted().map(String::valueOf).toList());
    params.addAll(List.of(like, like, like));
    jdbc.sql(
            "select c.id from conversations c where c.workspace_id = ? and (c.channel_account_id"
                + " in ("
                + accounts
                + ") or c.team_id in ("
                + teams
                + ")) and c.status = 'OPEN'"
                + " and exists (select 1 from messages m where m.conversation_id = c.id and"
                + " (lower(m.text) like ? escape '\\' or lower(m.author_handle) like ? escape '\\'"
                + " or lower(m.author_name) like ? escape '\\')) order by c.last_activity_at desc,"
                + " c.id desc limit 50")
        .params(params)
        .query(Long.class)
        .list();
    return List.of();
  }

  private static Timing time(String name, Supplier<List<Conversation>> query, int warm, int n) {
    int rows = 0;
    for (int i = 0; i < warm; i++) {
      rows = query.get().size();
    }
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long started = System.nanoTime();
      rows = query.get().size();
      nanos[i] = System.nanoTime() - started;
    }
    Arrays.sort(nanos);
    return new Timing(
        name, rows, nanos[(n - 1) / 2] / 1e6, nanos[(int) Math.ceil(0.95 * n) - 1] / 1e6);
  }

  private static void print(
      PrintWriter out, int size, List<Timing> timings, List<Timing> baseline) {
    out.println();
    out.printf("%,d messages (%,d conversations)%n%n", size, size / 5);
    out.println("| Query | Rows | p50 ms | p95 ms |");
    out.println("|---|---:|---:|---:|");
    for (Timing t : timings) {
      out.printf("| %s | %d | %.1f | %.1f |%n", t.name(), t.rows(), t.p50(), t.p95());
    }
    for (Timing b : baseline) {
      Timing now =
          timings.stream().filter(t -> b.name().startsWith(t.name())).findFirst().orElseThrow();
      out.printf(
          "| %s | – | %.1f | %.1f (×%.1f the full-text p50) |%n",
          b.name(), b.p50(), b.p95(), b.p50() / now.p50());
    }
    out.flush();
  }
}
