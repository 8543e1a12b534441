package io.parley.channels.mastodon;

import io.parley.channels.LiveFeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Mastodon's streaming API over server-sent events ({@code GET
 * /api/v1/streaming/user/notification}): every {@code notification} event means "fetch now". The
 * event's payload is not used, so the poller's cursor stays the single source of truth.
 *
 * <p>Mastodon sends a {@code :thump} comment about every 15 seconds; a connection silent for {@link
 * #IDLE} counts as dead (a half-open TCP connection never fails by itself), so the caller reopens
 * it instead of trusting a stream that announces nothing.
 */
final class MastodonLiveFeed implements LiveFeed {

  static final Duration IDLE = Duration.ofSeconds(90);

  private final HttpClient http;
  private final URI uri;
  private final String token;
  private final Listener listener;
  private final AtomicBoolean open = new AtomicBoolean(true);
  private volatile Stream<String> lines;
  private volatile long lastHeardNanos = System.nanoTime();
  private Thread reader;

  private MastodonLiveFeed(HttpClient http, URI uri, String token, Listener listener) {
    this.http = http;
    this.uri = uri;
    this.token = token;
    this.listener = listener;
  }

  static MastodonLiveFeed open(HttpClient http, URI uri, String token, Listener listener) {
    MastodonLiveFeed feed = new MastodonLiveFeed(http, uri, token, listener);
    feed.reader = Thread.ofVirtual().name("mastodon-stream " + uri.getHost()).start(feed::read);
    return feed;
  }

  @Override
  public boolean isOpen() {
    if (open.get() && System.nanoTime() - lastHeardNanos > IDLE.toNanos()) {
      close();
    }
    return open.get();
  }

  @Override
  public void close() {
    if (open.getAndSet(false)) {
      Stream<String> current = lines;
      if (current != null) {
        current.close(); // cancels the exchange: the connection is released
      }
      reader.interrupt();
    }
  }

  private void read() {
    String reason;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + token)
              .header("Accept", "text/event-stream")
              .GET()
              .build(); // no timeout: the response never completes while the stream is healthy
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      lines = response.body();
      try (Stream<String> body = response.body()) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
          reason = "The server refused the token for streaming (HTTP " + status + ")";
        } else if (status != 200) {
          reason = "The streaming server answered HTTP " + status;
        } else if (!open.get()) {
          return;
        } else {
          reason = readEvents(body.iterator());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      reason = "The stream broke: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = "Interrupted";
    }
    if (open.getAndSet(false)) {
      listener.ended(reason);
    }
  }

  /** Reads server-sent events until the server closes the stream or the feed is closed. */
  private String readEvents(Iterator<String> input) {
    String event = null;
    boolean data = false;
    while (open.get() && input.hasNext()) {
      String line = input.next();
      lastHeardNanos = System.nanoTime();
      if (line.isEmpty()) {
        if (event != null && data && announcesSomething(event)) {
          listener.arrived();
        }
        event = null;
        data = false;
      } else if (line.startsWith(":")) {
        // heartbeat comment
      } else if (line.startsWith("event:")) {
        event = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        data = true;
      }
    }
    return "The server closed the stream";
  }

  private static boolean announcesSomething(String event) {
    return switch (event) {
      case "notification", "conversation", "status.update" -> true;
      default -> false; // filters_changed, announcement, …: nothing to fetch
    };
  }
}
