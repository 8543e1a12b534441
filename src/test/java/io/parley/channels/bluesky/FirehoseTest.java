package io.parley.channels.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.InboundItem;
import io.parley.shared.Network;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The firehose reader on frames built byte by byte here: DAG-CBOR header and body, a CAR v1 file
 * whose blocks are addressed by real SHA-256 CIDs, and broken variants of each.
 */
class FirehoseTest {

  static final String ALICE = "did:plc:alice";
  final List<Long> opened = new ArrayList<>();
  final Deque<List<byte[]>> connections = new ArrayDeque<>();

  @Test
  void aPostCreateIsReadFromTheCommitsCarWithItsCid() {
    byte[] record = post("hello firehose", null);
    Cid cid = Cid.ofDagCbor(record);
    connections.add(List.of(commit(7, ALICE, List.of(op("create", "xyz", cid)), car(record))));

    Firehose.Window w = firehose(200).read("6");

    assertThat(opened).containsExactly(6L);
    assertThat(w.posts()).hasSize(1);
    Firehose.PostCreate p = w.posts().get(0);
    assertThat(p.uri()).isEqualTo("at://did:plc:alice/app.bsky.feed.post/xyz");
    assertThat(p.cid()).startsWith("bafyrei").isEqualTo(cid.toString());
    assertThat(p.record()).containsEntry("text", "hello firehose");
    assertThat(w.nextCursor()).isEqualTo("7");
    assertThat(w.unreadable()).isEmpty();
  }

  @Test
  void theCidPrintsAsAtprotoDoes() {
    // the CID of the DAG-CBOR empty map {} (0xa0), as every atproto implementation prints it
    assertThat(Cid.ofDagCbor(new byte[] {(byte) 0xa0}).toString())
        .isEqualTo("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua");
  }

  @Test
  void repliesCarryTheirParentAndTheConnectorMapsBoth() {
    byte[] top = post("top level", null);
    byte[] reply = post("an answer", "at://did:plc:bob/app.bsky.feed.post/parent");
    connections.add(
        List.of(
            commit(
                3,
                ALICE,
                List.of(
                    op("create", "a", Cid.ofDagCbor(top)), op("create", "b", Cid.ofDagCbor(reply))),
                car(top, reply))));
    Firehose.Window w = firehose(200).read("2");

    BlueskyConnector connector = new BlueskyConnector(Clock.systemUTC());
    ConnectedAccount brand =
        new ConnectedAccount(
            1, 1, Network.BLUESKY, "brand.test", "did:plc:brand", "http://x", Map.of());
    var alice = new InboundItem.Author(ALICE, "alice.test", null, 3);
    InboundItem first = connector.publicItem(brand, w.posts().get(0), alice);
    InboundItem second = connector.publicItem(brand, w.posts().get(1), alice);
    assertThat(first.kind()).isEqualTo(InboundItem.Kind.MENTION);
    assertThat(first.change()).isEqualTo(InboundItem.Change.CREATED);
    assertThat(first.text()).isEqualTo("top level");
    assertThat(first.author().handle()).isEqualTo("alice.test");
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(first.rawPayload()).contains("\"langs\":[\"en\"]").contains("\"seq\":3");
    assertThat(second.kind()).isEqualTo(InboundItem.Kind.REPLY);
    assertThat(second.inReplyToExternalId())
        .isEqualTo("at://did:plc:bob/app.bsky.feed.post/parent");
    assertThat(second.fromAccountOwner()).isFalse();
  }

  @Test
  void deletesUpdatesOtherCollectionsAndOtherFramesAreSkippedButMoveTheCursor() {
    byte[] like = cbor(map("$type", "app.bsky.feed.like", "createdAt", "2026-11-23T10:00:00Z"));
    byte[] post = post("kept", null);
    connections.add(
        List.of(
            frame(
                map("op", 1L, "t", "#identity"),
                map("seq", 10L, "did", ALICE, "handle", "al.test")),
            frame(map("op", 1L, "t", "#account"), map("seq", 11L, "did", ALICE, "active", true)),
            commit(12, ALICE, List.of(deleteOp("gone")), car()),
            commit(
                13,
                ALICE,
                List.of(
                    op("update", "edited", Cid.ofDagCbor(post)),
                    opAt("create", "app.bsky.feed.like/l", Cid.ofDagCbor(like))),
                car(post, like)),
            frame(map("op", 1L, "t", "#sync"), map("seq", 14L, "did", ALICE))));

    Firehose.Window w = firehose(200).read("9");

    assertThat(w.posts()).isEmpty();
    assertThat(w.nextCursor()).isEqualTo("14");
    assertThat(w.handles()).containsEntry(ALICE, "al.test");
    assertThat(w.unreadable()).isEmpty();
  }

