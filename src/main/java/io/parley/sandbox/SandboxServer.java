package io.parley.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.sandbox.SandboxStore.Account;
import io.parley.sandbox.SandboxStore.Event;
import io.parley.sandbox.SandboxStore.Post;
import io.parley.sandbox.SandboxStore.Published;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's HTTP API on 127.0.0.1: a small social network's REST surface ({@code /api/v1}) plus
 * an unauthenticated loopback {@code /admin} console for demos and tests (faults, traffic, stats).
 * Every failure is a JSON error with a fitting status; no stack trace ever leaves the server.
 */
final class SandboxServer implements AutoCloseable {

  static final int MAX_BODY = 64 * 1024;
  static final int MAX_TEXT = 500;

  private static final System.Logger log = System.getLogger(SandboxServer.class.getName());
  private static final Pattern EVENTS = Pattern.compile("/api/v1/accounts/([^/]+)/events");
  private static final Pattern ACCOUNT_POSTS = Pattern.compile("/api/v1/accounts/([^/]+)/posts");
  private static final Pattern POST = Pattern.compile("/api/v1/posts/([^/]+)");
  private static final Pattern ADMIN_TOKEN = Pattern.compile("/admin/accounts/([^/]+)/token");
  private static final Pattern ADMIN_POST = Pattern.compile("/admin/posts/([^/]+)");

  private final SandboxStore store;
  private final TrafficGenerator traffic;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Random faultDice = new Random();
  private volatile Faults faults = Faults.NONE;

  /**
   * Injected failures for the {@code /api} surface.
   *
   * @param latencyMs added to every API response
   * @param rate429 share of API requests answered 429 with {@code Retry-After}
   * @param rate5xx share of API requests answered 503
   * @param rateLostResponse share of successful post creations whose response is replaced by a 502
   *     after the post was stored (the client cannot know it worked)
   * @param retryAfterSeconds the {@code Retry-After} value sent with 429
   */
  record Faults(
      long latencyMs,
      double rate429,
      double rate5xx,
      double rateLostResponse,
      int retryAfterSeconds) {
    static final Faults NONE = new Faults(0, 0, 0, 0, 1);

    Faults {
      if (latencyMs < 0 || latencyMs > 60_000) {
        throw SandboxException.badRequest("latencyMs must be between 0 and 60000");
      }
      for (double rate : new double[] {rate429, rate5xx, rateLostResponse}) {
        if (rate < 0 || rate > 1) {
          throw SandboxException.badRequest("rates must be between 0.0 and 1.0");
        }
      }
      if (retryAfterSeconds < 0 || retryAfterSeconds > 3600) {
        throw SandboxException.badRequest("retryAfterSeconds must be between 0 and 3600");
      }
    }
  }

