package io.parley.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parley's REST API ({@code /api/v1}) as a script would call it: HTTP Basic, JSON. */
public final class ParleyApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String url;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public ParleyApi(String url, String email, String password) {
    this.url = url;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Queues a reply; answers the new message's id (the API answers 202 Accepted). */
  public long reply(long conversationId, String text) throws IOException {
    JsonNode accepted =
        call(
            "POST",
            "/api/v1/conversations/" + conversationId + "/replies",
            JSON.writeValueAsString(java.util.Map.of("text", text)),
            202);
    return accepted.path("messageId").asLong();
  }

  public JsonNode conversations(int limit) throws IOException {
    return call("GET", "/api/v1/conversations?limit=" + limit, null, 200);
  }

  private JsonNode call(String method, String path, String body, int expected) throws IOException {
    var request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != expected) {
      throw new IOException(
          method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + " (expected "
              + expected
              + "): "
              + response.body());
    }
    return JSON.readTree(response.body());
  }
}
