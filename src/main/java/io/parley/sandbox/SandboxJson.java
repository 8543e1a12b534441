package io.parley.sandbox;

import io.parley.sandbox.SandboxStore.Account;
import io.parley.sandbox.SandboxStore.Event;
import io.parley.sandbox.SandboxStore.Post;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The sandbox's wire format: how accounts, posts and feed events look as JSON. */
final class SandboxJson {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private SandboxJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ObjectNode account(Account a) {
    ObjectNode node = object();
    node.put("id", a.id());
    node.put("handle", a.handle());
    node.put("name", a.name());
    node.put("followers", a.followers());
    return node;
  }

  /** A post as anyone sees it (no brand-relative kind). */
  static ObjectNode post(Post p) {
    String kind = p.dmThread() != null ? "dm" : p.inReplyTo() == null ? "post" : "reply";
    return post(p, kind, null, p.deletedAt() != null ? "" : p.text());
  }

  static ObjectNode post(Post p, String kind, String contextPost, String text) {
    ObjectNode node = object();
    node.put("id", p.id());
    node.set("author", account(p.author()));
    node.put("text", text);
    node.put("inReplyTo", p.inReplyTo());
    node.put("root", p.root());
    node.put("contextPost", contextPost);
    node.put("dmThread", p.dmThread());
    node.put("kind", kind);
    node.put("createdAt", instant(p.createdAt()));
    node.put("editedAt", instant(p.editedAt()));
    node.put("deletedAt", instant(p.deletedAt()));
    return node;
  }

  /** A feed event; its post is shown as it was at that moment (text, edited, deleted). */
  static ObjectNode event(Event e) {
    ObjectNode post = post(e.post(), e.kind(), e.contextPost(), e.text());
    post.put("editedAt", "edited".equals(e.type()) ? instant(e.at()) : null);
    post.put("deletedAt", "deleted".equals(e.type()) ? instant(e.at()) : null);
    ObjectNode node = object();
    node.put("seq", e.seq());
    node.put("type", e.type());
    node.set("post", post);
    return node;
  }

  static ObjectNode error(String code, String message) {
    ObjectNode node = object();
    ObjectNode error = node.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return node;
  }

  /** A string field, or null when absent or JSON null; a clear error when it is not a string. */
  static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw SandboxException.badRequest(field + " must be a string");
    }
    return value.stringValue();
  }

  private static String instant(Instant i) {
    return i == null ? null : i.toString();
  }
}
