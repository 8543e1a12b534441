package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.ConnectorCursors;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.channels.Signals;
import io.parley.contacts.Contacts;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Conversations;
import io.parley.conversations.Direction;
import io.parley.conversations.MessageRef;
import io.parley.conversations.NewMessage;
import io.parley.conversations.ReplySent;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbound pipeline: validate → dedupe on (network, external id) → thread → store → {@link
 * MessageReceived}. A batch is one transaction; a connector's cursor is stored in the same
 * transaction as the items it covers, so a crash at any point re-fetches and never skips.
 */
@Service
public class Ingestion {

  static final int MAX_EXTERNAL_ID = 300;
  private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

  private final Conversations conversations;
  private final Contacts contacts;
  private final ThreadResolver threads;
  private final ThreadLinks links;
  private final ConnectorCursors cursors;
  private final ChannelAccounts accounts;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Signals signals;

  Ingestion(
      Conversations conversations,
      Contacts contacts,
      ThreadResolver threads,
      ThreadLinks links,
      ConnectorCursors cursors,
      ChannelAccounts accounts,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactions,
      Signals signals) {
    this.signals = signals;
    this.conversations = conversations;
    this.contacts = contacts;
    this.threads = threads;
    this.links = links;
    this.cursors = cursors;
    this.accounts = accounts;
    this.events = events;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Stores a batch. Safe to call again with the same items: nothing is stored twice. */
  public IngestReport ingest(ChannelAccount account, List<InboundItem> items) {
    return ingestPage(account, new FetchPage(items, null, false), false);
  }

  /** Stores a fetched page and, in the same transaction, advances the account's cursor. */
  public IngestReport ingestPage(ChannelAccount account, FetchPage page) {
    return ingestPage(account, page, true);
  }

  private IngestReport ingestPage(ChannelAccount account, FetchPage page, boolean advance) {
    try {
      return tx.execute(status -> store(account, page, advance));
    } catch (DuplicateKeyException race) {
      // Another node stored one of these items between our check and insert. The batch rolled
      // back as a whole; run it again: what is stored now is found and skipped.
      log.debug("Concurrent ingest of the same items, retrying the batch: {}", race.getMessage());
      return tx.execute(status -> store(account, page, advance));
    }
  }

  private IngestReport store(ChannelAccount account, FetchPage page, boolean advance) {
    IngestReport report = new IngestReport();
    var batch = new IngestBatch(account, page.items(), conversations, contacts, links, events);
    int index = 0;
    for (InboundItem item : page.items()) {
      index++;
      report.countRead();
      String problem = problem(item);
      if (problem != null) {
        report.reject("item " + index + " (" + shortId(item) + "): " + problem);
        continue;
      }
      storeOne(account, item, report, batch);
    }
    for (String unreadable : page.unreadable()) {
      report.countRead();
      report.reject(unreadable);
    }
    batch.flush();
    report.countSignals(signals.record(account.id(), page.signals()));
    report.remap(batch::current);
    if (advance && page.nextCursor() != null) {
      cursors.advance(account.id(), page.nextCursor());
    }
    return report;
  }

  private void storeOne(
      ChannelAccount account, InboundItem item, IngestReport report, IngestBatch batch) {
    if (item.change() == InboundItem.Change.CREATED) {
      OptionalLong held = batch.heldDuplicate(item.externalId());
      if (held.isPresent()) {
        report.touched(held.getAsLong());
        report.countDuplicate();
        return;
      }
    }
    Optional<MessageRef> existing = batch.existing(item.externalId());
    String text = InboundText.clean(item.text());
    if (existing.isPresent()) {
      MessageRef ref = existing.get();
      report.touched(ref.conversationId());
      switch (item.change()) {
        case CREATED -> {
          if (ref.tombstone()) {
            batch.settleAll();
            conversations.completeTombstone(ref.id(), newMessage(account, item, text, null));
          }
          report.countDuplicate();
        }
        case EDITED -> {
          batch.settleAll();
          conversations.recordEdit(ref.id(), text, item.changedAt());
          report.countEdit();
        }
        case DELETED -> {
          batch.settleAll();
          conversations.recordDeletion(ref.id(), item.changedAt());
          report.countDeletion();
        }
      }
      return;
    }
    if (item.fromAccountOwner()
        && item.kind() != InboundItem.Kind.DIRECT_MESSAGE
        && (item.inReplyToExternalId() == null || item.inReplyToExternalId().isBlank())) {
      // The brand's own top-level posts are context for comments, not conversations.
      report.countSkipped();
      return;
    }
    if (item.change() == InboundItem.Change.DELETED) {
      // A deletion that arrives before its message leaves an empty placeholder; the threads it
      // lands in must be written (and refreshed) first, as one item at a time would have them.
      batch.settleAll();
    }
    Long contactId = null;
    if (!item.fromAccountOwner() && item.author() != null && item.author().externalId() != null) {
      contactId = batch.contact(item.author());
    }
    NewMessage message = newMessage(account, item, text, contactId);
    ConversationKind kind = ThreadResolver.kindOf(item);
    // A new thread is opened with its first message's counters (one statement less).
    boolean[] opened = {false};
    long conversation =
        threads.resolve(
            account,
            item,
            contactId,
            batch,
            c -> {
              opened[0] = true;
              return batch.open(c, message, kind);
            });
    batch.store(conversation, message, !item.fromAccountOwner());
    if (!opened[0]) {
      batch.appended(conversation, message, kind);
    }
    report.touched(conversation);
    switch (item.change()) {
      case CREATED -> report.countStored();
      case EDITED -> report.countEdit();
      case DELETED -> report.countDeletion();
    }
  }

  private static NewMessage newMessage(
      ChannelAccount account, InboundItem item, String text, Long contactId) {
    boolean deleted = item.change() == InboundItem.Change.DELETED;
    boolean edited = item.change() == InboundItem.Change.EDITED;
    var author = item.author();
    return new NewMessage(
        item.externalId(),
        item.fromAccountOwner() ? Direction.OUT : Direction.IN,
        item.kind().name(),
        author == null ? null : author.externalId(),
        author == null ? null : author.handle(),
        author == null ? null : author.displayName(),
        contactId,
        deleted ? "" : text,
        item.createdAt(),
        blankToNull(item.inReplyToExternalId()),
        edited,
        edited ? item.changedAt() : null,
        deleted,
        deleted ? item.changedAt() : null,
        item.rawPayload());
  }

  /** Answers to a delivered reply must thread into its conversation, even if they came first. */
  @EventListener
  void on(ReplySent sent) {
    conversations
        .byId(sent.workspaceId(), sent.conversationId())
        .flatMap(c -> accounts.byId(c.channelAccountId()))
        .ifPresent(
            account ->
                threads.linkDeliveredReply(
                    sent.workspaceId(), account, sent.externalId(), sent.conversationId()));
  }

  /** Why an item cannot be stored, or null when it can. */
  static String problem(InboundItem item) {
    if (item.externalId().isBlank()) {
      return "external id is empty";
    }
    if (item.externalId().length() > MAX_EXTERNAL_ID) {
      return "external id is longer than " + MAX_EXTERNAL_ID + " characters";
    }
    if (item.inReplyToExternalId() != null
        && item.inReplyToExternalId().length() > MAX_EXTERNAL_ID) {
      return "in-reply-to id is longer than " + MAX_EXTERNAL_ID + " characters";
    }
    if (item.contextExternalId() != null && item.contextExternalId().length() > MAX_EXTERNAL_ID) {
      return "context id is longer than " + MAX_EXTERNAL_ID + " characters";
    }
    if (item.externalId().equals(item.inReplyToExternalId())) {
      return "message replies to itself";
    }
    if (item.change() == InboundItem.Change.CREATED
        && item.text().isBlank()
        && item.kind() != InboundItem.Kind.QUOTE) {
      return "text is empty";
    }
    return null;
  }

  private static String shortId(InboundItem item) {
    String id = item.externalId();
    return id.length() > 40 ? id.substring(0, 40) + "…" : id;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