  SandboxServer(SandboxStore store, TrafficGenerator traffic, int port) throws IOException {
    this.store = store;
    this.traffic = traffic;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void faults(Faults faults) {
    this.faults = faults;
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      Response response;
      try {
        response = route(exchange);
      } catch (SandboxException e) {
        if (e.status() >= 500) {
          log.log(System.Logger.Level.WARNING, "Sandbox request failed: " + e.getMessage());
        }
        response = Response.error(e.status(), e.code(), e.getMessage());
      } catch (RuntimeException e) {
        log.log(System.Logger.Level.WARNING, "Sandbox request failed", e);
        response = Response.error(500, "internal_error", "The sandbox failed to handle this");
      }
      send(exchange, response);
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  private Response route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.startsWith("/admin/")) {
      return admin(ex, path, method);
    }
    if (!path.startsWith("/api/v1/")) {
      throw new SandboxException(404, "not_found", "Unknown path " + path);
    }
    Faults f = faults;
    if (f.latencyMs() > 0) {
      try {
        Thread.sleep(f.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (roll(f.rate429())) {
      return Response.error(429, "rate_limited", "Too many requests, slow down")
          .header("Retry-After", Integer.toString(f.retryAfterSeconds()));
    }
    if (roll(f.rate5xx())) {
      return Response.error(503, "unavailable", "The sandbox is having a bad moment");
    }
    Matcher m;
    if ((m = EVENTS.matcher(path)).matches()) {
      allow(method, "GET");
      return events(ex, decode(m.group(1)));
    }
    if ((m = ACCOUNT_POSTS.matcher(path)).matches()) {
      allow(method, "GET");
      String handle = decode(m.group(1));
      Account account =
          store.account(handle).orElseThrow(() -> SandboxException.notFound("account @" + handle));
      return Response.ok(200, posts(store.postsBy(account, 1000)));
    }
    if (path.equals("/api/v1/timelines/public")) {
      allow(method, "GET");
      return publicTimeline(ex);
    }
    if (path.equals("/api/v1/me")) {
      allow(method, "GET");
      return Response.ok(200, SandboxJson.account(caller(ex)));
    }
    if (path.equals("/api/v1/posts")) {
      if (method.equals("POST")) {
        return createPost(ex, f);
      }
      allow(method, "GET");
      return lookup(ex);
    }
    if ((m = POST.matcher(path)).matches()) {
      allow(method, "GET");
      String id = decode(m.group(1));
      Post post = store.post(id).orElseThrow(() -> SandboxException.notFound("post " + id));
      return Response.ok(200, SandboxJson.post(post));
    }
    throw notFound(ex);
  }

  private Response events(HttpExchange ex, String handle) {
    Account caller = caller(ex);
    if (!caller.handle().equalsIgnoreCase(handle)) {
      throw new SandboxException(
          403, "forbidden", "This token belongs to @" + caller.handle() + ", not @" + handle);
    }
    Map<String, String> query = query(ex);
    long after = number(query, "after", 0, 0, Long.MAX_VALUE);
    int limit = (int) number(query, "limit", 50, 1, 200);
    List<Event> events = store.events(caller, after, limit + 1);
    boolean hasMore = events.size() > limit;
    List<Event> page = hasMore ? events.subList(0, limit) : events;
    ObjectNode body = SandboxJson.object();
    ArrayNode array = body.putArray("events");
    page.forEach(e -> array.add(SandboxJson.event(e)));
    body.put("next", page.isEmpty() ? after : page.getLast().seq());
    body.put("hasMore", hasMore);
    return Response.ok(200, body);
  }

  /** Every account's public posts after the {@code after} post sequence number, oldest first. */
  private Response publicTimeline(HttpExchange ex) {
    caller(ex);
    Map<String, String> query = query(ex);
    long after = number(query, "after", 0, 0, Long.MAX_VALUE);
    int limit = (int) number(query, "limit", 50, 1, 200);
    List<Post> posts = store.publicTimeline(after, limit + 1);
    boolean hasMore = posts.size() > limit;
    List<Post> page = hasMore ? posts.subList(0, limit) : posts;
    ObjectNode body = SandboxJson.object();
    ArrayNode array = body.putArray("posts");
    page.forEach(p -> array.add(SandboxJson.post(p)));
    body.put("next", page.isEmpty() ? after : SandboxStore.sequenceOf(page.getLast().id()));
    body.put("hasMore", hasMore);
    return Response.ok(200, body);
  }

  private Response createPost(HttpExchange ex, Faults f) throws IOException {
    Account caller = caller(ex);
    JsonNode body = json(ex);
    String text = SandboxJson.text(body, "text");
    String inReplyTo = blankToNull(SandboxJson.text(body, "inReplyTo"));
    String dmThread = blankToNull(SandboxJson.text(body, "dmThread"));
    if (text == null || text.isBlank()) {
      throw SandboxException.invalid("text_required", "text is required");
    }
    int length = text.codePointCount(0, text.length());
    if (length > MAX_TEXT) {
      throw SandboxException.invalid(
          "text_too_long", "text is " + length + " characters; the limit is " + MAX_TEXT);
    }
    String key = blankToNull(ex.getRequestHeaders().getFirst("Idempotency-Key"));
    if (key != null && key.length() > 200) {
      throw SandboxException.badRequest("Idempotency-Key is longer than 200 characters");
    }
    Published published = store.publish(caller, text, inReplyTo, dmThread, key);
    if (published.created() && roll(f.rateLostResponse())) {
      return Response.error(502, "bad_gateway", "Upstream connection reset");
    }
    return Response.ok(published.created() ? 201 : 200, SandboxJson.post(published.post()));
  }

  private Response lookup(HttpExchange ex) {
    Account caller = caller(ex);
    String key = query(ex).get("idempotencyKey");
    if (key == null || key.isBlank()) {
      throw SandboxException.badRequest("idempotencyKey is required");
    }
    Post post =
        store
            .postByKey(caller, key)
            .orElseThrow(
                () ->
                    new SandboxException(
                        404, "not_found", "No post by @" + caller.handle() + " with that key"));
    return Response.ok(200, SandboxJson.post(post));
  }

  // ---------------------------------------------------------------- admin

  private Response admin(HttpExchange ex, String path, String method) throws IOException {
    Matcher m;
    switch (path) {
      case "/admin/faults" -> {
        if (method.equals("POST")) {
          JsonNode body = json(ex);
          faults =
              new Faults(
                  body.path("latencyMs").asLong(0),
                  body.path("rate429").asDouble(0),
                  body.path("rate5xx").asDouble(0),
                  body.path("rateLostResponse").asDouble(0),
                  body.path("retryAfterSeconds").asInt(1));
        } else {
          allow(method, "GET");
        }
        return Response.ok(200, faultsJson());
      }
      case "/admin/generate" -> {
        allow(method, "POST");
        int count = (int) number(query(ex), "count", 1, 1, 1000);
        ObjectNode body = SandboxJson.object();
        ArrayNode steps = body.putArray("steps");
        traffic.generate(count).forEach(steps::add);
        body.put("generated", count);
        return Response.ok(200, body);
      }
      case "/admin/traffic" -> {
        if (method.equals("POST")) {
          JsonNode body = json(ex);
          var current = traffic.settings();
          boolean enabled = body.path("enabled").asBoolean(current.perMinute() > 0);
          double perMinute =
              body.has("perMinute") ? body.path("perMinute").asDouble() : current.perMinute();
          if (enabled && perMinute == 0) {
            perMinute = SandboxNetwork.DEFAULT_RATE;
          }
          traffic.apply(
              new TrafficGenerator.Settings(
                  enabled ? perMinute : 0,
                  body.path("answerBackRate").asDouble(current.answerBackRate()),
                  body.path("answerBackDelayMs").asLong(current.answerBackDelayMs())));
        } else {
          allow(method, "GET");
        }
        return Response.ok(200, trafficJson());
      }
      case "/admin/stats" -> {
        allow(method, "GET");
        ObjectNode body = SandboxJson.MAPPER.valueToTree(store.stats());
        body.set("faults", faultsJson());
        body.set("traffic", trafficJson());
        return Response.ok(200, body);
      }
      case "/admin/posts" -> {
        allow(method, "POST");
        return adminPost(ex);
      }
      default -> {
        if ((m = ADMIN_TOKEN.matcher(path)).matches()) {
          allow(method, "GET");
          String handle = decode(m.group(1));
          String token =
              store
                  .token(handle)
                  .orElseThrow(
                      () -> SandboxException.notFound("brand account with a token @" + handle));
          ObjectNode body = SandboxJson.object();
          body.put("handle", handle);
          body.put("token", token);
          return Response.ok(200, body);
        }
        if ((m = ADMIN_POST.matcher(path)).matches()) {
          String id = decode(m.group(1));
          if (method.equals("DELETE")) {
            return Response.ok(200, SandboxJson.post(store.delete(id)));
          }
          allow(method, "PATCH");
          String text = SandboxJson.text(json(ex), "text");
          if (text == null || text.isBlank()) {
            throw SandboxException.invalid("text_required", "text is required");
          }
          return Response.ok(200, SandboxJson.post(store.edit(id, text)));
        }
        throw notFound(ex);
      }
    }
  }

  /**
   * Posts as a customer, for scripted demos and tests: {"author","name","text","inReplyTo","dm"}.
   */
  private Response adminPost(HttpExchange ex) throws IOException {
    JsonNode body = json(ex);
    String handle = SandboxJson.text(body, "author");
    String text = SandboxJson.text(body, "text");
    if (handle == null || !handle.matches("[A-Za-z0-9_]{1,60}")) {
      throw SandboxException.invalid("author_required", "author must be a handle like hiker_jo");
    }
    if (text == null || text.isBlank()) {
      throw SandboxException.invalid("text_required", "text is required");
    }
    String name = SandboxJson.text(body, "name");
    Account author =
        store
            .account(handle)
            .orElseGet(
                () ->
                    name == null
                        ? traffic.customer(handle)
                        : store.ensureCustomer(handle, name, body.path("followers").asInt(42)));
    String inReplyTo = blankToNull(SandboxJson.text(body, "inReplyTo"));
    String thread = null;
    if (body.path("dm").asBoolean(false) && inReplyTo == null) {
      Account brand =
          store
              .account(SandboxStore.BRAND_HANDLE)
              .orElseThrow(() -> SandboxException.notFound("brand account"));
      thread = store.openThread(author, brand);
    }
    Post post = store.publish(author, text, inReplyTo, thread, null).post();
    return Response.ok(201, SandboxJson.post(post));
  }

  private ObjectNode faultsJson() {
    return SandboxJson.MAPPER.valueToTree(faults);
  }

  private ObjectNode trafficJson() {
    var s = traffic.settings();
    ObjectNode node = SandboxJson.object();
    node.put("enabled", s.perMinute() > 0);
    node.put("perMinute", s.perMinute());
    node.put("answerBackRate", s.answerBackRate());
    node.put("answerBackDelayMs", s.answerBackDelayMs());
    return node;
  }

  // ---------------------------------------------------------------- plumbing

  private Account caller(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new SandboxException(401, "unauthorized", "Send Authorization: Bearer <token>");
    }
    return store
        .accountByToken(header.substring(7).trim())
        .orElseThrow(() -> new SandboxException(401, "unauthorized", "The token is not valid"));
  }

  private static JsonNode json(HttpExchange ex) throws IOException {
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        // Read (a bounded amount of) the rest, so the client sees the 413 and not a reset.
        in.readNBytes(16 * MAX_BODY);
        throw tooLarge();
      }
    }
    if (bytes.length == 0) {
      throw SandboxException.badRequest("A JSON body is required");
    }
    try {
      JsonNode node = SandboxJson.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw SandboxException.badRequest("The body must be a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw SandboxException.badRequest("Malformed JSON: " + e.getOriginalMessage());
    }
  }

  private static SandboxException tooLarge() {
    return new SandboxException(
        413, "payload_too_large", "The body is larger than " + MAX_BODY + " bytes");
  }

  private static void allow(String method, String expected) {
    if (!method.equals(expected)) {
      throw new SandboxException(405, "method_not_allowed", method + " is not allowed here");
    }
  }

  private static SandboxException notFound(HttpExchange ex) {
    return new SandboxException(404, "not_found", "Unknown path " + ex.getRequestURI().getPath());
  }

  private boolean roll(double rate) {
    if (rate <= 0) {
      return false;
    }
    synchronized (faultDice) {
      return faultDice.nextDouble() < rate;
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> params = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return params;
  }

  private static long number(
      Map<String, String> query, String name, long fallback, long min, long max) {
    String raw = query.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value < min || value > max) {
        throw SandboxException.badRequest(name + " must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw SandboxException.badRequest(name + " must be a number");
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw SandboxException.badRequest("Malformed URL encoding");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static ObjectNode posts(List<Post> posts) {
    ObjectNode body = SandboxJson.object();
    ArrayNode array = body.putArray("posts");
    posts.forEach(p -> array.add(SandboxJson.post(p)));
    return body;
  }

  private static void send(HttpExchange ex, Response response) throws IOException {
    byte[] bytes = SandboxJson.MAPPER.writeValueAsBytes(response.body());
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private record Response(int status, JsonNode body, Map<String, String> headers) {
    static Response ok(int status, JsonNode body) {
      return new Response(status, body, new HashMap<>());
    }

    static Response error(int status, String code, String message) {
      return new Response(status, SandboxJson.error(code, message), new HashMap<>());
    }

    Response header(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }
}