  @Test
  void malformedFramesAreSkippedAndCountedNeverThrown() {
    byte[] post = post("survivor", null);
    byte[] good = commit(5, ALICE, List.of(op("create", "ok", Cid.ofDagCbor(post))), car(post));
    byte[] wrongBytes = post("not what the CID names", null);
    connections.add(
        List.of(
            new byte[] {(byte) 0xff, 0x00},
            new byte[] {(byte) 0xa2},
            java.util.Arrays.copyOf(good, good.length - 3),
            // a block whose bytes do not hash to its CID
            commit(
                3,
                ALICE,
                List.of(op("create", "bad", Cid.ofDagCbor(post))),
                carOf(Cid.ofDagCbor(post), wrongBytes)),
            // a create whose record is not in the blocks
            commit(
                4, ALICE, List.of(op("create", "missing", Cid.ofDagCbor(wrongBytes))), car(post)),
            good));

    Firehose.Window w = firehose(200).read("1");

    assertThat(w.posts()).extracting(p -> p.record().get("text")).containsExactly("survivor");
    assertThat(w.malformed()).isEqualTo(4);
    assertThat(w.unreadable())
        .hasSize(5)
        .anySatisfy(r -> assertThat(r).contains("do not hash to its CID"))
        .anySatisfy(r -> assertThat(r).contains("missing").contains("not in the commit's blocks"));
    assertThat(w.nextCursor()).isEqualTo("5");
  }

  @Test
  void aWindowStopsBeforeTheCommitThatWouldOverflowItAndResumesThere() {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      byte[] a = post("p" + i + "a", null);
      byte[] b = post("p" + i + "b", null);
      frames.add(
          commit(
              100 + i,
              ALICE,
              List.of(
                  op("create", i + "a", Cid.ofDagCbor(a)), op("create", i + "b", Cid.ofDagCbor(b))),
              car(a, b)));
    }
    connections.add(frames);

    Firehose.Window w = firehose(5).read("100");

    // two commits (4 posts) fit; the third would make 6: it is left for the next window
    assertThat(w.posts()).hasSize(4);
    assertThat(w.nextCursor()).isEqualTo("102");
    assertThat(w.hasMore()).isTrue();

