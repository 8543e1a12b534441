package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.contacts.Contacts;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Conversations;
import io.parley.conversations.MessageRef;
import io.parley.conversations.NewMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What one ingest transaction reads up front instead of once per item: which of its ids and parents
 * are stored, their thread links and their authors' contact identities (three queries), so an item
 * costs little more than its inserts. Everything answered from memory is what the database would
 * answer at that point of the transaction: state that items of this batch change is looked up again
 * or kept in step (see {@link ThreadLinks.Session}).
 */
final class IngestBatch {

  private final ChannelAccount account;
  private final Conversations conversations;
  private final Contacts contacts;
  private final Map<String, MessageRef> stored;
  private final Set<String> asked = new HashSet<>();
  private final Set<String> seen = new HashSet<>();
  private final Map<String, Contacts.Identity> identities;
  private final Set<String> authorsAsked;
  private final ThreadLinks.Session links;

  /** Conversations opened by this batch: nothing outside it refers to them yet. */
  private final Set<Long> opened = new HashSet<>();

  /** Messages held back to be stored in one JDBC batch, in arrival order. */
  private final List<Conversations.PendingMessage> messages = new ArrayList<>();

  /** Whether each held-back message gets a {@link MessageReceived} once it has an id. */
  private final List<Boolean> received = new ArrayList<>();

  private final ApplicationEventPublisher events;

  /** Counter changes held back until the end of the batch or until something reads them. */
  private final Map<Long, Conversations.Counters> counters = new LinkedHashMap<>();

  IngestBatch(
      ChannelAccount account,
      List<InboundItem> items,
      Conversations conversations,
      Contacts contacts,
      ThreadLinks threadLinks,
      ApplicationEventPublisher events) {
    this.account = account;
    this.events = events;
    this.conversations = conversations;
    this.contacts = contacts;
    List<String> refs = new ArrayList<>();
    List<String> authors = new ArrayList<>();
    for (InboundItem item : items) {
      if (Ingestion.problem(item) != null) {
        continue;
      }
      refs.add(item.externalId());
      String anchor = ThreadResolver.anchor(item);
      if (anchor != null) {
        refs.add(anchor);
      }
      if (!item.fromAccountOwner() && item.author() != null && item.author().externalId() != null) {
        authors.add(item.author().externalId());
      }
    }
    this.asked.addAll(refs);
    this.stored = conversations.findMessages(account.workspaceId(), account.network(), refs);
    this.links = threadLinks.session(account.workspaceId(), account.network(), refs);
    this.authorsAsked = new HashSet<>(authors);
    this.identities =
        new HashMap<>(contacts.identities(account.workspaceId(), account.network(), authors));
  }

  /** The stored message with this id, for dedupe. Marks the id as changed by this batch. */
  Optional<MessageRef> existing(String externalId) {
    if (!seen.add(externalId) || !asked.contains(externalId)) {
      writeMessages();
      return conversations.findMessage(account.workspaceId(), account.network(), externalId);
    }
    return Optional.ofNullable(stored.get(externalId));
  }

  /**
   * A stored message that has no thread link (the brand's delivered replies). Every message this
   * batch stores gets a link, so a ref that was not stored before the batch is not stored now. A
   * hit is read again: a merge in this batch may have moved it.
   */
  Optional<MessageRef> storedUnlinked(String ref) {
    if (asked.contains(ref) && !seen.contains(ref) && !stored.containsKey(ref)) {
      return Optional.empty();
    }
    writeMessages();
    return conversations.findMessage(account.workspaceId(), account.network(), ref);
  }

  /**
   * The author's contact. The identities were read for the whole batch up front and are kept as
   * this batch leaves them, so only new or changed details cost a statement.
   */
  long contact(InboundItem.Author author) {
    if (!authorsAsked.contains(author.externalId())) {
      return contacts.identify(
          account.workspaceId(),
          account.network(),
          author.externalId(),
          author.handle(),
          author.displayName(),
          author.followers());
    }
    Contacts.Identity now =
        contacts.identify(
            account.workspaceId(),
            account.network(),
            identities.get(author.externalId()),
            author.externalId(),
            author.handle(),
            author.displayName(),
            author.followers());
    identities.put(author.externalId(), now);
    return now.contactId();
  }

  ThreadLinks.Session links() {
    return links;
  }

  void opened(long conversation) {
    opened.add(conversation);
  }

  void notOpenedHere(long conversation) {
    opened.remove(conversation);
  }

  boolean openedHere(long conversation) {
    return opened.contains(conversation);
  }

  /** A message was appended to {@code conversation}: its counters are written later. */
  void appended(long conversation, NewMessage message, ConversationKind kindIfEarliest) {
    counters
        .computeIfAbsent(conversation, Conversations.Counters::new)
        .add(message, kindIfEarliest);
  }

  /**
   * Stores {@code message} in {@code conversation} with the batch's next write; {@code received}:
   * publish {@link MessageReceived} for it then.
   */
  void store(long conversation, NewMessage message, boolean received) {
    messages.add(
        new Conversations.PendingMessage(
            conversation, account.workspaceId(), account.id(), account.network(), message));
    this.received.add(received);
  }

  /** Stores the held-back messages (in arrival order, so ids follow it) and announces them. */
  void writeMessages() {
    if (messages.isEmpty()) {
      return;
    }
    long[] ids = conversations.appendMessages(messages);
    for (int i = 0; i < ids.length; i++) {
      if (received.get(i)) {
        events.publishEvent(
            new MessageReceived(ids[i], messages.get(i).conversationId(), account.workspaceId()));
      }
    }
    messages.clear();
    received.clear();
  }

  /**
   * Writes the held-back messages and the counters of these conversations: something is about to
   * read them.
   */
  void settle(long... conversationIds) {
    writeMessages();
    List<Conversations.Counters> due = new ArrayList<>();
    for (long id : conversationIds) {
      Conversations.Counters c = counters.remove(id);
      if (c != null) {
        due.add(c);
      }
    }
    conversations.writeCounters(due);
  }

  /** Writes all held-back work (before a change whose conversation is not known here). */
  void settleAll() {
    writeMessages();
    conversations.writeCounters(counters.values());
    counters.clear();
  }

  /** Writes what was held back; called before the transaction commits. */
  void flush() {
    settleAll();
    links.flush();
  }
}
