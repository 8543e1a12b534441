package io.parley.ingestion;

import static io.parley.testing.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.Message;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The pipeline's promises, run on H2 and on PostgreSQL (see {@link IngestionTest}). */
abstract class IngestionContract {

  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Fixtures fixtures;
  @Autowired io.parley.contacts.Contacts contacts;

  ChannelAccount account;
  long workspace;
  final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

  @BeforeEach
  void setUp() {
    var ws = fixtures.workspace();
    workspace = ws.id();
    account = fixtures.channel(ws, Network.SANDBOX);
  }

  @Test
  void storesAReplyChainAsOneConversationAndSkipsReplays() {
    var items =
        List.of(
            item("1", null, "@brand my order never arrived", t0),
            item("2", "1", "order 123 please", t0.plusSeconds(60)),
            item("3", "2", "still waiting!", t0.plusSeconds(120)));
    IngestReport first = ingestion.ingest(account, items);
    IngestReport replay = ingestion.ingest(account, items);

    assertThat(first.stored()).isEqualTo(3);
    assertThat(replay.stored()).isZero();
    assertThat(replay.duplicates()).isEqualTo(3);
    List<Conversation> inbox = inbox();
    assertThat(inbox).hasSize(1);
    Conversation c = inbox.getFirst();
    assertThat(c.messageCount()).isEqualTo(3);
    assertThat(c.kind()).isEqualTo(ConversationKind.MENTION);
    assertThat(c.preview()).isEqualTo("still waiting!");
    assertThat(c.lastActivityAt()).isEqualTo(t0.plusSeconds(120));
    assertThat(conversations.messages(c.id()))
        .extracting(Message::externalId)
        .containsExactly("1", "2", "3");
  }

  @Test
  void childBeforeParentEndsInTheSameConversation() {
    ingestion.ingest(account, List.of(item("c", "b", "grandchild", t0.plusSeconds(20))));
    ingestion.ingest(account, List.of(item("b2", "a", "second child", t0.plusSeconds(15))));
    assertThat(inbox()).hasSize(2);
    ingestion.ingest(account, List.of(item("b", "a", "child", t0.plusSeconds(10))));
    ingestion.ingest(account, List.of(item("a", null, "root", t0)));

    List<Conversation> inbox = inbox();
    assertThat(inbox).hasSize(1);
    assertThat(inbox.getFirst().messageCount()).isEqualTo(4);
    assertThat(inbox.getFirst().kind()).isEqualTo(ConversationKind.MENTION);
    assertThat(inbox.getFirst().createdAt()).isEqualTo(t0);
  }

  @Test
  void aMissingParentStillGroupsItsChildren() {
    ingestion.ingest(
        account,
        List.of(
            item("x1", "never-seen", "first answer", t0),
            item("x2", "never-seen", "second answer", t0.plusSeconds(5))));
    assertThat(inbox()).singleElement().extracting(Conversation::messageCount).isEqualTo(2);
  }