    connections.add(frames.subList(2, 5));
    Firehose.Window next = firehose(5).read(w.nextCursor());
    assertThat(opened).containsExactly(100L, 102L);
    assertThat(next.posts().get(0).record().get("text")).isEqualTo("p3a");
  }

  @Test
  void framesAtOrBeforeTheCursorAreNotReturnedAgain() {
    byte[] post = post("once", null);
    byte[] c = commit(8, ALICE, List.of(op("create", "x", Cid.ofDagCbor(post))), car(post));
    connections.add(List.of(c, c));
    assertThat(firehose(200).read("8").posts()).isEmpty();
  }

  @Test
  void anOutdatedCursorRestartsFromNowAndIsCounted() {
    byte[] post = post("after the restart", null);
    connections.add(
        List.of(frame(map("op", 1L, "t", "#info"), map("name", "OutdatedCursor", "message", "x"))));
    connections.add(
        List.of(commit(900, ALICE, List.of(op("create", "n", Cid.ofDagCbor(post))), car(post))));

    Firehose.Window w = firehose(200).read("5");

    assertThat(opened).containsExactly(5L, null);
    assertThat(w.outdatedCursors()).isEqualTo(1);
    assertThat(w.unreadable()).singleElement().asString().contains("some posts were missed");
    assertThat(w.posts()).hasSize(1);
    assertThat(w.nextCursor()).isEqualTo("900");
  }

  @Test
  void aCursorFromTheFutureRestartsFromNowAndForgetsTheCursor() {
    connections.add(
        List.of(
            frame(
                map("op", -1L), map("error", "FutureCursor", "message", "Cursor in the future."))));
    connections.add(List.of());

    Firehose.Window w = firehose(200).read("99999");

    assertThat(opened).containsExactly(99999L, null);
    assertThat(w.unreadable()).singleElement().asString().contains("server reset?");
    // "" is stored, so the next call starts from now instead of asking for seq 99999 again
    assertThat(w.nextCursor()).isEmpty();
    assertThat(Firehose.parseCursor(w.nextCursor())).isNull();
  }

  @Test
  void otherErrorFramesAreReportedClearly() {
    connections.add(
        List.of(frame(map("op", -1L), map("error", "ConsumerTooSlow", "message", "slow down"))));
    assertThatThrownBy(() -> firehose(200).read("1"))
        .hasMessageContaining("ConsumerTooSlow")
        .hasMessageContaining("slow down");
  }

  @Test
  void aNullCursorStartsLiveAndAQuietWindowKeepsTheCursor() {
    connections.add(List.of());
    Firehose.Window w = firehose(200).read(null);
    assertThat(opened).containsExactly((Long) null);
    assertThat(w.nextCursor()).isNull();
    connections.add(List.of());
    assertThat(firehose(200).read("42").nextCursor()).isEqualTo("42");
  }

  @Test
  void fromNowIsAPositionFoundByProbingSoNothingBetweenWindowsIsMissed() {
    for (long current : List.of(0L, 1L, 2L, 7L, 1234L, 99_999_999L)) {
      opened.clear();
      Firehose.Window w = firehose(200, true, server(current)).read(null);
      assertThat(w.nextCursor()).as("current seq %d", current).isEqualTo(Long.toString(current));
      assertThat(w.posts()).isEmpty();
      assertThat(opened).hasSizeLessThan(2 * 64 + 2).doesNotContainNull();
    }
    // a stored cursor is used as it is: no probing
    opened.clear();
    firehose(200, true, server(50)).read("40");
    assertThat(opened).containsExactly(40L);
  }

  @Test
  void dagCborRefusesWhatIsNotDagCbor() {
    assertThatThrownBy(() -> DagCbor.decode(new byte[] {(byte) 0x9f})) // indefinite array
        .isInstanceOf(DagCbor.Malformed.class);
    assertThatThrownBy(() -> DagCbor.decode(new byte[] {(byte) 0xc1, 0x00})) // tag 1
        .hasMessageContaining("tag 1");
    assertThatThrownBy(
            () -> DagCbor.decode(new byte[] {0x7a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
        .hasMessageContaining("past the end");
    assertThat(DagCbor.decode(new byte[] {0x38, 0x63})).isEqualTo(-100L);
  }

  // ------------------------------------------------------------------------------- the firehose

  Firehose firehose(int maxPosts) {
    return firehose(maxPosts, false, scripted());
  }

  Firehose firehose(int maxPosts, boolean probe, Firehose.Subscription subscription) {
    return new Firehose(
        subscription,
        Clock.systemUTC(),
        maxPosts,
        Duration.ofSeconds(2),
        Duration.ofMillis(50),
        probe);
  }

  /** Each connection plays the next list of {@link #connections}. */
  Firehose.Subscription scripted() {
    return cursor -> {
      opened.add(cursor);
      Deque<byte[]> frames =
          new ArrayDeque<>(connections.isEmpty() ? List.of() : connections.poll());
      return new Firehose.Frames() {
        @Override
        public byte[] next(Duration wait) {
          return frames.poll();
        }

        @Override
        public boolean ended() {
          return frames.isEmpty();
        }

        @Override
        public void close() {}
      };
    };
  }

  /** A server at seq {@code current}: refuses later cursors, replays from earlier ones. */
  Firehose.Subscription server(long current) {
    return cursor -> {
      List<byte[]> frames = new ArrayList<>();
      if (cursor != null && cursor > current) {
        frames.add(frame(map("op", -1L), map("error", "FutureCursor")));
      } else if (cursor != null) {
        for (long seq = cursor + 1; seq <= Math.min(current, cursor + 3); seq++) {
          frames.add(frame(map("op", 1L, "t", "#sync"), map("seq", seq, "did", ALICE)));
        }
      }
      connections.addFirst(frames);
      return scripted().open(cursor);
    };
  }

  // ------------------------------------------------------------------- frames, byte by byte

  static byte[] post(String text, String parent) {
    Map<String, Object> record = map("$type", "app.bsky.feed.post", "text", text);
    record.put("createdAt", "2026-11-23T10:00:00Z");
    record.put("langs", List.of("en"));
    if (parent != null) {
      Map<String, Object> ref = map("uri", parent, "cid", "bafyreiparent");
      record.put("reply", map("root", ref, "parent", ref));
    }
    return cbor(record);
  }

  static Map<String, Object> op(String action, String rkey, Cid cid) {
    return opAt(action, "app.bsky.feed.post/" + rkey, cid);
  }

  static Map<String, Object> opAt(String action, String path, Cid cid) {
    return map("action", action, "path", path, "cid", cid);
  }

  static Map<String, Object> deleteOp(String rkey) {
    Map<String, Object> op = map("action", "delete", "path", "app.bsky.feed.post/" + rkey);
    op.put("cid", null);
    return op;
  }

  static byte[] commit(long seq, String repo, List<Map<String, Object>> ops, byte[] car) {
    Map<String, Object> body = map("seq", seq, "repo", repo);
    body.put("ops", ops);
    body.put("blocks", car);
    body.put("time", "2026-11-23T10:00:01Z");
    body.put("rebase", false);
    body.put("tooBig", false);
    return frame(map("op", 1L, "t", "#commit"), body);
  }

  static byte[] frame(Map<String, Object> header, Map<String, Object> body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(cbor(header));
    out.writeBytes(cbor(body));
    return out.toByteArray();
  }

  /** A CAR v1 file holding the blocks under their real CIDs. */
  static byte[] car(byte[]... blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header =
        cbor(
            map(
                "version",
                1L,
                "roots",
                List.of(
                    blocks.length == 0
                        ? Cid.ofDagCbor(new byte[] {(byte) 0xa0})
                        : Cid.ofDagCbor(blocks[0]))));
    varint(out, header.length);
    out.writeBytes(header);
    for (byte[] block : blocks) {
      section(out, Cid.ofDagCbor(block), block);
    }
    return out.toByteArray();
  }

  static byte[] carOf(Cid cid, byte[] block) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header = cbor(map("version", 1L, "roots", List.of(cid)));
    varint(out, header.length);
    out.writeBytes(header);
    section(out, cid, block);
    return out.toByteArray();
  }

  static void section(ByteArrayOutputStream out, Cid cid, byte[] block) {
    byte[] c = cid.bytes();
    varint(out, c.length + block.length);
    out.writeBytes(c);
    out.writeBytes(block);
  }

  static void varint(ByteArrayOutputStream out, long n) {
    while (n >= 0x80) {
      out.write((int) (n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.write((int) n);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static byte[] cbor(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object value) {
    switch (value) {
      case null -> out.write(0xf6);
      case Boolean b -> out.write(b ? 0xf5 : 0xf4);
      case Long n when n >= 0 -> head(out, 0, n);
      case Long n -> head(out, 1, -1 - n);
      case Integer n -> write(out, (long) n);
      case String s -> {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, utf8.length);
        out.writeBytes(utf8);
      }
      case byte[] bytes -> {
        head(out, 2, bytes.length);
        out.writeBytes(bytes);
      }
      case Cid cid -> {
        head(out, 6, 42);
        byte[] c = cid.bytes();
        head(out, 2, c.length + 1);
        out.write(0);
        out.writeBytes(c);
      }
      case List<?> list -> {
        head(out, 4, list.size());
        list.forEach(v -> write(out, v));
      }
      case Map<?, ?> map -> {
        head(out, 5, map.size());
        map.forEach(
            (k, v) -> {
              write(out, k);
              write(out, v);
            });
      }
      default -> throw new IllegalArgumentException(value.getClass().toString());
    }
  }

  private static void head(ByteArrayOutputStream out, int major, long n) {
    int m = major << 5;
    if (n < 24) {
      out.write(m | (int) n);
    } else if (n < 0x100) {
      out.write(m | 24);
      out.write((int) n);
    } else if (n < 0x10000) {
      out.write(m | 25);
      out.write((int) (n >>> 8));
      out.write((int) n);
    } else {
      out.write(m | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (n >>> shift));
      }
    }
  }
}
