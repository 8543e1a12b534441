package io.parley.sandbox;

import static io.parley.sandbox.SandboxApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.sandbox.SandboxApi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The sandbox network over real HTTP on 127.0.0.1, with an in-memory store unless noted. */
class SandboxNetworkTest {

  SandboxNetwork network;
  SandboxApi api;
  String token;

  @BeforeEach
  void start() {
    network = SandboxNetwork.start(SandboxNetwork.Options.forTests());
    api = new SandboxApi(network.url());
    token = network.brandToken();
  }

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void theSameIdempotencyKeyNeverMakesASecondPost() {
    String body = json("text", "Autumn sale starts now");
    Reply first = api.post("/api/v1/posts", token, body, "Idempotency-Key", "k-1");
    Reply again = api.post("/api/v1/posts", token, body, "Idempotency-Key", "k-1");
    Reply other = api.post("/api/v1/posts", token, body, "Idempotency-Key", "k-2");

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
    assertThat(other.status()).isEqualTo(201);
    assertThat(other.json().path("id").asString()).isNotEqualTo(first.json().path("id").asString());
    assertThat(api.get("/api/v1/posts?idempotencyKey=k-1", token).json().path("id").asString())
        .isEqualTo(first.json().path("id").asString());
    assertThat(api.get("/api/v1/posts?idempotencyKey=nope", token).status()).isEqualTo(404);
    List<String> texts = texts(api.get("/api/v1/accounts/northwind/posts", null).json());
    assertThat(texts).containsExactly("Autumn sale starts now", "Autumn sale starts now");
  }

  @Test
  void invalidRequestsGetClearJsonErrors() {
    assertError(api.post("/api/v1/posts", token, json("text", " ")), 422, "text_required");
    assertError(
        api.post("/api/v1/posts", token, json("text", "x".repeat(501))), 422, "text_too_long");
    assertThat(api.post("/api/v1/posts", token, json("text", "🏔".repeat(500))).status())
        .as("the limit counts characters, not UTF-16 units")
        .isEqualTo(201);
    assertError(
        api.post("/api/v1/posts", token, json("text", "hi", "inReplyTo", "p999999")),
        422,
        "in_reply_to_not_found");
    assertError(api.post("/api/v1/posts", token, "{\"text\": "), 400, "bad_request");
    assertError(api.post("/api/v1/posts", token, "[1,2]"), 400, "bad_request");
    assertError(api.post("/api/v1/posts", token, json("text", 5)), 400, "bad_request");
    assertError(
        api.post("/api/v1/posts", token, json("text", "x".repeat(70_000))),
        413,
        "payload_too_large");
    assertError(api.method("DELETE", "/api/v1/posts", token, null), 405, "method_not_allowed");
    assertError(api.get("/api/v2/anything", token), 404, "not_found");
    assertError(api.get("/api/v1/posts/p424242", token), 404, "not_found");
    assertError(api.get("/api/v1/accounts/northwind/events", null), 401, "unauthorized");
    assertError(api.get("/api/v1/accounts/northwind/events", "wrong"), 401, "unauthorized");
    assertError(api.get("/api/v1/accounts/northwind/events?after=abc", token), 400, "bad_request");
    assertError(api.get("/api/v1/accounts/hiker_jo/events", token), 403, "forbidden");
    assertError(api.post("/admin/faults", null, json("rate429", 3.0)), 400, "bad_request");
  }

  @Test
  void faultsAnswer429WithRetryAfterAnd5xx() {
    Reply set = api.post("/admin/faults", null, json("rate429", 1.0, "retryAfterSeconds", 7));
    assertThat(set.json().path("rate429").asDouble()).isEqualTo(1.0);
    Reply limited = api.get("/api/v1/accounts/northwind/events", token);
    assertError(limited, 429, "rate_limited");
    assertThat(limited.header("Retry-After")).isEqualTo("7");

    api.post("/admin/faults", null, json("rate5xx", 1.0));
    assertThat(api.get("/api/v1/accounts/northwind/events", token).status()).isEqualTo(503);
    Reply stats = api.get("/admin/stats", null);
    assertThat(stats.status()).as("the admin console is never faulty").isEqualTo(200);
    assertThat(stats.json().path("faults").path("rate5xx").asDouble()).isEqualTo(1.0);
    assertThat(stats.json().path("accounts").asLong()).isPositive();

    api.post("/admin/faults", null, json("rateLostResponse", 1.0));
    Reply lost =
        api.post("/api/v1/posts", token, json("text", "lost answer"), "Idempotency-Key", "lost");
    assertThat(lost.status()).isEqualTo(502);
    api.post("/admin/faults", null, json());
    Reply retried =
        api.post("/api/v1/posts", token, json("text", "lost answer"), "Idempotency-Key", "lost");
    assertThat(retried.status()).as("the post was made despite the lost response").isEqualTo(200);
    assertThat(texts(api.get("/api/v1/accounts/northwind/posts", null).json()))
        .containsExactly("lost answer");
  }

