package io.parley.web;

import io.parley.accounts.AuditLog;
import io.parley.conversations.Conversation;
import io.parley.conversations.Conversations;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks a reply or note before it is stored, for the pages and the API alike. A refused reply is
 * not stored at all, and the agent's text stays in the form.
 */
@Component
class Replies {

  static final int MAX_NOTE = 20_000;

  private final Conversations conversations;
  private final InboxView view;
  private final Access access;
  private final AuditLog audit;

  Replies(Conversations conversations, InboxView view, Access access, AuditLog audit) {
    this.audit = audit;
    this.conversations = conversations;
    this.view = view;
    this.access = access;
  }

  /** Queues a reply; returns the queued message's id. */
  long send(SignedIn me, Conversation c, String text) {
    if (!access.role(me).canReply()) {
      throw new Refused(HttpStatus.FORBIDDEN, "Your role can read conversations but not reply.");
    }
    if (text == null || text.isBlank()) {
      throw new Refused(HttpStatus.BAD_REQUEST, "Write a reply before sending.");
    }
    String network = c.network().label();
    ReplyLimit limit =
        view.limit(c.network()).orElse(new ReplyLimit(Conversations.MAX_TEXT, "characters"));
    if (!limit.allows(text)) {
      throw new Refused(
          HttpStatus.BAD_REQUEST,
          "This reply is %d %s long; %s allows at most %d. Shorten it and send again."
              .formatted(limit.length(text), limit.unit(), network, limit.max()));
    }
    if (waitsForApproval(me, c)) {
      return conversations.holdReplyForApproval(me.workspaceId(), c.id(), me.userId(), text);
    }
    return conversations.queueReply(me.workspaceId(), c.id(), me.userId(), text);
  }

  /**
   * Whether a reply by this person on this conversation waits for approval: a routing rule flagged
   * the conversation, and only managers and admins approve (their own replies go out at once).
   */
  boolean waitsForApproval(SignedIn me, Conversation c) {
    return !mayApprove(me) && conversations.repliesNeedApproval(me.workspaceId(), c.id());
  }

  boolean mayApprove(SignedIn me) {
    return access.role(me).seesWholeWorkspace();
  }

  /** A manager sends a held reply, as written or as they changed it. */
  void approve(SignedIn me, Conversation c, long messageId, String text) {
    requireApprover(me);
    if (text != null && !text.isBlank()) {
      ReplyLimit limit =
          view.limit(c.network()).orElse(new ReplyLimit(Conversations.MAX_TEXT, "characters"));
      if (!limit.allows(text)) {
        throw new Refused(
            HttpStatus.BAD_REQUEST,
            "This reply is %d %s long; %s allows at most %d. Shorten it and approve again."
                .formatted(limit.length(text), limit.unit(), c.network().label(), limit.max()));
      }
    }
    requireInThread(c, messageId);
    try {
      conversations.approveReply(me.workspaceId(), messageId, text);
    } catch (IllegalStateException e) {
      throw new Refused(HttpStatus.CONFLICT, e.getMessage());
    }
    audit.record(
        me.workspaceId(),
        me.userId(),
        "reply.approved",
        "reply " + messageId,
        "conversation " + c.id());
  }

  /** A manager declines a held reply; it is never sent. */
  void reject(SignedIn me, Conversation c, long messageId, String reason) {
    requireApprover(me);
    requireInThread(c, messageId);
    try {
      conversations.rejectReply(me.workspaceId(), messageId, reason);
    } catch (IllegalStateException e) {
      throw new Refused(HttpStatus.CONFLICT, e.getMessage());
    }
    audit.record(
        me.workspaceId(),
        me.userId(),
        "reply.declined",
        "reply " + messageId,
        "conversation " + c.id() + (reason == null || reason.isBlank() ? "" : ": " + reason));
  }

  private void requireApprover(SignedIn me) {
    if (!mayApprove(me)) {
      throw new Refused(HttpStatus.FORBIDDEN, "Only managers and admins approve replies.");
    }
  }

  private void requireInThread(Conversation c, long messageId) {
    if (conversations.messages(c.id()).stream().noneMatch(m -> m.id() == messageId)) {
      throw new Refused(HttpStatus.NOT_FOUND, "No such reply in this conversation.");
    }
  }

  long note(SignedIn me, Conversation c, String text) {
    if (!access.role(me).canReply()) {
      throw new Refused(
          HttpStatus.FORBIDDEN, "Your role can read conversations but not add notes.");
    }
    if (text == null || text.isBlank()) {
      throw new Refused(HttpStatus.BAD_REQUEST, "Write a note before adding it.");
    }
    if (text.length() > MAX_NOTE) {
      throw new Refused(
          HttpStatus.BAD_REQUEST,
          "This note is %d characters long; notes can be at most %d."
              .formatted(text.length(), MAX_NOTE));
    }
    return conversations.addNote(me.workspaceId(), c.id(), me.userId(), text);
  }

  /** Why a reply or note was not stored, in words for the agent. */
  static class Refused extends RuntimeException {
    private final HttpStatus status;

    Refused(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }

    HttpStatus status() {
      return status;
    }
  }
}
