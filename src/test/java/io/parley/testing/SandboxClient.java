package io.parley.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's side of a sandbox network running in another process: its admin console (traffic,
 * faults, customer posts) and, with the brand's token, its record of the brand's feed and posts.
 */
public final class SandboxClient {

  public static final String BRAND = "northwind";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private String token;

  public SandboxClient(String url) {
    this.url = url;
  }

  public String url() {
    return url;
  }

  public JsonNode admin(String method, String path, Object body) throws IOException {
    return call(method, path, body, null);
  }

  /** Sets injected faults on the {@code /api} surface; all zero turns them off. */
  public void faults(long latencyMs, double rate5xx, double rateLostResponse) throws IOException {
    admin(
        "POST",
        "/admin/faults",
        java.util.Map.of(
            "latencyMs", latencyMs, "rate5xx", rate5xx, "rateLostResponse", rateLostResponse));
  }

  /** A customer post mentioning or answering the brand; returns the sandbox's post id. */
  public String customerPost(String author, String text) throws IOException {
    return admin("POST", "/admin/posts", java.util.Map.of("author", author, "text", text))
        .path("id")
        .asString();
  }

  /** Every event of the brand's feed, oldest first (read with the brand's token). */
  public List<JsonNode> feed() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode page =
          call(
              "GET",
              "/api/v1/accounts/" + BRAND + "/events?limit=200&after=" + after,
              null,
              token());
      page.path("events").forEach(events::add);
      after = page.path("next").asLong();
      if (!page.path("hasMore").asBoolean()) {
        return events;
      }
    }
  }

  /** What the brand account has posted, as the sandbox stores it. */
  public List<JsonNode> brandPosts() throws IOException {
    List<JsonNode> posts = new ArrayList<>();
    call("GET", "/api/v1/accounts/" + BRAND + "/posts", null, null)
        .path("posts")
        .forEach(posts::add);
    return posts;
  }

  private String token() throws IOException {
    if (token == null) {
      token = admin("GET", "/admin/accounts/" + BRAND + "/token", null).path("token").asString();
    }
    return token;
  }

  private JsonNode call(String method, String path, Object body, String bearer) throws IOException {
    var request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