  @Test
  void theFeedIsOrderedAndACursorResumesWithoutGapsOrRepeats() {
    api.post("/admin/generate?count=80", null, "");
    List<Long> all = seqs(api.get("/api/v1/accounts/northwind/events?limit=200", token).json());
    assertThat(all).hasSizeGreaterThan(40);

    List<Long> paged = new ArrayList<>();
    long next = 0;
    boolean more = true;
    while (more) {
      JsonNode page =
          api.get("/api/v1/accounts/northwind/events?limit=7&after=" + next, token).json();
      paged.addAll(seqs(page));
      next = page.path("next").asLong();
      more = page.path("hasMore").asBoolean();
    }
    assertThat(paged).isEqualTo(all);
    assertThat(paged).isSorted().doesNotHaveDuplicates();

    api.post("/admin/generate?count=20", null, "");
    JsonNode rest = api.get("/api/v1/accounts/northwind/events?after=" + next, token).json();
    List<Long> newer = seqs(rest);
    assertThat(newer).isNotEmpty().allMatch(seq -> seq > all.getLast());
    JsonNode empty =
        api.get("/api/v1/accounts/northwind/events?after=" + rest.path("next").asLong(), token)
            .json();
    assertThat(empty.path("events").isEmpty()).isTrue();
    assertThat(empty.path("next").asLong()).isEqualTo(rest.path("next").asLong());
  }

  @Test
  void theFeedShowsWhatTheBrandShouldSeeAndNothingElse() {
    String brandPost = created(api.post("/api/v1/posts", token, json("text", "New tents!")));
    String mention = adminPost("hiker_jo", "@Northwind where can I buy a tent?", null, false);
    String comment = adminPost("lea_grimpe", "Love it 😍", brandPost, false);
    String underComment = adminPost("zofia_w", "me too", comment, false);
    adminPost("zofia_w", "lovely weather today", null, false);
    String dm = adminPost("mei_hikes", "Hi, where is my parcel?", null, true);
    api.method("PATCH", "/admin/posts/" + mention, null, json("text", "@northwind tent? (edit)"));
    api.method("DELETE", "/admin/posts/" + comment, null, null);

    JsonNode events = api.get("/api/v1/accounts/northwind/events", token).json().path("events");
    List<String> seen = new ArrayList<>();
    for (JsonNode e : events) {
      JsonNode post = e.path("post");
      seen.add(
          e.path("type").asString()
              + " "
              + post.path("kind").asString()
              + " "
              + post.path("id").asString());
    }
    assertThat(seen)
        .containsExactly(
            "created post " + brandPost,
            "created mention " + mention,
            "created comment " + comment,
            "created reply " + underComment,
            "created dm " + dm,
            "edited mention " + mention,
            "deleted comment " + comment);
    JsonNode commentEvent = events.get(2).path("post");
    assertThat(commentEvent.path("contextPost").asString()).isEqualTo(brandPost);
    assertThat(commentEvent.path("author").path("name").asString()).isEqualTo("Léa Dupré");
    assertThat(events.get(4).path("post").path("dmThread").asString()).startsWith("dm");
    assertThat(events.get(5).path("post").path("text").asString()).endsWith("(edit)");
    assertThat(events.get(5).path("post").path("editedAt").isString()).isTrue();
    assertThat(events.get(1).path("post").path("text").asString())
        .as("a created event shows the post as it was then")
        .isEqualTo("@Northwind where can I buy a tent?");
    assertThat(events.get(6).path("post").path("text").asString()).isEmpty();
  }

  @Test
  void aCustomerAnswersTheBrandsReply() {
    String question = adminPost("hiker_jo", "@northwind need a jacket for next week!", null, false);
    String reply =
        created(
            api.post(
                "/api/v1/posts",
                token,
                json("text", "Try the Ridgeline!", "inReplyTo", question),
                "Idempotency-Key",
                "r1"));

    JsonNode answer = awaitPost("hiker_jo", p -> reply.equals(p.path("inReplyTo").asString()));
    assertThat(answer.path("root").asString()).isEqualTo(question);
    List<String> kinds = new ArrayList<>();
    for (JsonNode e : api.get("/api/v1/accounts/northwind/events", token).json().path("events")) {
      if (e.path("post").path("id").asString().equals(answer.path("id").asString())) {
        kinds.add(e.path("post").path("kind").asString());
      }
    }
    assertThat(kinds).containsExactly("reply");
  }

  @Test
  void theSameSeedPlaysTheSameTraffic() {
    try (SandboxNetwork twin = SandboxNetwork.start(SandboxNetwork.Options.forTests())) {
      List<String> mine = network.generate(40);
      List<String> theirs = twin.generate(40);
      assertThat(mine).isEqualTo(theirs);
      assertThat(new HashSet<>(mine.stream().map(s -> s.split(" ")[0]).toList()))
          .as("a varied mix of scenarios")
          .hasSizeGreaterThan(6);
    }
  }

