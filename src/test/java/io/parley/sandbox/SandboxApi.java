package io.parley.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for tests that talk to a sandbox network the way any client would. */
public final class SandboxApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI base;

  public SandboxApi(URI base) {
    this.base = base;
  }

  /** A response: status, parsed JSON body and the raw response. */
  public record Reply(int status, JsonNode json, HttpResponse<String> raw) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public Reply get(String path, String token) {
    return send(builder(path, token).GET());
  }

  public Reply post(String path, String token, String body, String... headers) {
    var b = builder(path, token).header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply method(String method, String path, String token, String body) {
    return send(
        builder(path, token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Posts as a sandbox customer through the admin console; returns the new post's id. */
  public String customerPost(String author, String text, String inReplyTo, boolean dm) {
    Reply r =
        post(
            "/admin/posts",
            null,
            json("author", author, "text", text, "inReplyTo", inReplyTo, "dm", dm));
    if (r.status() != 201) {
      throw new AssertionError("Sandbox refused the customer post: " + r.raw().body());
    }
    return r.json().path("id").asString();
  }

  public static String json(Object... keyValues) {
    var node = JSON.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      String k = (String) keyValues[i];
      switch (v) {
        case null -> node.putNull(k);
        case Boolean b -> node.put(k, b);
        case Integer n -> node.put(k, n);
        case Double d -> node.put(k, d);
        default -> node.put(k, v.toString());
      }
    }
    return node.toString();
  }

  private HttpRequest.Builder builder(String path, String token) {
    var b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
      return new Reply(r.statusCode(), body, r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
