package io.parley.channels.sandbox;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectionCheck;
import io.parley.channels.Connector;
import io.parley.channels.ConnectorCapabilities;
import io.parley.channels.DeliveryResult;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.channels.OutgoingPost;
import io.parley.channels.RateLimitPause;
import io.parley.channels.Unreachable;
import io.parley.shared.Network;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to the sandbox network over its HTTP API, like to any real network: a cursor over the
 * brand's event feed for reading, idempotent posts for replying. Nothing here knows the sandbox's
 * code; only its wire format.
 */
@Component
class SandboxConnector implements Connector {

  static final String TOKEN = "token";
  static final int PAGE_SIZE = 100;
  private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_]{1,60})");

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @Override
  public Network network() {
    return Network.SANDBOX;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return new ConnectorCapabilities(true, true, 500, "characters");
  }

  @Override
  public FetchPage fetch(ConnectedAccount account, String cursor) {
    long after = 0;
    if (cursor != null && !cursor.isBlank()) {
      try {
        after = Long.parseLong(cursor.trim());
      } catch (NumberFormatException e) {
        throw new IllegalStateException("The stored sandbox cursor is not a sequence number");
      }
    }
    HttpResponse<String> response =
        send(
            request(
                    account,
                    "/api/v1/accounts/"
                        + encode(account.handle())
                        + "/events"
                        + "?after="
                        + after
                        + "&limit="
                        + PAGE_SIZE)
                .GET());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "The sandbox answered " + response.statusCode() + ": " + errorMessage(response));
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (JacksonException e) {
      throw new IllegalStateException("The sandbox sent a feed that is not JSON");
    }
    if (!body.path("events").isArray() || !body.path("next").canConvertToLong()) {
      throw new IllegalStateException("The sandbox sent a feed without events or next cursor");
    }
    List<InboundItem> items = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    int index = 0;
    for (JsonNode event : body.path("events")) {
      index++;
      try {
        items.add(item(account, event));
      } catch (Unreadable e) {
        String where =
            event.path("seq").canConvertToLong()
                ? "event " + event.path("seq").asLong()
                : "event #" + index + " of the page";
        unreadable.add(where + ": " + e.getMessage());
      }
    }
    String next = Long.toString(Math.max(after, body.path("next").asLong()));
    return new FetchPage(items, next, body.path("hasMore").asBoolean(false), unreadable);
  }

  /** The sandbox's public timeline: every account's public posts, by post sequence number. */
  @Override
  public Optional<FetchPage> fetchPublic(ConnectedAccount account, String cursor) {
    long after = 0;
    if (cursor != null && !cursor.isBlank()) {
      try {
        after = Long.parseLong(cursor.trim());
      } catch (NumberFormatException e) {
        throw new IllegalStateException("The stored public timeline cursor is not a number");
      }
    }
    HttpResponse<String> response =
        send(
            request(account, "/api/v1/timelines/public?after=" + after + "&limit=" + PAGE_SIZE)
                .GET());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "The sandbox answered " + response.statusCode() + ": " + errorMessage(response));
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (JacksonException e) {
      throw new IllegalStateException("The sandbox sent a timeline that is not JSON");
    }
    if (!body.path("posts").isArray() || !body.path("next").canConvertToLong()) {
      throw new IllegalStateException("The sandbox sent a timeline without posts or next cursor");
    }
    List<InboundItem> items = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (JsonNode post : body.path("posts")) {
      ObjectNode event = json.createObjectNode();
      event.put("type", "created");
      event.set("post", post);
      try {
        items.add(item(account, event));
      } catch (Unreadable e) {
        unreadable.add("post " + post.path("id").asString("?") + ": " + e.getMessage());
      }
    }
    String next = Long.toString(Math.max(after, body.path("next").asLong()));
    return Optional.of(
        new FetchPage(items, next, body.path("hasMore").asBoolean(false), unreadable));
  }

  /** One feed event as an inbound item; {@link Unreadable} with a reason when malformed. */
  InboundItem item(ConnectedAccount account, JsonNode event) {
    if (!event.isObject()) {
      throw new Unreadable("not a JSON object");
    }
    InboundItem.Change change =
        switch (required(event, "type")) {
          case "created" -> InboundItem.Change.CREATED;
          case "edited" -> InboundItem.Change.EDITED;
          case "deleted" -> InboundItem.Change.DELETED;
          default -> throw new Unreadable("unknown type " + quote(event.path("type")));
        };
    JsonNode post = event.path("post");
    if (!post.isObject()) {
      throw new Unreadable("post is missing");
    }
    String kindName = required(post, "kind");
    InboundItem.Kind kind =
        switch (kindName) {
          case "mention", "post" -> InboundItem.Kind.MENTION;
          case "comment" -> InboundItem.Kind.COMMENT;
          case "reply" -> InboundItem.Kind.REPLY;
          case "dm" -> InboundItem.Kind.DIRECT_MESSAGE;
          default -> throw new Unreadable("unknown kind " + quote(post.path("kind")));
        };
    JsonNode author = post.path("author");
    if (!author.isObject()) {
      throw new Unreadable("author is missing");
    }
    String authorId = required(author, "id");
    String handle = optional(author, "handle");
    boolean own =
        (handle != null && handle.equalsIgnoreCase(account.handle()))
            || authorId.equals(account.externalId());
    Instant createdAt = instant(post, "createdAt", true);
    Instant changedAt =
        switch (change) {
          case CREATED -> createdAt;
          case EDITED -> instant(post, "editedAt", false);
          case DELETED -> instant(post, "deletedAt", false);
        };
    String text = optional(post, "text");
    return new InboundItem(
        required(post, "id"),
        change,
        kind,
        optional(post, "inReplyTo"),
        kind == InboundItem.Kind.DIRECT_MESSAGE
            ? optional(post, "dmThread")
            : optional(post, "contextPost"),
        new InboundItem.Author(
            authorId,
            handle,
            optional(author, "name"),
            author.path("followers").canConvertToInt() ? author.path("followers").asInt() : null),
        own,
        text,
        mentions(text),
        createdAt,
        changedAt,
        event.toString());
  }

  @Override
  public DeliveryResult deliver(
      ConnectedAccount account, OutgoingPost post, String idempotencyKey) {
    ObjectNode body = json.createObjectNode();
    body.put("text", post.text());
    body.put("inReplyTo", post.inReplyToExternalId());
    if (post.direct()) {
      body.put("dmThread", post.contextExternalId());
    }
    HttpResponse<String> response;
    try {
      response =
          send(
              request(account, "/api/v1/posts")
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", idempotencyKey)
                  .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    } catch (Unreachable e) {
      return new DeliveryResult.RetryLater(e.getMessage(), null);
    }
    int status = response.statusCode();
    if (status == 200 || status == 201) {
      try {
        String id = json.readTree(response.body()).path("id").asString("");
        if (!id.isBlank()) {
          return new DeliveryResult.Delivered(id);
        }
      } catch (JacksonException ignored) {
        // fall through: posted, but the answer is unreadable; the key finds it on retry
      }
      return new DeliveryResult.RetryLater("The sandbox answered without a post id", null);
    }
    String reason = "The sandbox answered " + status + ": " + errorMessage(response);
    if (status == 429) {
      return new DeliveryResult.RetryLater(
          reason, RateLimitPause.retryAfterHeader(response).orElse(null));
    }
    if (status >= 500 || status == 401 || status == 408) {
      // 401: the token may be renewed by provisioning; the others are transient
      return new DeliveryResult.RetryLater(reason, null);
    }
    return new DeliveryResult.Rejected(errorMessage(response));
  }

  @Override
  public Optional<String> findDelivered(
      ConnectedAccount account, OutgoingPost post, String idempotencyKey) {
    HttpResponse<String> response =
        send(request(account, "/api/v1/posts?idempotencyKey=" + encode(idempotencyKey)).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "The sandbox answered " + response.statusCode() + ": " + errorMessage(response));
    }
    String id = json.readTree(response.body()).path("id").asString("");
    return id.isBlank() ? Optional.empty() : Optional.of(id);
  }

  @Override
  public ConnectionCheck verify(ConnectedAccount account) {
    if (account.baseUrl() == null || account.baseUrl().isBlank()) {
      return ConnectionCheck.failed("No sandbox URL is set for this account.");
    }
    String token = account.secret(TOKEN);
    if (token == null || token.isBlank()) {
      return ConnectionCheck.failed("No sandbox token is set for this account.");
    }
    HttpResponse<String> response;
    try {
      response = send(request(account, "/api/v1/me").GET());
    } catch (Unreachable e) {
      return ConnectionCheck.failed(e.getMessage());
    } catch (IllegalArgumentException e) {
      return ConnectionCheck.failed("The sandbox URL " + account.baseUrl() + " is not valid.");
    }
    if (response.statusCode() == 401) {
      return ConnectionCheck.failed("The sandbox at " + account.baseUrl() + " rejected the token.");
    }
    if (response.statusCode() != 200) {
      return ConnectionCheck.failed(
          "The sandbox at "
              + account.baseUrl()
              + " answered "
              + response.statusCode()
              + ": "
              + errorMessage(response));
    }
    JsonNode me;
    try {
      me = json.readTree(response.body());
    } catch (JacksonException e) {
      return ConnectionCheck.failed(account.baseUrl() + " does not look like a sandbox network.");
    }
    String handle = me.path("handle").asString("");
    if (!handle.equalsIgnoreCase(account.handle())) {
      return ConnectionCheck.failed(
          "The token belongs to @" + handle + ", not to @" + account.handle() + ".");
    }
    return ConnectionCheck.ok(
        "Connected as @"
            + handle
            + " ("
            + me.path("name").asString("")
            + ") at "
            + account.baseUrl());
  }

  private HttpRequest.Builder request(ConnectedAccount account, String pathAndQuery) {
    String base = account.baseUrl() == null ? "" : account.baseUrl().trim();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String token = account.secret(TOKEN);
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + (token == null ? "" : token));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw Unreachable.at("the sandbox at ", built.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("Interrupted while talking to the sandbox");
    }
  }

  private String errorMessage(HttpResponse<String> response) {
    try {
      JsonNode error = json.readTree(response.body()).path("error");
      String message = error.path("message").asString("");
      if (!message.isBlank()) {
        return message;
      }
    } catch (JacksonException ignored) {
      // not our JSON error; fall back to the status
    }
    return "HTTP " + response.statusCode();
  }

  private static List<InboundItem.Entity> mentions(String text) {
    if (text == null) {
      return List.of();
    }
    List<InboundItem.Entity> entities = new ArrayList<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      entities.add(
          new InboundItem.Entity(
              "mention", m.start(), m.end(), m.group(1).toLowerCase(Locale.ROOT)));
    }
    return entities;
  }

  private static String required(JsonNode node, String field) {
    String value = optional(node, field);
    if (value == null || value.isBlank()) {
      throw new Unreadable(field + " is missing");
    }
    return value;
  }

  private static String optional(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new Unreadable(field + " is not a string");
    }
    return value.stringValue();
  }

  private static Instant instant(JsonNode node, String field, boolean required) {
    String value = optional(node, field);
    if (value == null) {
      if (required) {
        throw new Unreadable(field + " is missing");
      }
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new Unreadable(field + " is not a timestamp: " + quote(node.path(field)));
    }
  }

  private static String quote(JsonNode value) {
    String s = value.toString();
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** An event the connector cannot turn into an item; the message is the reason. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }
}
