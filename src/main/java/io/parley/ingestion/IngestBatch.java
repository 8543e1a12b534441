package io.parley.ingestion;

import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.contacts.Contacts;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.ConversationUpdated;
import io.parley.conversations.Conversations;
import io.parley.conversations.MessageRef;
import io.parley.conversations.NewConversation;
import io.parley.conversations.NewMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What one ingest transaction reads up front instead of once per item: which of its ids and parents
 * are stored, their thread links and their authors' contact identities (three queries; newcomers
 * are created together), so an item costs little more than its share of the batch's inserts.
 *
 * <p>Writes are held back and sent as JDBC batches: messages, counter updates, and the
 * conversations the batch opens, which stay in memory as {@link Conversations.Draft}s with
 * temporary (negative) ids until the next write. A reply that arrived before its parent makes a
 * merge when the parent comes; merging a draft costs no statement (into another draft: in memory;
 * into a stored thread: its messages become appends, and the thread is refreshed after the
 * counters). Only merging a thread stored by an earlier transaction goes to the database.
 *
 * <p>Everything answered from memory is what the database would answer at that point of the
 * transaction: state that items of this batch change is looked up again or kept in step (see {@link
 * ThreadLinks.Session}), and whatever reads the database first writes what is held back. The
 * property tests in IngestionContract compare batches with one item at a time.
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

  /** Conversations opened by this batch (drafts or written): nothing outside it refers to them. */
  private final Set<Long> opened = new HashSet<>();

  /** Conversations opened by this batch and not written yet, by temporary id, in opening order. */
  private final Map<Long, Conversations.Draft> drafts = new LinkedHashMap<>();

  private long nextDraft = -1;

  /** Drafts merged into another: temporary id → the one it joined. */
  private final Map<Long, Long> forwarded = new HashMap<>();

  /** Written drafts: temporary id → stored id. */
  private final Map<Long, Long> written = new HashMap<>();

  /** Messages held back to be stored in one JDBC batch, in arrival order. */
  private final List<Held> held = new ArrayList<>();

  /** Ids of the messages this batch has stored, in arrival order. */
  private final List<Long> writtenIds = new ArrayList<>();

  private final Map<String, Held> heldById = new HashMap<>();

  private final ApplicationEventPublisher events;

  /** Counter changes of stored conversations, held back until the end of the batch or a read. */
  private final Map<Long, List<Segment>> counters = new LinkedHashMap<>();

  /**
   * Counter changes of one stored conversation up to a refresh. A draft merged into a stored thread
   * makes the database merge's refresh due; what is appended after it goes into the next segment,
   * written after that refresh, so the row ends as the same steps one at a time leave it.
   */
  private static final class Segment {
    final Conversations.Counters counters;
    boolean refreshAfter;

    /** How many messages this batch had stored or held when the refresh became due. */
    int storedBefore;

    Segment(long conversation) {
      this.counters = new Conversations.Counters(conversation);
    }
  }

  private Segment open(long conversation) {
    List<Segment> segments = counters.computeIfAbsent(conversation, c -> new ArrayList<>());
    if (segments.isEmpty() || segments.getLast().refreshAfter) {
      segments.add(new Segment(conversation));
    }
    return segments.getLast();
  }

  /** A message to store; its conversation changes when drafts merge or are written. */
  private static final class Held {
    long conversation;
    final NewMessage message;
    final boolean received;

    Held(long conversation, NewMessage message, boolean received) {
      this.conversation = conversation;
      this.message = message;
      this.received = received;
    }
  }

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
    Map<String, InboundItem.Author> firstSeen = new LinkedHashMap<>();
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
        firstSeen.putIfAbsent(item.author().externalId(), item.author());
      }
    }
    this.asked.addAll(refs);
    this.stored = conversations.findMessages(account.workspaceId(), account.network(), refs);
    this.links = threadLinks.session(account.workspaceId(), account.network(), refs);
    this.authorsAsked = new HashSet<>(authors);
    this.identities =
        new HashMap<>(contacts.identities(account.workspaceId(), account.network(), authors));
    // People seen for the first time are created together; their later items in the batch only
    // update changed details. Items already stored (replays, edits, deletions) create nobody.
    List<Contacts.Sighting> newcomers = new ArrayList<>();
    for (InboundItem item : items) {
      InboundItem.Author author = item.author();
      if (Ingestion.problem(item) == null
          && !item.fromAccountOwner()
          && author != null
          && author.externalId() != null
          && !stored.containsKey(item.externalId())
          && !identities.containsKey(author.externalId())
          && firstSeen.remove(author.externalId()) != null) {
        newcomers.add(
            new Contacts.Sighting(
                author.externalId(), author.handle(), author.displayName(), author.followers()));
      }
    }
    identities.putAll(contacts.createAll(account.workspaceId(), account.network(), newcomers));
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

  /**
   * Opens a conversation for {@code first}: a draft with a temporary (negative) id, written with
   * the batch's next write. Until then, merging it costs nothing.
   */
  long open(NewConversation c, NewMessage first, ConversationKind kindIfEarliest) {
    long id = nextDraft--;
    drafts.put(id, new Conversations.Draft(c, first, kindIfEarliest));
    opened.add(id);
    return id;
  }

  /** A message was appended to {@code conversation}: its counters are written later. */
  void appended(long conversation, NewMessage message, ConversationKind kindIfEarliest) {
    Conversations.Draft draft = drafts.get(conversation);
    if (draft != null) {
      draft.append(message, kindIfEarliest);
      return;
    }
    open(conversation).counters.add(message, kindIfEarliest);
  }

  /**
   * Moves everything of {@code from} into {@code into}: a missing parent arrived and joined two
   * threads. Two drafts merge in memory; otherwise the database does it (drafts are written first,
   * so the returned id, what {@code into} stands for now, may differ from it).
   */
  long merge(long from, long into) {
    Conversations.Draft absorbed = drafts.get(from);
    Conversations.Draft target = drafts.get(into);
    if (absorbed != null && target != null) {
      List<NewMessage> all = new ArrayList<>();
      for (Held h : held) {
        if (h.conversation == from) {
          h.conversation = into;
        }
        if (h.conversation == into) {
          all.add(h.message);
        }
      }
      target.absorb(absorbed, all);
      drafts.remove(from);
      opened.remove(from);
      forwarded.put(from, into);
      links.repoint(from, into, true);
      return into;
    }
    if (absorbed != null && into > 0) {
      // a draft joins a stored thread: its messages become appends, and the merge's effect on
      // the row is written with the thread's counters, then the row is refreshed
      List<NewMessage> moved = new ArrayList<>();
      for (Held h : held) {
        if (h.conversation == from) {
          h.conversation = into;
          moved.add(h.message);
        }
      }
      List<Segment> segments = counters.computeIfAbsent(into, c -> new ArrayList<>());
      if (segments.isEmpty()) {
        segments.add(new Segment(into));
      }
      // merged into the last segment: a refresh already due there is the same as one more after it
      Segment last = segments.getLast();
      last.counters.absorb(absorbed, moved);
      last.refreshAfter = true;
      // the refresh sees the messages stored up to this point, not those appended after it
      last.storedBefore = writtenIds.size() + held.size();
      drafts.remove(from);
      opened.remove(from);
      forwarded.put(from, into);
      links.repoint(from, into, true);
      return into;
    }
    writeMessages(); // writes the drafts first: every id below is a stored one
    long f = current(from);
    long t = current(into);
    boolean openedHere = opened.contains(f);
    settle(f, t);
    links.repoint(f, t, openedHere);
    conversations.merge(f, t, openedHere);
    if (!openedHere) {
      // it now holds the links and notes of an older conversation
      opened.remove(t);
    }
    return t;
  }

  /**
   * The conversation of a {@code CREATED} item whose id this batch holds back unwritten (a second
   * sighting: a plain duplicate), or empty when the database has to answer.
   */
  OptionalLong heldDuplicate(String externalId) {
    Held h = heldById.get(externalId);
    if (h == null || h.message.deleted()) {
      // a tombstone is completed by the create, which needs it stored
      return OptionalLong.empty();
    }
    return OptionalLong.of(h.conversation);
  }

  /**
   * Stores {@code message} in {@code conversation} with the batch's next write; {@code received}:
   * publish {@link MessageReceived} for it then.
   */
  void store(long conversation, NewMessage message, boolean received) {
    Held h = new Held(conversation, message, received);
    held.add(h);
    heldById.put(message.externalId(), h);
  }

  /**
   * The id a conversation handle stands for now: a merged draft forwards to the one it joined, a
   * written draft to its stored id.
   */
  long current(long conversation) {
    long id = conversation;
    while (forwarded.containsKey(id)) {
      id = forwarded.get(id);
    }
    return written.getOrDefault(id, id);
  }

  /** Inserts the drafts (one JDBC batch) and puts their stored ids wherever the batch keeps one. */
  private void writeDrafts() {
    if (drafts.isEmpty()) {
      return;
    }
    List<Long> temporary = new ArrayList<>(drafts.keySet());
    long[] ids = conversations.insert(new ArrayList<>(drafts.values()));
    Map<Long, Long> stored = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      stored.put(temporary.get(i), ids[i]);
      written.put(temporary.get(i), ids[i]);
      opened.remove(temporary.get(i));
      opened.add(ids[i]);
    }
    for (Held h : held) {
      h.conversation = stored.getOrDefault(h.conversation, h.conversation);
    }
    links.translate(stored);
    drafts.clear();
  }

  /** Stores the held-back messages (in arrival order, so ids follow it) and announces them. */
  void writeMessages() {
    writeDrafts();
    if (held.isEmpty()) {
      return;
    }
    List<Conversations.PendingMessage> pending = new ArrayList<>(held.size());
    for (Held h : held) {
      pending.add(
          new Conversations.PendingMessage(
              h.conversation, account.workspaceId(), account.id(), account.network(), h.message));
    }
    long[] ids = conversations.appendMessages(pending);
    for (long id : ids) {
      writtenIds.add(id);
    }
    for (int i = 0; i < ids.length; i++) {
      Held h = held.get(i);
      if (h.received) {
        events.publishEvent(new MessageReceived(ids[i], h.conversation, account.workspaceId()));
      }
    }
    held.clear();
    heldById.clear();
  }

  /**
   * Writes the held-back messages and the counters of these conversations: something is about to
   * read them.
   */
  void settle(long... conversationIds) {
    writeMessages();
    List<List<Segment>> due = new ArrayList<>();
    for (long id : conversationIds) {
      List<Segment> segments = counters.remove(current(id));
      if (segments != null) {
        due.add(segments);
      }
    }
    writeSegments(due);
  }

  /** Writes all held-back work (before a change whose conversation is not known here). */
  void settleAll() {
    writeMessages();
    List<List<Segment>> due = new ArrayList<>(counters.values());
    counters.clear();
    writeSegments(due);
  }

  /**
   * Writes counter segments in rounds: every conversation's first segment in one JDBC batch, then
   * the refreshes due after them, then the second segments, and so on.
   */
  private void writeSegments(List<List<Segment>> due) {
    for (int round = 0; ; round++) {
      List<Conversations.Counters> write = new ArrayList<>();
      Map<Long, Long> refresh = new LinkedHashMap<>();
      for (List<Segment> segments : due) {
        if (round < segments.size()) {
          Segment segment = segments.get(round);
          write.add(segment.counters);
          if (segment.refreshAfter) {
            refresh.put(
                segment.counters.conversationId(), writtenIds.get(segment.storedBefore - 1));
          }
        }
      }
      if (write.isEmpty()) {
        return;
      }
      conversations.writeCounters(write);
      refreshMerged(refresh);
    }
  }

  /**
   * Refreshes stored threads that drafts were merged into, once their messages and counters are
   * written, each from its messages up to the given id (those stored when the merge happened).
   */
  private void refreshMerged(Map<Long, Long> upToMessage) {
    if (upToMessage.isEmpty()) {
      return;
    }
    conversations.refresh(upToMessage);
    for (long id : upToMessage.keySet()) {
      events.publishEvent(new ConversationUpdated(id, account.workspaceId(), "merged"));
    }
  }

  /** Writes what was held back; called before the transaction commits. */
  void flush() {
    settleAll();
    links.flush();
  }
}
