package io.parley.channels.bluesky;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a bounded window of a repository firehose ({@code com.atproto.sync.subscribeRepos}) and
 * keeps the {@code app.bsky.feed.post} creates. Each binary message is two DAG-CBOR objects: a
 * header {@code {op, t}} and a body; a commit's body carries its records in a CAR file.
 *
 * <p>The cursor is the {@code seq} of the last frame taken: a window stops before a commit that
 * would exceed the post limit, so what is not returned is read again by the next window. A null
 * cursor starts from now: nothing before the connection is replayed.
 */
final class Firehose {

  static final String POST = "app.bsky.feed.post";

  /** Opens the stream after {@code cursor} (null: live, from now). */
  interface Subscription {
    Frames open(Long cursor);
  }

  /** The binary messages of one connection. */
  interface Frames extends AutoCloseable {
    /** The next message, or null when none came within {@code wait} or the stream ended. */
    byte[] next(Duration wait) throws InterruptedException;

    /** Whether the server closed the stream (nothing more will come). */
    boolean ended();

    @Override
    void close();
  }

  /** A post record created in a commit. */
  record PostCreate(
      long seq, String repo, String uri, String cid, Map<String, Object> record, Instant time) {}

  /**
   * What one window read.
   *
   * @param nextCursor the seq to resume after; "" when listening restarted from now and saw nothing
   *     yet (the stored cursor must not be used again); unchanged when nothing was read
   * @param hasMore stopped at the post limit: the server has more right now
   * @param unreadable frames and records that could not be read, one reason each
   * @param outdatedCursors times the server said the cursor was older than it keeps
   * @param handles handles announced by {@code #identity} frames, by DID
   */
  record Window(
      List<PostCreate> posts,
      String nextCursor,
      boolean hasMore,
      List<String> unreadable,
      int outdatedCursors,
      int malformed,
      Map<String, String> handles) {}

  private final Subscription subscription;
  private final Clock clock;
  private final int maxPosts;
  private final Duration length;
  private final Duration idle;
  private final boolean probe;

  /**
   * @param maxPosts posts per window; the listening pipeline reserves room for this many
   * @param length how long a window may read at most
   * @param idle how long a quiet stream is waited for before the window ends early (a live start
   *     waits the whole window: it needs one frame to learn where it is)
   * @param probe whether "from now" is found by probing ({@link #now()}) rather than read live
   */
  Firehose(
      Subscription subscription,
      Clock clock,
      int maxPosts,
      Duration length,
      Duration idle,
      boolean probe) {
    this.probe = probe;
    this.subscription = subscription;
    this.clock = clock;
    this.maxPosts = maxPosts;
    this.length = length;
    this.idle = idle;
  }

