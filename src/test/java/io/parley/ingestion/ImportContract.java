package io.parley.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Conversations;
import io.parley.conversations.Direction;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.Message;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** {@code parley import} on a database: run on H2 and PostgreSQL (see {@link ImportTest}). */
abstract class ImportContract {

  @Autowired Importer importer;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Fixtures fixtures;

  @TempDir Path dir;
  Path twcs;
  ChannelAccount account;

  @BeforeEach
  void setUp() throws IOException {
    account = fixtures.channel(fixtures.workspace(), Network.X);
    twcs = dir.resolve("twcs.csv");
    byte[] sample = resource("/import/twcs-sample.csv");
    // Rows a text resource cannot hold: invalid UTF-8 bytes, and text over the size limit.
    byte[] invalid =
        concat(
            "6001,115806,True,Thu Nov 02 12:00:00 +0000 2017,caf".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xE9, ',', ','},
            "\n".getBytes(StandardCharsets.UTF_8));
    byte[] oversized =
        ("6002,115807,True,Thu Nov 02 12:00:00 +0000 2017,"
                + "y".repeat(Conversations.MAX_TEXT + 1)
                + ",,\n")
            .getBytes(StandardCharsets.UTF_8);
    Files.write(twcs, concat(sample, invalid, oversized));
  }

  @Test
  void theTwcsSampleBecomesExactlyTheExpectedThreads() {
    ImportSummary summary = importer.importFile(account, ImportFormat.TWCS, twcs, 4);

    assertThat(summary.read()).isEqualTo(17);
    assertThat(summary.stored()).isEqualTo(9);
    assertThat(summary.duplicates()).isZero();
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.threads()).isEqualTo(4);
    assertThat(summary.rejected()).isEqualTo(7);

    Map<Set<String>, Conversation> threads = threadsById(account.workspaceId());
    assertThat(threads.keySet())
        .containsExactlyInAnyOrder(
            Set.of("1001", "1002", "1003", "1004"),
            Set.of("2002", "2003"),
            Set.of("3001"),
            Set.of("100000", "100001"));

    Conversation signal = threads.get(Set.of("1001", "1002", "1003", "1004"));
    assertThat(signal.kind()).isEqualTo(ConversationKind.MENTION);
    assertThat(signal.messageCount()).isEqualTo(4);
    assertThat(signal.createdAt()).isEqualTo(Instant.parse("2017-10-31T22:10:47Z"));
    assertThat(signal.lastActivityAt()).isEqualTo(Instant.parse("2017-10-31T22:25:30Z"));
    assertThat(signal.lastInboundAt()).isEqualTo(Instant.parse("2017-10-31T22:20:02Z"));
    List<Message> messages = conversations.messages(signal.id());
    assertThat(messages)
        .extracting(Message::externalId, Message::direction, Message::createdAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "1001", Direction.IN, Instant.parse("2017-10-31T22:10:47Z")),
            org.assertj.core.groups.Tuple.tuple(
                "1002", Direction.OUT, Instant.parse("2017-10-31T22:15:00Z")),
            org.assertj.core.groups.Tuple.tuple(
                "1003", Direction.IN, Instant.parse("2017-10-31T22:20:02Z")),
            org.assertj.core.groups.Tuple.tuple(
                "1004", Direction.OUT, Instant.parse("2017-10-31T22:25:30Z")));
    assertThat(messages.get(1).text()).endsWith("zip code?\n-AB");
    assertThat(messages.get(2).text()).contains("the \"fast\" reply 🙄");
    assertThat(messages.get(3).inReplyToExternalId()).isEqualTo("1002");

    Conversation orphan = threads.get(Set.of("2002", "2003"));
    assertThat(orphan.kind()).isEqualTo(ConversationKind.PUBLIC_THREAD);
    assertThat(orphan.messageCount()).isEqualTo(2);
    assertThat(conversations.messages(threads.get(Set.of("3001")).id()).getFirst().text())
        .isEqualTo("@Delta two lines:\r\nmy bag did not arrive");
    assertThat(threads.get(Set.of("100000", "100001")).createdAt())
        .isEqualTo(Instant.parse("2017-11-02T10:00:00Z"));
  }

  @Test
  void rejectedRowsAreListedWithRowNumbersAndReasonsWhileTheRestIsStored() {
    ImportSummary summary = importer.importFile(account, ImportFormat.TWCS, twcs, 500);

    assertThat(summary.stored()).isEqualTo(9);
    assertThat(summary.firstRejections())
        .containsExactly(
            "row 11 (line 14): expected 7 columns, found 5",
            "row 12 (line 15): created_at 'yesterday at noon' is not a date like 'Tue Oct 31"
                + " 22:10:47 +0000 2017'",
            "row 13 (line 16): tweet_id 'abc' is not a number",
            "row 14 (line 17): tweet_id '5003.5' is not an integer",
            "row 15 (line 18): text is empty",
            "row 16 (line 19): invalid UTF-8 bytes in column 5",
            "row 17 (line 20): text is longer than 100000 characters");
  }

  @Test
  void runningTheSameImportAgainStoresNothing() {
    importer.importFile(account, ImportFormat.TWCS, twcs, 3);
    Set<Set<String>> before = threadsById(account.workspaceId()).keySet();

    ImportSummary again = importer.importFile(account, ImportFormat.TWCS, twcs, 5);

    assertThat(again.stored()).isZero();
    assertThat(again.duplicates()).isEqualTo(9);
    assertThat(again.threads()).isEqualTo(4);
    assertThat(again.rejected()).isEqualTo(7);
    assertThat(threadsById(account.workspaceId()).keySet()).isEqualTo(before);
    assertThat(threadsById(account.workspaceId()).values())
        .extracting(Conversation::messageCount)
        .containsExactlyInAnyOrder(4, 2, 1, 2);
  }

  @Test
  void importedThreadsEqualTheSameItemsIngestedDirectlyInAnotherOrder() throws IOException {
    importer.importFile(account, ImportFormat.TWCS, twcs, 2);

    List<InboundItem> items = new ArrayList<>();
    try (var reader = new TwcsReader(Files.newInputStream(twcs), JsonMapper.builder().build())) {
      ImportRecord r;
      while ((r = reader.next()) != null) {
        if (r.problem() == null && Importer.problem(r.item()) == null) {
          items.add(r.item());
        }
      }
    }
    Collections.reverse(items);
    Collections.shuffle(items, new Random(3));
    ChannelAccount direct = fixtures.channel(fixtures.workspace(), Network.X);
    for (InboundItem item : items) {
      ingestion.ingest(direct, List.of(item));
    }

    assertThat(threadsById(direct.workspaceId()).keySet())
        .isEqualTo(threadsById(account.workspaceId()).keySet());
  }

  @Test
  void theJsonlSampleBecomesItsThreadsWithEditsApplied() throws IOException {
    Path jsonl = dir.resolve("sample.jsonl");
    Files.write(jsonl, resource("/import/sample.jsonl"));
    assertThat(importer.networkOf(ImportFormat.JSONL, jsonl)).isEqualTo(Network.MASTODON);
    ChannelAccount mastodon = fixtures.channel(fixtures.workspace(), Network.MASTODON);

    ImportSummary summary = importer.importFile(mastodon, ImportFormat.JSONL, jsonl, 500);

    assertThat(summary.read()).isEqualTo(12);
    assertThat(summary.stored()).isEqualTo(7);
    assertThat(summary.updates()).isEqualTo(1);
    assertThat(summary.threads()).isEqualTo(4);
    assertThat(summary.rejected()).isEqualTo(4);
    assertThat(summary.firstRejections())
        .extracting(r -> r.substring(0, r.indexOf(':')))
        .containsExactly("line 10", "line 11", "line 12", "line 13");
    Map<Set<String>, Conversation> threads = threadsById(mastodon.workspaceId());
    assertThat(threads.keySet())
        .containsExactlyInAnyOrder(
            Set.of("m-1"), Set.of("c-1", "c-2"), Set.of("c-3"), Set.of("d-1", "d-2", "d-3"));
    Conversation dm = threads.get(Set.of("d-1", "d-2", "d-3"));
    assertThat(dm.kind()).isEqualTo(ConversationKind.DIRECT_MESSAGE);
    assertThat(conversations.messages(dm.id()))
        .extracting(Message::direction)
        .containsExactly(Direction.IN, Direction.OUT, Direction.IN);
    assertThat(threads.get(Set.of("c-1", "c-2")).contextExternalId()).isEqualTo("post-1");
    Message edited = conversations.messages(threads.get(Set.of("m-1")).id()).getFirst();
    assertThat(edited.text()).endsWith("tracking says delivered");
    assertThat(edited.edited()).isTrue();
  }

  private Map<Set<String>, Conversation> threadsById(long workspace) {
    return conversations
        .list(new InboxFilter(workspace, null, null, InboxFilter.Assignment.ALL, 0, null, 500))
        .stream()
        .collect(
            Collectors.toMap(
                c ->
                    conversations.messages(c.id()).stream()
                        .map(Message::externalId)
                        .collect(Collectors.toCollection(TreeSet::new)),
                c -> c));
  }

  private byte[] resource(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
