package io.parley.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that answers with recorded platform payloads (from {@code shared/fixtures}),
 * for the parts of a network the local peers lack. Routes match on method and path (the query is
 * ignored); every request is recorded for assertions.
 */
public final class ReplayServer implements AutoCloseable {

  /** A canned answer. */
  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply json(String body) {
      return new Reply(200, body, Map.of());
    }
  }

  /** A request as received. */
  public record Seen(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * A server-sent-events response held open: what the test {@link #send}s is written and flushed at
   * once, until {@link #end}.
   */
  public static final class EventStream {
    private static final String END = "\u0000end";
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();

    /** Writes raw SSE text (e.g. {@code "event: notification\ndata: {}\n\n"}). */
    public EventStream send(String frame) {
      frames.add(frame);
      return this;
    }

    /** Ends the current response, as a server closing the stream does. */
    public void end() {
      frames.add(END);
    }

    /** How many times a client has opened the stream. */
    public int connections() {
      return connections.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
      connections.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      while (true) {
        String frame;
        try {
          frame = frames.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (frame == null || frame.equals(END)) {
          return;
        }
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  private final HttpServer server;
  private final Map<String, Reply> routes = new ConcurrentHashMap<>();
  private final Map<String, EventStream> streams = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  public ReplayServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            seen.add(
                new Seen(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            EventStream stream = streams.get(exchange.getRequestMethod() + " " + path);
            if (stream != null) {
              try {
                stream.serve(exchange);
              } catch (IOException e) {
                // the client hung up
              }
              return;
            }
            Reply reply = routes.get(exchange.getRequestMethod() + " " + path);
            if (reply == null) {
              reply = new Reply(404, "{\"error\":\"Record not found\"}", Map.of());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
              exchange.getResponseBody().write(bytes);
            }
          }
        });
    // streams hold their request open: every request gets its own thread
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public ReplayServer on(String method, String path, Reply reply) {
    routes.put(method + " " + path, reply);
    return this;
  }

  /** Serves {@code path} as a server-sent-events stream the test writes to. */
  public EventStream stream(String method, String path) {
    return streams.computeIfAbsent(method + " " + path, k -> new EventStream());
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  public List<Seen> seen(String method, String path) {
    return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
  }

  /** A file from {@code shared/fixtures}, found from the working directory upwards. */
  public static String fixture(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    String configured = System.getenv("PARLEY_FIXTURES");
    if (configured != null && !configured.isBlank()) {
      return read(Path.of(configured).resolve(relative));
    }
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/fixtures").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return read(candidate);
      }
      Path sibling = d.resolveSibling("shared").resolve("fixtures").resolve(relative);
      if (Files.isRegularFile(sibling)) {
        return read(sibling);
      }
    }
    throw new IllegalStateException(
        "Fixture " + relative + " not found: set PARLEY_FIXTURES to the shared/fixtures folder");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    streams.values().forEach(EventStream::end);
    server.stop(0);
  }
}