  Window read(String cursor) {
    Long after = parseCursor(cursor);
    if (after == null) {
      after = now();
    }
    Instant deadline = clock.instant().plus(length);
    List<PostCreate> posts = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    Map<String, String> handles = new HashMap<>();
    Long last = null;
    boolean restarted = false;
    boolean hasMore = false;
    int outdated = 0;
    int malformed = 0;
    Frames frames = subscription.open(after);
    try {
      reading:
      while (true) {
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
          break;
        }
        boolean live = after == null && last == null;
        byte[] message = frames.next(live || idle.compareTo(remaining) > 0 ? remaining : idle);
        if (message == null) {
          if (frames.ended() || !live) {
            break;
          }
          continue;
        }
        Frame frame;
        try {
          frame = Frame.parse(message);
        } catch (DagCbor.Malformed | ClassCastException e) {
          malformed++;
          unreadable.add(
              "firehose frame after seq " + (last == null ? after : last) + ": " + e.getMessage());
          continue;
        }
        if (frame.op() == -1) {
          String error = frame.string("error");
          if ("FutureCursor".equals(error) && !restarted) {
            // the server's sequence is behind the stored cursor: it was reset or restarted
            unreadable.add(
                "the firehose has no seq "
                    + after
                    + " yet (server reset?): listening restarted from now");
            frames.close();
            restarted = true;
            after = now();
            frames = subscription.open(after);
            continue;
          }
          String reason =
              "the Bluesky firehose sent an error: "
                  + error
                  + (frame.string("message") == null ? "" : " (" + frame.string("message") + ")");
          if (posts.isEmpty() && last == null) {
            throw new IllegalStateException(reason);
          }
          unreadable.add(reason);
          break;
        }
        if (frame.op() != 1) {
          malformed++;
          unreadable.add("firehose frame with unknown op " + frame.op());
          continue;
        }
        Long seq = frame.seq();
        if (seq != null && ((last != null && seq <= last) || (after != null && seq <= after))) {
          continue; // already taken
        }
        switch (frame.type()) {
          case "#commit" -> {
            List<PostCreate> created = new ArrayList<>();
            try {
              created.addAll(frame.postCreates(unreadable));
            } catch (DagCbor.Malformed | ClassCastException e) {
              malformed++;
              unreadable.add("firehose commit " + seq + ": " + e.getMessage());
            }
            if (!posts.isEmpty() && posts.size() + created.size() > maxPosts) {
              // this commit is read again by the next window
              hasMore = true;
              break reading;
            }
            posts.addAll(created);
          }
          case "#info" -> {
            if ("OutdatedCursor".equals(frame.string("name"))) {
              // the server no longer has everything after the cursor: what is missing is gone
              outdated++;
              unreadable.add(
                  "the firehose no longer keeps events after seq "
                      + (last == null ? after : last)
                      + "; some posts were missed and listening restarted from now");
              frames.close();
              restarted = true;
              last = null;
              after = now();
              frames = subscription.open(after);
              continue;
            }
          }
          case "#identity" -> {
            String did = frame.string("did");
            String handle = frame.string("handle");
            if (did != null && handle != null) {
              handles.put(did, handle);
            }
          }
          default -> {
            // #account, #sync and older kinds say nothing listening needs
          }
        }
        if (seq != null) {
          last = seq;
        }
        if (posts.size() >= maxPosts) {
          hasMore = true;
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      frames.close();
    }
    Long position = last != null ? last : after;
    String next = position != null ? Long.toString(position) : restarted ? "" : cursor;
    return new Window(
        List.copyOf(posts), next, hasMore, List.copyOf(unreadable), outdated, malformed, handles);
  }

  /**
   * The server's current seq, so that "from now" is a position and nothing written between two
   * windows is missed. The firehose has no call that names it, but it answers a cursor past it with
   * {@code FutureCursor}, one before it by replaying, and the current one by staying quiet: a
   * galloping then bisecting search finds it in about 2·log2(seq) short connections, once per
   * account. Null when probing is off (a busy relay: its first live frame names the position) or
   * the server does not answer that way; the window then reads live.
   */
  Long now() {
    if (!probe) {
      return null;
    }
    long behind = 0; // known to be at most the current seq
    Long ahead = null; // known to be past it
    for (int probes = 0; probes < 128; probes++) {
      if (ahead != null && ahead - behind <= 1) {
        return behind;
      }
      long x = ahead == null ? Math.max(1, behind * 2) : behind + (ahead - behind) / 2;
      if (x <= 0 || x > (1L << 53)) {
        return null;
      }
      Long answer = probe(x);
      if (answer == null) {
        return x;
      } else if (answer < 0) {
        ahead = x;
      } else {
        behind = Math.max(x, answer);
      }
    }
    return null;
  }

  /** Null: quiet at {@code x} (it is the current seq); -1: past it; else a seq at or below it. */
  private Long probe(long x) {
    try (Frames frames = subscription.open(x)) {
      for (int i = 0; i < 3; i++) {
        byte[] message = frames.next(idle);
        if (message == null) {
          return i == 0 ? null : x;
        }
        Frame frame;
        try {
          frame = Frame.parse(message);
        } catch (DagCbor.Malformed | ClassCastException e) {
          return x; // something was replayed after x
        }
        if (frame.op() == -1) {
          if ("FutureCursor".equals(frame.string("error"))) {
            return -1L;
          }
          throw new IllegalStateException(
              "the Bluesky firehose sent an error: " + frame.string("error"));
        }
        if (frame.seq() != null) {
          return frame.seq();
        }
        // an #info frame (e.g. OutdatedCursor) before the replay: the next one has a seq
      }
      return x;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static Long parseCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(cursor.trim());
    } catch (NumberFormatException e) {
      // e.g. a cursor from before listening read the firehose: start from now
      return null;
    }
  }

  /** A decoded frame: its header and body. */
  record Frame(long op, String type, Map<String, Object> body) {

    static Frame parse(byte[] message) {
      DagCbor cbor = new DagCbor(message);
      if (!(cbor.next() instanceof Map<?, ?> header)) {
        throw new DagCbor.Malformed("a header that is not a map");
      }
      if (!(header.get("op") instanceof Long op)) {
        throw new DagCbor.Malformed("a header without op");
      }
      if (!(cbor.next() instanceof Map<?, ?> body)) {
        throw new DagCbor.Malformed("a body that is not a map");
      }
      if (!cbor.atEnd()) {
        throw new DagCbor.Malformed("bytes after the body");
      }
      String type = header.get("t") instanceof String t ? t : "";
      if (op == 1 && type.isEmpty()) {
        throw new DagCbor.Malformed("a message header without t");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> b = (Map<String, Object>) body;
      return new Frame(op, type, b);
    }

    String string(String key) {
      return body.get(key) instanceof String s ? s : null;
    }

    Long seq() {
      return body.get("seq") instanceof Long s ? s : null;
    }

    /** The post records this commit creates; deletes and updates are not listening's concern. */
    List<PostCreate> postCreates(List<String> unreadable) {
      String repo = string("repo");
      Long seq = seq();
      if (repo == null || seq == null || !(body.get("ops") instanceof List<?> ops)) {
        throw new DagCbor.Malformed("a commit without repo, seq or ops");
      }
      Instant time = null;
      try {
        time = string("time") == null ? null : Instant.parse(string("time"));
      } catch (java.time.format.DateTimeParseException ignored) {
        // createdAt of the record is used instead
      }
      Map<Cid, byte[]> blocks = null;
      List<PostCreate> out = new ArrayList<>();
      for (Object o : ops) {
        if (!(o instanceof Map<?, ?> op)
            || !"create".equals(op.get("action"))
            || !(op.get("path") instanceof String path)
            || !path.startsWith(POST + "/")) {
          continue;
        }
        String uri = "at://" + repo + "/" + path;
        if (!(op.get("cid") instanceof Cid cid)) {
          unreadable.add("firehose post " + uri + ": no record CID");
          continue;
        }
        if (blocks == null) {
          if (!(body.get("blocks") instanceof byte[] car)) {
            throw new DagCbor.Malformed("a commit without blocks");
          }
          blocks = CarFile.blocks(car);
        }
        byte[] block = blocks.get(cid);
        if (block == null) {
          unreadable.add("firehose post " + uri + ": record not in the commit's blocks");
          continue;
        }
        try {
          if (!(DagCbor.decode(block) instanceof Map<?, ?> record)) {
            throw new DagCbor.Malformed("a record that is not a map");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> r = (Map<String, Object>) record;
          out.add(new PostCreate(seq, repo, uri, cid.toString(), r, time));
        } catch (DagCbor.Malformed e) {
          unreadable.add("firehose post " + uri + ": " + e.getMessage());
        }
      }
      return out;
    }
  }

  /**
   * The firehose over a WebSocket ({@code ws(s)://host/xrpc/com.atproto.sync.subscribeRepos}).
   * Messages are requested one at a time as they are taken, so a window that stops early leaves the
   * rest with the server.
   */
  static Subscription webSocket(HttpClient http, URI endpoint) {
    return cursor -> {
      URI uri = URI.create(endpoint + (cursor == null ? "" : "?cursor=" + cursor));
      WebSocketFrames frames = new WebSocketFrames();
      try {
        frames.socket =
            http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, frames)
                .get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new io.parley.channels.Unreachable(
            "Cannot open the Bluesky firehose at " + uri + ": " + cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.parley.channels.Unreachable("Interrupted opening the Bluesky firehose");
      }
      return frames;
    };
  }

  private static final class WebSocketFrames implements Frames, WebSocket.Listener {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile WebSocket socket;
    private volatile boolean ended;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      partial.writeBytes(chunk);
      if (last) {
        queue.add(partial.toByteArray());
        partial.reset();
      } else {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      webSocket.request(1); // not part of the protocol: skipped
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      queue.add(END);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      queue.add(END);
    }

    @Override
    public byte[] next(Duration wait) throws InterruptedException {
      if (ended) {
        return null;
      }
      byte[] message = queue.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
      if (message == END) {
        ended = true;
        return null;
      }
      if (message != null && socket != null) {
        socket.request(1);
      }
      return message;
    }

    @Override
    public boolean ended() {
      return ended;
    }

    @Override
    public void close() {
      WebSocket s = socket;
      if (s != null) {
        s.abort();
      }
    }
  }
}
