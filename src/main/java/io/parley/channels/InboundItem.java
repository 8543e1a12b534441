package io.parley.channels;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A network-neutral message as a connector hands it over. Ids are opaque strings.
 *
 * @param externalId the platform's id of this message
 * @param change whether the message was created, edited or deleted on the platform
 * @param kind what the message is to the brand
 * @param inReplyToExternalId the message it answers, if any (may not have been seen yet)
 * @param contextExternalId for comments: the brand post they hang under; for DMs: the platform's DM
 *     thread id. A comment whose parent is its context post starts its own conversation.
 * @param author who wrote it
 * @param fromAccountOwner true when the brand's own account wrote it (direction out)
 * @param text plain text (networks' HTML already stripped by the connector)
 * @param entities mentions, links and tags with their offsets in {@code text}
 * @param createdAt when it was posted, on the platform's clock
 * @param changedAt for edits and deletions, when that happened; else {@code createdAt}
 * @param rawPayload the payload as received, kept for support and re-processing
 */
public record InboundItem(
    String externalId,
    Change change,
    Kind kind,
    String inReplyToExternalId,
    String contextExternalId,
    Author author,
    boolean fromAccountOwner,
    String text,
    List<Entity> entities,
    Instant createdAt,
    Instant changedAt,
    String rawPayload) {

  public InboundItem {
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    entities = entities == null ? List.of() : List.copyOf(entities);
    text = text == null ? "" : text;
    changedAt = changedAt == null ? createdAt : changedAt;
  }

  public enum Change {
    CREATED,
    EDITED,
    DELETED
  }

  public enum Kind {
    MENTION,
    COMMENT,
    REPLY,
    QUOTE,
    DIRECT_MESSAGE
  }

  /** The person behind a message as the network describes them. */
  public record Author(String externalId, String handle, String displayName, Integer followers) {}

  /** A mention, link or hashtag inside the text; offsets are in UTF-16 chars of {@code text}. */
  public record Entity(String type, int start, int end, String value) {}
}
