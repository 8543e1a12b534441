package io.parley.web;

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

  Replies(Conversations conversations, InboxView view) {
    this.conversations = conversations;
    this.view = view;
  }

  /** Queues a reply; returns the queued message's id. */
  long send(SignedIn me, Conversation c, String text) {
    if (!me.role().canReply()) {
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
    return conversations.queueReply(me.workspaceId(), c.id(), me.userId(), text);
  }

  long note(SignedIn me, Conversation c, String text) {
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