  @Test
  void postsEventsAndTheTokenSurviveARestart(@TempDir Path dir) {
    var options = SandboxNetwork.Options.forTests().withData(dir);
    String firstToken;
    List<Long> before;
    String postId;
    try (SandboxNetwork disk = SandboxNetwork.start(options)) {
      var client = new SandboxApi(disk.url());
      firstToken = disk.brandToken();
      postId =
          created(
              client.post(
                  "/api/v1/posts", firstToken, json("text", "durable"), "Idempotency-Key", "d1"));
      disk.generate(25);
      before = seqs(client.get("/api/v1/accounts/northwind/events?limit=200", firstToken).json());
      assertThat(Files.readString(disk.tokenFile()).trim()).isEqualTo(firstToken);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    try (SandboxNetwork again = SandboxNetwork.start(options)) {
      var client = new SandboxApi(again.url());
      assertThat(again.brandToken()).isEqualTo(firstToken);
      assertThat(client.get("/api/v1/posts/" + postId, null).json().path("text").asString())
          .isEqualTo("durable");
      Reply replay =
          client.post(
              "/api/v1/posts", firstToken, json("text", "durable"), "Idempotency-Key", "d1");
      assertThat(replay.status()).isEqualTo(200);
      assertThat(seqs(client.get("/api/v1/accounts/northwind/events?limit=200", firstToken).json()))
          .isEqualTo(before);
      again.generate(5);
      List<Long> after =
          seqs(
              client
                  .get("/api/v1/accounts/northwind/events?after=" + before.getLast(), firstToken)
                  .json());
      assertThat(after).isNotEmpty().allMatch(seq -> seq > before.getLast());
    }
  }

  // ---------------------------------------------------------------- helpers

  private String adminPost(String author, String text, String inReplyTo, boolean dm) {
    return api.customerPost(author, text, inReplyTo, dm);
  }

  private static String created(Reply r) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private JsonNode awaitPost(String handle, java.util.function.Predicate<JsonNode> match) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode p :
          api.get("/api/v1/accounts/" + handle + "/posts", null).json().path("posts")) {
        if (match.test(p)) {
          return p;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("No matching post by @" + handle + " within 10 s");
  }

  private static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.json().path("error").path("code").asString()).isEqualTo(code);
    assertThat(r.json().path("error").path("message").asString()).isNotBlank();
    assertThat(r.raw().body()).doesNotContain("Exception").doesNotContain("at io.parley");
  }

  private static List<Long> seqs(JsonNode page) {
    List<Long> seqs = new ArrayList<>();
    page.path("events").forEach(e -> seqs.add(e.path("seq").asLong()));
    return seqs;
  }

  private static List<String> texts(JsonNode posts) {
    List<String> texts = new ArrayList<>(); // top-level customer posts
    posts.path("posts").forEach(p -> texts.add(p.path("text").asString()));
    return texts;
  }

  @Test
  void thePublicTimelineHasEveryonesPublicPostsButNoDirectMessagesAndPagesWithoutGaps() {
    String chatter = api.customerPost("zofia_w", "need new running shoes", null, false);
    String dm = api.customerPost("mei_hikes", "private question", null, true);
    String deleted = api.customerPost("spam_bot", "buy followers", null, false);
    api.method("DELETE", "/admin/posts/" + deleted, null, "");
    api.post("/admin/generate?count=60", null, "");

    assertThat(api.get("/api/v1/timelines/public", null).status()).isEqualTo(401);
    List<String> all = new ArrayList<>();
    List<String> texts = new ArrayList<>(); // top-level customer posts
    long next = 0;
    boolean more = true;
    while (more) {
      JsonNode page = api.get("/api/v1/timelines/public?limit=9&after=" + next, token).json();
      for (JsonNode p : page.path("posts")) {
        all.add(p.path("id").asString());
        if (p.path("inReplyTo").isNull()
            && !p.path("author").path("handle").asString().equals("northwind")) {
          texts.add(p.path("text").asString());
        }
        assertThat(p.path("dmThread").isNull()).isTrue();
      }
      next = page.path("next").asLong();
      more = page.path("hasMore").asBoolean();
    }

    assertThat(all).contains(chatter).doesNotContain(dm, deleted).doesNotHaveDuplicates();
    assertThat(all.stream().map(id -> Long.parseLong(id.substring(1))).toList()).isSorted();
    assertThat(texts)
        .as("the generator also posts chatter that does not mention the brand")
        .anyMatch(t -> !t.toLowerCase().contains("@northwind") && t.contains("?"));
    JsonNode empty = api.get("/api/v1/timelines/public?after=" + next, token).json();
    assertThat(empty.path("posts").isEmpty()).isTrue();
    assertThat(empty.path("next").asLong()).isEqualTo(next);
  }
}
