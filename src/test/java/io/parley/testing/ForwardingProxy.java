package io.parley.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Forwards every request to a real server and can lose answers on the way back: the request reaches
 * the server (the post is made), but the client sees the connection drop. This is the
 * crash-after-post case that exactly-once delivery must survive.
 */
public final class ForwardingProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String target;
  private final AtomicInteger toLose = new AtomicInteger();
  private volatile Predicate<HttpExchange> losing = e -> false;
  private final AtomicInteger lost = new AtomicInteger();
  private final List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();

  public ForwardingProxy(String target) throws IOException {
    this.target = target.replaceAll("/+$", "");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Loses the answers to the next {@code count} requests that {@code which} selects. */
  public void loseAnswers(int count, Predicate<HttpExchange> which) {
    losing = which;
    toLose.set(count);
  }

  public int lost() {
    return lost.get();
  }

  /** The paths of all requests forwarded so far, in order. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      paths.add(exchange.getRequestURI().getPath());
      byte[] body = exchange.getRequestBody().readAllBytes();
      var request =
          HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
              .timeout(Duration.ofSeconds(20))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                  values.forEach(v -> request.header(name, v));
                }
              });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (losing.test(exchange) && toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        lost.incrementAndGet();
        return; // closes the exchange without an answer: the client sees the connection drop
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
              });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
