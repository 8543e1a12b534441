package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Conversations;
import io.parley.conversations.MessageRef;
import io.parley.conversations.NewConversation;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Decides which conversation an inbound item belongs to, so that the result is the same whatever
 * order items arrive in.
 *
 * <p>A conversation is a connected component of the reply graph: every message is linked to its
 * parent, including parents not seen yet (their id is linked as a placeholder). Linking an item
 * joins its own component (children that arrived before it) with its parent's; when both exist and
 * differ, they are merged. Two cuts keep components to what a person sees as one conversation: DMs
 * group by the platform's DM thread, and a top-level comment under a brand post starts its own
 * conversation instead of joining every other comment on that post.
 */
@Component
class ThreadResolver {

  private final ThreadLinks links;
  private final Conversations conversations;

  ThreadResolver(ThreadLinks links, Conversations conversations) {
    this.links = links;
    this.conversations = conversations;
  }

  /**
   * The conversation for {@code item}, creating (through {@code open}) or merging as needed; links
   * the item's id. Links are read and written through the batch's session (flushed before the batch
   * commits).
   */
  long resolve(
      ChannelAccount account,
      InboundItem item,
      Long contactId,
      IngestBatch batch,
      ToLongFunction<NewConversation> open) {
    ThreadLinks.Session session = batch.links();
    String anchor = anchor(item);
    Optional<Long> own = session.conversationOf(item.externalId());
    Optional<Long> parent = anchor == null ? Optional.empty() : lookup(batch, anchor);
    long conversation;
    if (parent.isPresent()) {
      conversation = parent.get();
      if (own.isPresent() && !own.get().equals(conversation)) {
        conversation = batch.merge(own.get(), conversation);
      }
    } else if (own.isPresent()) {
      conversation = own.get();
    } else {
      conversation =
          open.applyAsLong(
              new NewConversation(
                  account.workspaceId(),
                  account.id(),
                  account.network(),
                  kindOf(item),
                  item.contextExternalId(),
                  contactId,
                  item.createdAt()));
    }
    // An absent link is still absent; a present one already points at the conversation
    // (directly or through the repoint).
    if (anchor != null && parent.isEmpty()) {
      session.linkNew(anchor, conversation);
    }
    if (own.isEmpty()) {
      session.linkNew(item.externalId(), conversation);
    }
    return conversation;
  }

  /** When the brand's reply is delivered, answers to it must land in the same conversation. */
  void linkDeliveredReply(
      long workspaceId, ChannelAccount account, String externalId, long conversation) {
    Optional<Long> early = links.conversationOf(workspaceId, account.network(), externalId);
    if (early.isPresent() && !early.get().equals(conversation)) {
      links.repoint(early.get(), conversation);
      conversations.merge(early.get(), conversation);
    }
    links.link(workspaceId, account.network(), externalId, conversation);
  }

  static ConversationKind kindOf(InboundItem item) {
    return switch (item.kind()) {
      case DIRECT_MESSAGE -> ConversationKind.DIRECT_MESSAGE;
      case MENTION, QUOTE -> ConversationKind.MENTION;
      case COMMENT, REPLY -> ConversationKind.PUBLIC_THREAD;
    };
  }

  /** The id this item hangs from, or null when it starts a thread. */
  static String anchor(InboundItem item) {
    if (item.kind() == InboundItem.Kind.DIRECT_MESSAGE) {
      String thread =
          item.contextExternalId() != null
              ? item.contextExternalId()
              : item.author() == null ? item.externalId() : item.author().externalId();
      return "dm:" + thread;
    }
    String parent = item.inReplyToExternalId();
    if (parent == null || parent.isBlank() || parent.equals(item.contextExternalId())) {
      return null;
    }
    return parent;
  }

  private Optional<Long> lookup(IngestBatch batch, String ref) {
    Optional<Long> linked = batch.links().conversationOf(ref);
    if (linked.isPresent()) {
      return linked;
    }
    // The brand's own delivered replies are messages without a link row of their own.
    return batch.storedUnlinked(ref).map(MessageRef::conversationId);
  }
}
