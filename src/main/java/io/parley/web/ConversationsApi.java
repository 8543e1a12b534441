package io.parley.web;

import io.parley.accounts.AuditLog;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.InboxFilter.Assignment;
import io.parley.conversations.Message;
import io.parley.shared.Network;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The inbox as JSON, scoped to the caller's workspace. Authenticated by a personal API token
 * (Bearer, see {@link BearerSignIn}), the browser session or HTTP Basic (e-mail and password).
 * Errors are RFC 9457 problem documents.
 */
@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "The shared inbox")
class ConversationsApi {

  private final Conversations conversations;
  private final Replies replies;
  private final Access access;
  private final AuditLog audit;

  ConversationsApi(Conversations conversations, Replies replies, Access access, AuditLog audit) {
    this.conversations = conversations;
    this.replies = replies;
    this.access = access;
    this.audit = audit;
  }

  @GetMapping
  @Operation(summary = "List conversations, newest activity first")
  List<ConversationJson> list(
      @AuthenticationPrincipal SignedIn me,
      @Parameter(description = "open, pending, snoozed, resolved or all (default all)")
          @RequestParam(required = false)
          String status,
      @Parameter(description = "e.g. mastodon, bluesky, x") @RequestParam(required = false)
          String network,
      @Parameter(description = "mine, unassigned or all (default all)")
          @RequestParam(defaultValue = "all")
          String assigned,
      @Parameter(description = "text to look for in messages and author names")
          @RequestParam(required = false)
          String q,
      @Parameter(description = "1 to 500 (default 50)") @RequestParam(defaultValue = "50")
          int limit) {
    ConversationStatus s = null;
    if (status != null && !status.isBlank() && !status.equalsIgnoreCase("all")) {
      s = parse(ConversationStatus.class, "status", status);
    }
    Network n = null;
    if (network != null && !network.isBlank()) {
      n = Network.parse(network);
      if (n == null) {
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown network: " + network);
      }
    }
    Assignment a = parse(Assignment.class, "assigned", assigned);
    if (limit < 1 || limit > 500) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 to 500.");
    }
    var filter =
        new InboxFilter(
            me.workspaceId(),
            s,
            n,
            a,
            me.userId(),
            q == null || q.isBlank() ? null : q,
            limit,
            null,
            null,
            null,
            access.scope(me),
            false,
            null,
            null,
            null);
    return conversations.list(filter).stream().map(ConversationJson::of).toList();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One conversation with its messages and internal notes")
  ConversationDetailJson get(@AuthenticationPrincipal SignedIn me, @PathVariable long id) {
    Conversation c = require(me, id);
    return new ConversationDetailJson(
        ConversationJson.of(c),
        conversations.messages(id).stream().map(MessageJson::of).toList(),
        conversations.notes(id).stream()
            .map(
                note -> new NoteJson(note.id(), note.authorUserId(), note.text(), note.createdAt()))
            .toList());
  }

  @PostMapping("/{id}/replies")
  @Operation(
      summary =
          "Queue a reply; it is delivered to the network in the background (state QUEUED), or"
              + " waits for a manager's approval when a routing rule flagged the conversation"
              + " (state AWAITING_APPROVAL)")
  ResponseEntity<ReplyAccepted> reply(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, @RequestBody ReplyRequest body) {
    Conversation c = require(me, id);
    boolean held = replies.waitsForApproval(me, c);
    long messageId = replies.send(me, c, body == null ? null : body.text());
    audit.record(me.workspaceId(), me.userId(), "reply.sent", "conversation " + c.id(), "API");
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(new ReplyAccepted(messageId, c.id(), held ? "AWAITING_APPROVAL" : "QUEUED"));
  }

  /** Outside the caller's workspace or teams: 404, as for an id that does not exist. */
  private Conversation require(SignedIn me, long id) {
    return access.require(me, id);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "Unknown " + name + ": " + value + ".");
    }
  }

  record ReplyRequest(String text) {}

  record ReplyAccepted(long messageId, long conversationId, String deliveryState) {}

  record ConversationJson(
      long id,
      String network,
      String kind,
      String status,
      String priority,
      Long assigneeId,
      Long contactId,
      boolean unread,
      int messageCount,
      String preview,
      Instant createdAt,
      Instant lastActivityAt,
      List<String> tags) {

    static ConversationJson of(Conversation c) {
      return new ConversationJson(
          c.id(),
          c.network().name(),
          c.kind().name(),
          c.status().name(),
          c.priority().name(),
          c.assigneeId(),
          c.contactId(),
          c.unread(),
          c.messageCount(),
          c.preview(),
          c.createdAt(),
          c.lastActivityAt(),
          c.tags());
    }
  }

  record MessageJson(
      long id,
      String direction,
      String kind,
      String authorHandle,
      String authorName,
      Long sentByUserId,
      String text,
      Instant createdAt,
      boolean edited,
      Instant editedAt,
      boolean deleted,
      Instant deletedAt,
      String deliveryState,
      String deliveryError) {

    static MessageJson of(Message m) {
      return new MessageJson(
          m.id(),
          m.direction().name(),
          m.kind(),
          m.authorHandle(),
          m.authorName(),
          m.sentByUserId(),
          m.text(),
          m.createdAt(),
          m.edited(),
          m.editedAt(),
          m.deleted(),
          m.deletedAt(),
          m.deliveryState() == null ? null : m.deliveryState().name(),
          m.deliveryError());
    }
  }

  record NoteJson(long id, long authorUserId, String text, Instant createdAt) {}

  record ConversationDetailJson(
      ConversationJson conversation, List<MessageJson> messages, List<NoteJson> notes) {}
}