  @Test
  void commentsUnderABrandPostAreSeparateConversations() {
    var a = comment("k1", "brand-post", "love this jacket", t0);
    var b = comment("k2", "brand-post", "what sizes?", t0.plusSeconds(1));
    var reply = comment("k3", "k2", "do you have XL", t0.plusSeconds(2));
    ingestion.ingest(account, List.of(reply, a, b));
    List<Conversation> inbox = inbox();
    assertThat(inbox).hasSize(2);
    assertThat(inbox)
        .allSatisfy(c -> assertThat(c.contextExternalId()).isEqualTo("brand-post"))
        .extracting(Conversation::messageCount)
        .containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void directMessagesGroupByThread() {
    ingestion.ingest(
        account,
        List.of(
            dm("d1", "thread-9", "hi, quick question", t0),
            dm("d2", "thread-9", "about returns", t0.plusSeconds(3)),
            dm("d3", "thread-7", "another person", t0.plusSeconds(4))));
    assertThat(inbox())
        .extracting(Conversation::kind, Conversation::messageCount)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ConversationKind.DIRECT_MESSAGE, 2),
            org.assertj.core.groups.Tuple.tuple(ConversationKind.DIRECT_MESSAGE, 1));
  }

  @Test
  void editsKeepHistoryAndOutOfOrderEditsDoNotWin() {
    ingestion.ingest(account, List.of(item("e1", null, "my parcel is lost", t0)));
    ingestion.ingest(account, List.of(edit("e1", "my parcel is late", t0.plusSeconds(120))));
    ingestion.ingest(account, List.of(edit("e1", "my parcel is very late", t0.plusSeconds(60))));

    Message m = conversations.messages(inbox().getFirst().id()).getFirst();
    assertThat(m.text()).isEqualTo("my parcel is late");
    assertThat(m.edited()).isTrue();
    assertThat(conversations.revisions(m.id()))
        .extracting(Conversations.Revision::oldText)
        .contains("my parcel is lost", "my parcel is very late");
  }

  @Test
  void deletionKeepsTheTextInHistoryEvenWhenItArrivesFirst() {
    ingestion.ingest(account, List.of(deletion("g1", t0.plusSeconds(30))));
    ingestion.ingest(account, List.of(item("g1", null, "oops, wrong account", t0)));
    ingestion.ingest(account, List.of(item("g2", null, "normal", t0)));
    ingestion.ingest(account, List.of(deletion("g2", t0.plusSeconds(40))));

    for (Conversation c : inbox()) {
      Message m = conversations.messages(c.id()).getFirst();
      assertThat(m.deleted()).isTrue();
      assertThat(m.text()).isEmpty();
      assertThat(conversations.revisions(m.id()))
          .extracting(Conversations.Revision::oldText)
          .containsAnyOf("oops, wrong account", "normal");
    }
    assertThat(inbox()).hasSize(2);
  }

  @Test
  void hostileAndBrokenInputIsStoredInertOrRejectedWithAReason() {
    String script = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    String brokenUtf16 = "ok \uD800 broken \u0000 nul";
    String huge = "x".repeat(Conversations.MAX_TEXT + 5_000);
    IngestReport report =
        ingestion.ingest(
            account,
            List.of(
                item("h1", null, script, t0),
                item("h2", null, brokenUtf16, t0),
                item("h3", null, huge, t0),
                item(" ", null, "blank id", t0),
                item("h5", null, "   ", t0),
                item("i".repeat(400), null, "long id", t0)));

    assertThat(report.stored()).isEqualTo(3);
    assertThat(report.rejected())
        .hasSize(3)
        .anySatisfy(r -> assertThat(r).contains("external id is empty"))
        .anySatisfy(r -> assertThat(r).contains("text is empty"))
        .anySatisfy(r -> assertThat(r).contains("longer than 300"));
    Map<String, String> texts =
        inbox().stream()
            .flatMap(c -> conversations.messages(c.id()).stream())
            .collect(Collectors.toMap(Message::externalId, Message::text));
    assertThat(texts.get("h1")).isEqualTo(script);
    assertThat(texts.get("h2")).isEqualTo("ok \uFFFD broken  nul");
    assertThat(texts.get("h3")).startsWith("xxx").contains("cut by Parley");
  }

  @Test
  void contactsFollowTheLatestDetailsWithinAndAcrossBatchesButNotReplays() {
    var first = by("p1", "fan", "Fan", 10, t0);
    var renamed = by("p2", "fan_new", "Fan", 12, t0.plusSeconds(5));
    var back = by("p3", "fan", "Fan", 12, t0.plusSeconds(9));
    ingestion.ingest(account, List.of(first, renamed));
    var identity = contacts.identity(workspace, account.network(), "author-x").orElseThrow();
    assertThat(identity.handle()).isEqualTo("fan_new");
    assertThat(identity.followers()).isEqualTo(12);

    ingestion.ingest(account, List.of(back, renamed, first));
    var now = contacts.identity(workspace, account.network(), "author-x").orElseThrow();
    assertThat(now.handle()).isEqualTo("fan");
    assertThat(now.followers()).as("the replayed p1 (10 followers) changes nothing").isEqualTo(12);
    assertThat(now.contactId()).isEqualTo(identity.contactId());
    assertThat(inbox())
        .singleElement()
        .satisfies(c -> assertThat(c.contactId()).isEqualTo(identity.contactId()));
  }

  private static InboundItem by(String id, String handle, String name, int followers, Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        id.equals("p1") ? InboundItem.Kind.MENTION : InboundItem.Kind.REPLY,
        id.equals("p1") ? null : "p1",
        null,
        new InboundItem.Author("author-x", handle, name, followers),
        false,
        "text of " + id,
        null,
        at,
        null,
        null);
  }

  /**
   * Property: random reply forests, delivered shuffled, with duplicates and with some messages
   * never delivered, group exactly like the same forest delivered in order.
   */
  @Test
  void threadingDoesNotDependOnArrivalOrder() {
    long seed = Long.getLong("parley.seed", System.nanoTime());
    var random = new java.util.Random(seed);
    for (int trial = 0; trial < Integer.getInteger("parley.trials", 25); trial++) {
      int size = 2 + random.nextInt(30);
      List<InboundItem> forest = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String parent =
            i == 0 || random.nextInt(4) == 0 ? null : "t" + trial + "-" + random.nextInt(i);
        forest.add(item("t" + trial + "-" + i, parent, "message " + i, t0.plusSeconds(i)));
      }
      // messages that are never delivered: their children must still group through them
      Set<String> missing = new TreeSet<>();
      for (InboundItem it : forest) {
        if (random.nextInt(6) == 0) {
          missing.add(it.externalId());
        }
      }
      List<InboundItem> delivered =
          forest.stream().filter(it -> !missing.contains(it.externalId())).toList();
      if (delivered.isEmpty()) {
        continue; // every message of this forest was dropped: nothing to deliver
      }

      var inOrderWs = fixtures.workspace();
      var inOrder = fixtures.channel(inOrderWs, Network.SANDBOX);
      ingestion.ingest(inOrder, delivered);

      var shuffledWs = fixtures.workspace();
      var shuffled = fixtures.channel(shuffledWs, Network.SANDBOX);
      List<InboundItem> chaos = new ArrayList<>(delivered);
      for (int d = 0; d < size / 3; d++) {
        chaos.add(delivered.get(random.nextInt(delivered.size())));
      }
      java.util.Collections.shuffle(chaos, random);
      for (int from = 0; from < chaos.size(); ) {
        int to = Math.min(chaos.size(), from + 1 + random.nextInt(4));
        ingestion.ingest(shuffled, chaos.subList(from, to));
        from = to;
      }
      assertThat(partition(shuffledWs.id()))
          .as("seed %d trial %d", seed, trial)
          .isEqualTo(partition(inOrderWs.id()));
    }
  }

  /**
   * Work a batch holds back (counters, message inserts, merges of threads it opened) must leave
   * every conversation exactly as storing the same items one call at a time does: same threads,
   * counters, preview, kind, start, contact, unread — with ties in time, brand replies, DMs,
   * duplicates, edits and deletions of messages stored in the same batch, and deletions that arrive
   * before their message.
   */
  @Test
  void batchesLeaveConversationsAsOneItemAtATimeDoes() {
    compareBatchesWithOneItemAtATime(false);
  }

  /**
   * The same property where a batch opens threads whose parents arrive later in the same batch and
   * hang from threads stored by earlier batches: the batch merges what it opened into stored
   * conversations (its cheapest path must equal the database merge).
   */
  @Test
  void mergesIntoStoredThreadsLeaveConversationsAsOneItemAtATimeDoes() {
    compareBatchesWithOneItemAtATime(true);
  }

  private void compareBatchesWithOneItemAtATime(boolean intoStored) {
    long seed = Long.getLong("parley.seed", System.nanoTime());
    var random = new java.util.Random(seed);
    for (int trial = 0; trial < Integer.getInteger("parley.trials", 25); trial++) {
      String p = (intoStored ? "s" : "b") + trial + "-";
      int size = 3 + random.nextInt(25);
      List<InboundItem> items = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String id = p + i;
        Instant at = t0.plusSeconds(random.nextInt(12));
        String text = "text " + i + (random.nextInt(3) == 0 ? "  with\n spaces" : "");
        int shape = random.nextInt(10);
        if (shape == 0) {
          items.add(dm(id, p + "dm" + random.nextInt(2), text, at));
        } else if (i > 0 && shape <= 2) {
          items.add(brandReply(id, p + random.nextInt(i), text, at));
        } else {
          String parent = i == 0 || shape == 3 ? null : p + random.nextInt(i);
          var plain = item(id, parent, text, at);
          items.add(
              new InboundItem(
                  id,
                  plain.change(),
                  plain.kind(),
                  parent,
                  null,
                  new InboundItem.Author("a" + random.nextInt(4), "h", "n", 1),
                  false,
                  text,
                  null,
                  at,
                  null,
                  "{}"));
        }
      }
      List<InboundItem> arrivals = new ArrayList<>(items);
      for (int extra = 0; extra < size / 3; extra++) {
        String id = p + random.nextInt(size);
        Instant at = t0.plusSeconds(20 + random.nextInt(10));
        switch (random.nextInt(3)) {
          case 0 -> arrivals.add(edit(id, "edited " + extra, at));
          case 1 -> arrivals.add(deletion(id, at));
          default -> arrivals.add(items.get(random.nextInt(size)));
        }
      }
      int stored = 0;
      if (intoStored) {
        // the first items (threads' beginnings) are stored by an earlier batch; the rest arrives
        // newest first, so children come before their parents
        stored = Math.max(1, size / 3);
        java.util.Collections.shuffle(arrivals.subList(stored, arrivals.size()), random);
        arrivals
            .subList(stored, arrivals.size())
            .sort(
                java.util.Comparator.comparingInt(
                        (InboundItem it) -> Integer.parseInt(it.externalId().substring(p.length())))
                    .reversed());
      } else {
        java.util.Collections.shuffle(arrivals, random);
      }

      var oneByOneWs = fixtures.workspace();
      var oneByOne = fixtures.channel(oneByOneWs, Network.SANDBOX);
      arrivals.forEach(it -> ingestion.ingest(oneByOne, List.of(it)));

      var batchedWs = fixtures.workspace();
      var batched = fixtures.channel(batchedWs, Network.SANDBOX);
      if (stored > 0) {
        ingestion.ingest(batched, arrivals.subList(0, stored));
      }
      for (int from = stored; from < arrivals.size(); ) {
        int to =
            intoStored || random.nextBoolean()
                ? arrivals.size()
                : Math.min(arrivals.size(), from + 1 + random.nextInt(6));
        ingestion.ingest(batched, arrivals.subList(from, to));
        from = to;
      }
      assertThat(states(batchedWs.id()))
          .as("seed %d trial %d", seed, trial)
          .isEqualTo(states(oneByOneWs.id()));
    }
  }

  /**
   * Two nodes fetching the same page: the unique constraint stops the second batch's inserts (now
   * one JDBC batch), that batch is run again and finds everything stored.
   */
  @Test
  void concurrentIngestOfTheSameItemsStoresEachOnce() throws Exception {
    List<InboundItem> items = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      var plain = item("race-" + i, i == 0 ? null : "race-" + (i - 1), "m " + i, t0.plusSeconds(i));
      // without authors: the race is decided by the messages' unique constraint
      items.add(
          new InboundItem(
              plain.externalId(),
              plain.change(),
              plain.kind(),
              plain.inReplyToExternalId(),
              null,
              null,
              false,
              plain.text(),
              null,
              plain.createdAt(),
              null,
              null));
    }
    var start = new java.util.concurrent.CountDownLatch(1);
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      List<java.util.concurrent.Future<IngestReport>> runs = new ArrayList<>();
      for (int n = 0; n < 2; n++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return ingestion.ingest(account, items);
                }));
      }
      start.countDown();
      int stored = 0;
      int duplicates = 0;
      for (var run : runs) {
        IngestReport report = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        stored += report.stored();
        duplicates += report.duplicates();
      }
      assertThat(stored).isEqualTo(300);
      assertThat(duplicates).isEqualTo(300);
    }
    assertThat(inbox()).singleElement().extracting(Conversation::messageCount).isEqualTo(300);
  }

  /** Everything ingestion sets on the conversations of a workspace, without database ids. */
  private Set<List<Object>> states(long ws) {
    Set<List<Object>> states = new java.util.HashSet<>();
    for (Conversation c :
        conversations.list(
            new InboxFilter(ws, null, null, InboxFilter.Assignment.ALL, 0, null, 500))) {
      List<Message> messages = conversations.messages(c.id());
      String contact =
          messages.stream()
              .filter(m -> c.contactId() != null && c.contactId().equals(m.contactId()))
              .map(Message::authorExternalId)
              .findFirst()
              .orElse(c.contactId() == null ? null : "?");
      states.add(
          java.util.Arrays.asList(
              messages.stream()
                  .map(m -> m.externalId() + (m.deleted() ? " deleted" : "") + ":" + m.text())
                  .collect(Collectors.toCollection(TreeSet::new)),
              c.messageCount(),
              c.preview(),
              c.kind(),
              c.status(),
              c.createdAt(),
              c.lastActivityAt(),
              c.lastInboundAt(),
              c.unread(),
              c.contextExternalId(),
              contact));
    }
    return states;
  }

  static InboundItem brandReply(String id, String parent, String text, Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        InboundItem.Kind.REPLY,
        parent,
        null,
        new InboundItem.Author("brand-id", "brand", "The Brand", null),
        true,
        text,
        null,
        at,
        null,
        null);
  }

  private Set<Set<String>> partition(long ws) {
    return conversations
        .list(new InboxFilter(ws, null, null, InboxFilter.Assignment.ALL, 0, null, 500))
        .stream()
        .map(
            c ->
                conversations.messages(c.id()).stream()
                    .map(Message::externalId)
                    .collect(Collectors.toCollection(TreeSet::new)))
        .collect(Collectors.toSet());
  }

  List<Conversation> inbox() {
    return conversations.list(
        new InboxFilter(workspace, null, null, InboxFilter.Assignment.ALL, 0, null, 100));
  }

  static InboundItem comment(String id, String parent, String text, Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        InboundItem.Kind.COMMENT,
        parent,
        "brand-post",
        new InboundItem.Author("fan-" + id, "fan" + id, "Fan " + id, 5),
        false,
        text,
        null,
        at,
        null,
        null);
  }

  static InboundItem dm(String id, String thread, String text, Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        InboundItem.Kind.DIRECT_MESSAGE,
        null,
        thread,
        new InboundItem.Author("p-" + thread, "person" + thread, null, null),
        false,
        text,
        null,
        at,
        null,
        null);
  }

  static InboundItem edit(String id, String text, Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.EDITED,
        InboundItem.Kind.MENTION,
        null,
        null,
        new InboundItem.Author("u-e", "ue", null, null),
        false,
        text,
        null,
        at.minusSeconds(600),
        at,
        null);
  }

  static InboundItem deletion(String id, Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.DELETED,
        InboundItem.Kind.MENTION,
        null,
        null,
        null,
        false,
        "",
        null,
        at,
        at,
        null);
  }
}
