package io.parley;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.ParleyApi;
import io.parley.testing.ParleyProcess;
import io.parley.testing.PgSchema;
import io.parley.testing.Poll;
import io.parley.testing.ProcessDatabase;
import io.parley.testing.SandboxClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The app and the sandbox network as separate processes; the app is killed with SIGKILL while
 * replies are being delivered (slow and lossy network), customers keep posting while it is down,
 * and it is started again on the same database. Afterwards every reply exists exactly once on the
 * network and in Parley, and every customer post is stored exactly once (docs/reliability.md).
 */
class RepliesCrashIT {

  static final int REPLIES = 40;
  static final Duration STARTUP = Duration.ofSeconds(180);
  static final Duration CONVERGE = Duration.ofSeconds(240);
  static final String ADMIN = "admin@parley.local";

  @TempDir Path tmp;
  private final Path logs = ParleyProcess.logFolder("replies-crash");

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private ParleyProcess sandbox;
  private ParleyProcess app;
  private ProcessDatabase db;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : cleanup.reversed()) {
      c.close();
    }
  }

  @Test
  void onPostgres() throws Exception {
    db = PgSchema.create("parley_crash");
    cleanup.add(db);
    withLogs(this::scenario);
  }

  /** Any failure carries the tail of both processes' logs (kept under target/crash-it too). */
  private void withLogs(Poll.Step scenario) throws Exception {
    try {
      scenario.run();
    } catch (AssertionError e) {
      throw e.getMessage() != null && e.getMessage().contains("--- app log tail ---")
          ? e
          : new AssertionError(e.getMessage() + "\n" + logs(), e);
    } catch (Exception e) {
      throw new AssertionError(e + "\n" + logs(), e);
    }
  }

  private void scenario() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int sandboxPort = ParleyProcess.freePort();
    sandbox =
        ParleyProcess.start(
            logs.resolve("sandbox.log"),
            Map.of("PARLEY_HOME", tmp.resolve("sandbox-home").toString()),
            "sandbox",
            "--port",
            Integer.toString(sandboxPort),
            "--data",
            tmp.resolve("sandbox-data").toString(),
            "--rate",
            "0",
            "--seed",
            "20261123");
    cleanup.add(sandbox);
    String sandboxUrl = "http://127.0.0.1:" + sandboxPort;
    sandbox.awaitHttp(sandboxUrl + "/admin/stats", STARTUP);
    var network = new SandboxClient(sandboxUrl);
    // No delayed customer answers to the brand's replies: the feed only grows when the test says.
    network.admin("POST", "/admin/traffic", Map.of("enabled", false, "answerBackRate", 0.0));

    // Customers write first: 40 who will get a reply, plus generated traffic of every kind.
    Map<String, String> targets = new LinkedHashMap<>();
    for (int i = 1; i <= REPLIES; i++) {
      String handle = "crash_customer_" + i;
      targets.put(
          handle, network.customerPost(handle, "@northwind order " + (7000 + i) + " is late"));
    }
    network.admin("POST", "/admin/generate?count=150", null);

    String password = "crash-" + run;
    int port = ParleyProcess.freePort();
    Map<String, String> env = new HashMap<>(db.env());
    env.put("PARLEY_HOME", tmp.resolve("parley-home").toString());
    env.put("PARLEY_PORT", Integer.toString(port));
    env.put("PARLEY_ADMIN_PASSWORD", password);
    env.put("PARLEY_SANDBOX_URL", sandboxUrl);
    // Fast rounds and a short lease, so a delivery cut off by the kill is taken up again soon.
    env.put(
        "SPRING_APPLICATION_JSON",
        "{\"parley\":{\"polling\":{\"interval\":\"300ms\"},"
            + "\"outbox\":{\"interval\":\"200ms\",\"lease\":\"3s\"}}}");
    String appUrl = "http://127.0.0.1:" + port;

    app = ParleyProcess.start(logs.resolve("parley-1.log"), env);
    cleanup.add(app);
    app.awaitHttp(appUrl + "/actuator/health", STARTUP);
    awaitAllCustomerPostsStored(network);

    // A slow network that sometimes stores a post but loses the answer.
    network.faults(400, 0.05, 0.3);
    var api = new ParleyApi(appUrl, ADMIN, password);
    Map<String, String> markers = new LinkedHashMap<>();
    for (var target : targets.entrySet()) {
      long conversation = conversationOf(target.getValue());
      String marker = "[reply-" + run + "-" + target.getKey() + "]";
      api.reply(conversation, "Sorry for the wait, it ships today " + marker);
      markers.put(marker, target.getValue());
    }

    // Kill while deliveries are in flight: some done, at least one on the wire, more waiting.
    Poll.until(
        "some replies are delivered while others are still being sent",
        CONVERGE,
        () -> {
          Map<String, Integer> s = outboxStates();
          boolean inFlight =
              s.getOrDefault("SENT", 0) >= 3
                  && s.getOrDefault("SENDING", 0) >= 1
                  && s.getOrDefault("PENDING", 0) + s.getOrDefault("SENDING", 0) >= 5;
          return inFlight ? null : s.toString();
        },
        this::logs);
    app.kill();
    Map<String, Integer> atKill = outboxStates();
    assertThat(atKill.getOrDefault("PENDING", 0) + atKill.getOrDefault("SENDING", 0))
        .as("outbox rows not yet delivered when the app was killed: %s", atKill)
        .isGreaterThan(0);

    // Customers keep writing while Parley is down.
    Set<String> whileDown = new LinkedHashSet<>();
    for (int i = 1; i <= 10; i++) {
      whileDown.add(
          network.customerPost("crash_late_" + i, "@northwind anyone there? (" + i + ")"));
    }
    network.admin("POST", "/admin/generate?count=40", null);

    app = ParleyProcess.start(logs.resolve("parley-2.log"), env);
    cleanup.add(app);
    app.awaitHttp(appUrl + "/actuator/health", STARTUP);
    Poll.until(
        "every outbox row is SENT",
        CONVERGE,
        () -> {
          Map<String, Integer> s = outboxStates();
          return s.keySet().equals(Set.of("SENT")) && s.get("SENT") == REPLIES
              ? null
              : s + " " + outboxErrors();
        },
        this::logs);
    network.faults(0, 0, 0);
    awaitAllCustomerPostsStored(network);

    // Every reply exactly once on the network, and it is the post Parley recorded.
    Map<String, String> outboxExternalIds = deliveredReplies();
    List<JsonNode> brandPosts = network.brandPosts();
    for (var marker : markers.entrySet()) {
      List<JsonNode> onNetwork =
          brandPosts.stream()
              .filter(p -> p.path("text").asString().contains(marker.getKey()))
              .toList();
      assertThat(onNetwork).as("brand posts with %s on the sandbox", marker.getKey()).hasSize(1);
      JsonNode post = onNetwork.getFirst();
      assertThat(post.path("inReplyTo").asString())
          .as("what %s answers", marker.getKey())
          .isEqualTo(marker.getValue());
      assertThat(outboxExternalIds.get(marker.getKey()))
          .as("the sandbox id Parley recorded for %s", marker.getKey())
          .isEqualTo(post.path("id").asString());
    }

    // Every customer post of the brand's feed stored exactly once, the downtime ones included.
    Set<String> customerPosts = customerPostIds(network.feed());
    Map<String, Integer> stored = inboundCounts();
    assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(customerPosts);
    assertThat(stored.values()).allMatch(n -> n == 1, "stored exactly once");
    assertThat(stored.keySet()).containsAll(whileDown);
    // The cursor reaches the end of the feed: polling resumed where the killed process was. (The
    // last events may be the brand's own replies, polled a round after the last customer post.)
    String end = lastSeq(network.feed());
    Poll.until(
        "the connector cursor reaches the end of the feed (" + end + ")",
        CONVERGE,
        () -> end.equals(cursor()) ? null : "cursor at " + cursor(),
        this::logs);
  }

  private void awaitAllCustomerPostsStored(SandboxClient network) throws Exception {
    Poll.until(
        "every customer post of the sandbox feed is stored",
        CONVERGE,
        () -> {
          Set<String> missing = customerPostIds(network.feed());
          missing.removeAll(inboundCounts().keySet());
          return missing.isEmpty()
              ? null
              : missing.size() + " missing, e.g. " + missing.iterator().next();
        },
        this::logs);
  }

  /** Ids of the posts customers (not the brand) wrote, in the brand's feed. */
  private static Set<String> customerPostIds(List<JsonNode> feed) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode event : feed) {
      JsonNode post = event.path("post");
      if (!post.path("author").path("handle").asString().equalsIgnoreCase(SandboxClient.BRAND)) {
        ids.add(post.path("id").asString());
      }
    }
    return ids;
  }

  private static String lastSeq(List<JsonNode> feed) {
    return Long.toString(feed.getLast().path("seq").asLong());
  }

  private long conversationOf(String externalId) throws Exception {
    try (Connection c = db.connect();
        var st =
            c.prepareStatement(
                "select conversation_id from messages where external_id = ? and direction = 'IN'")) {
      st.setString(1, externalId);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).as("message %s is stored", externalId).isTrue();
        return rs.getLong(1);
      }
    }
  }

  private Map<String, Integer> outboxStates() throws Exception {
    return counts("select state, count(*) from outbox group by state");
  }

  private Map<String, Integer> inboundCounts() throws Exception {
    return counts(
        "select external_id, count(*) from messages where direction = 'IN' group by external_id");
  }

  private Map<String, Integer> counts(String sql) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    try (Connection c = db.connect();
        var st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getInt(2));
      }
    }
    return counts;
  }

  private String outboxErrors() throws Exception {
    StringBuilder errors = new StringBuilder();
    try (Connection c = db.connect();
        var st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select id, state, attempts, last_error from outbox where state <> 'SENT'"
                    + " order by id")) {
      while (rs.next() && errors.length() < 2000) {
        errors.append(
            String.format(
                "%n  outbox %d %s after %d attempts: %s",
                rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
      }
    }
    return errors.toString();
  }

  /**
   * Outgoing messages by reply marker, with their network id. Fails if a marker is stored more than
   * once (for example the network's echo of the reply stored as a second message).
   */
  private Map<String, String> deliveredReplies() throws Exception {
    Map<String, String> byMarker = new HashMap<>();
    try (Connection c = db.connect();
        var st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select m.text, m.external_id, m.delivery_state, o.external_id from messages m"
                    + " left join outbox o on o.message_id = m.id where m.direction = 'OUT'")) {
      while (rs.next()) {
        String text = rs.getString(1);
        int open = text.indexOf("[reply-");
        if (open < 0) {
          continue;
        }
        String marker = text.substring(open, text.indexOf(']', open) + 1);
        assertThat(byMarker)
            .as("outgoing messages in Parley with %s", marker)
            .doesNotContainKey(marker);
        assertThat(rs.getString(3)).as("delivery state of %s", marker).isEqualTo("SENT");
        assertThat(rs.getString(2)).as("message id of %s", marker).isEqualTo(rs.getString(4));
        byMarker.put(marker, rs.getString(4));
      }
    }
    assertThat(byMarker).hasSize(REPLIES);
    return byMarker;
  }

  private String cursor() throws Exception {
    try (Connection c = db.connect();
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("select cursor_value from connector_cursors")) {
      assertThat(rs.next()).as("a connector cursor").isTrue();
      String value = rs.getString(1);
      assertThat(rs.next()).as("only the sandbox account polls").isFalse();
      return value;
    }
  }

  private String logs() throws Exception {
    return "--- app log tail ---\n"
        + (app == null ? "" : app.tail())
        + "\n--- sandbox log tail ---\n"
        + (sandbox == null ? "" : sandbox.tail());
  }
}
