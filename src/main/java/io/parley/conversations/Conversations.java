package io.parley.conversations;

import io.parley.shared.BatchInsert;
import io.parley.shared.Network;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * All conversations and their messages. Ingestion appends what networks send; the inbox reads,
 * replies and changes status here. Every change that other modules care about is published as an
 * event carrying ids.
 */
@Repository
public class Conversations {

  /** Longest message text stored; longer inbound text is cut and marked (no network allows it). */
  public static final int MAX_TEXT = 100_000;

  private static final int PREVIEW = 280;
  private static final String CONVERSATION_COLUMNS =
      "c.id, c.workspace_id, c.channel_account_id, c.network, c.kind, c.status, c.priority,"
          + " c.assignee_id, c.team_id, c.contact_id, c.context_external_id, c.unread,"
          + " c.message_count, c.preview, c.created_at, c.last_activity_at, c.last_inbound_at,"
          + " c.snoozed_until";

  /** Recomputes a conversation's derived columns from its messages (the preview is a parameter). */
  private static final String REFRESH =
      "update conversations set"
          + " message_count = (select count(*) from messages m where m.conversation_id = ?"
          + " and m.id <= ?),"
          + " last_activity_at = coalesce((select max(m.created_at) from messages m"
          + " where m.conversation_id = ? and m.id <= ?), last_activity_at),"
          + " last_inbound_at = (select max(m.created_at) from messages m"
          + " where m.conversation_id = ? and m.id <= ? and m.direction = 'IN'),"
          + " preview = ?, version = version + 1 where id = ?";

  private static final String MESSAGE_COLUMNS =
      "id, conversation_id, network, external_id, direction, kind, author_external_id,"
          + " author_handle, author_name, contact_id, sent_by_user_id, text, created_at,"
          + " received_at, in_reply_to_external_id, edited, edited_at, deleted, deleted_at,"
          + " delivery_state, delivery_error";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final TextSearch textSearch;
  private final TransactionTemplate serially;

  Conversations(
      JdbcClient jdbc,
      JdbcTemplate batches,
      Clock clock,
      ApplicationEventPublisher events,
      DataSource dataSource,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.serially = new TransactionTemplate(transactions);
    this.textSearch = TextSearch.of(dataSource);
    this.batches = batches;
    this.clock = clock;
    this.events = events;
  }

  // ---------------------------------------------------------------- ingestion side

  public long open(NewConversation c) {
    var key = new GeneratedKeyHolder();
    Timestamp started = Timestamp.from(c.startedAt());
    jdbc.sql(
            "insert into conversations (workspace_id, channel_account_id, network, kind, status,"
                + " priority, contact_id, context_external_id, unread, message_count,"
                + " created_at, last_activity_at, version)"
                + " values (?, ?, ?, ?, 'OPEN', 'NORMAL', ?, ?, false, 0, ?, ?, 0)")
        .params(
            c.workspaceId(),
            c.channelAccountId(),
            c.network().name(),
            c.kind().name(),
            c.contactId(),
            c.contextExternalId(),
            started,
            started)
        .update(key, "id");
    return key.getKey().longValue();
  }

  public Optional<MessageRef> findMessage(long workspaceId, Network network, String externalId) {
    return jdbc.sql(
            "select id, conversation_id, direction, deleted, edited_at, author_external_id,"
                + " sent_by_user_id, external_id from messages"
                + " where workspace_id = ? and network = ? and external_id = ?")
        .params(workspaceId, network.name(), externalId)
        .query(Conversations::mapRef)
        .optional();
  }

  /** {@link #findMessage} for many ids in one round trip: the stored ones by external id. */
  public Map<String, MessageRef> findMessages(
      long workspaceId, Network network, Collection<String> externalIds) {
    Map<String, MessageRef> found = new HashMap<>();
    List<String> all = List.copyOf(new LinkedHashSet<>(externalIds));
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      jdbc.sql(
              "select m.id, m.conversation_id, m.direction, m.deleted, m.edited_at,"
                  + " m.author_external_id, m.sent_by_user_id, m.external_id"
                  + " from unnest(?) as x(external_id) join messages m on m.workspace_id = ?"
                  + " and m.network = ? and m.external_id = x.external_id")
          .params(chunk.toArray(String[]::new), workspaceId, network.name())
          .query(
              rs -> {
                found.put(rs.getString(8), mapRef(rs, 0));
              });
    }
    return found;
  }

  private static MessageRef mapRef(ResultSet rs, int row) throws SQLException {
    return new MessageRef(
        rs.getLong(1),
        rs.getLong(2),
        Direction.valueOf(rs.getString(3)),
        rs.getBoolean(4),
        instant(rs.getTimestamp(5)),
        rs.getBoolean(4) && rs.getString(6) == null && rs.getObject(7) == null);
  }

  /**
   * Stores messages of existing conversations in one JDBC batch, in the given order, and returns
   * their ids. The unique (workspace, network, external id) constraint is the final dedupe: a
   * concurrent duplicate fails here with {@code DuplicateKeyException}. The caller writes what they
   * do to their conversations with {@link Counters} (or opened the conversation with the first).
   */
  public long[] appendMessages(List<PendingMessage> messages) {
    if (messages.isEmpty()) {
      return new long[0];
    }
    List<Object[]> rows = new ArrayList<>(messages.size());
    Timestamp received = now();
    for (PendingMessage p : messages) {
      NewMessage m = p.message();
      rows.add(
          new Object[] {
            p.workspaceId(),
            p.conversationId(),
            p.channelAccountId(),
            p.network().name(),
            m.externalId(),
            m.direction().name(),
            m.kind(),
            m.authorExternalId(),
            m.authorHandle(),
            m.authorName(),
            m.contactId(),
            bounded(m.text()),
            Timestamp.from(m.createdAt()),
            received,
            m.inReplyToExternalId(),
            m.edited(),
            ts(m.editedAt()),
            m.deleted(),
            ts(m.deletedAt()),
            m.rawPayload()
          });
    }
    return BatchInsert.returningIds(
        batches,
        "insert into messages (workspace_id, conversation_id, channel_account_id, network,"
            + " external_id, direction, kind, author_external_id, author_handle,"
            + " author_name, contact_id, text, created_at, received_at,"
            + " in_reply_to_external_id, edited, edited_at, deleted, deleted_at,"
            + " raw_payload)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
  }

  /** A message to store in {@code conversationId}, see {@link #appendMessages}. */
  public record PendingMessage(
      long conversationId,
      long workspaceId,
      long channelAccountId,
      Network network,
      NewMessage message) {}

  /**
   * What appending messages to one conversation does to its counters, collected so that one
   * statement has exactly the effect of one per message in arrival order: counters move forward
   * only, the preview is the newest message's (on equal times the later arrival's), kind and start
   * come from the earliest message (on equal times the first arrival's), the contact is the first
   * known one.
   */
  public static final class Counters {
    private final long conversationId;
    private int count;
    private Instant newest;
    private String newestPreview;
    private String firstPreview;
    private Instant lastInbound;
    private Instant earliest;
    private ConversationKind earliestKind;
    private Long contact;
    private boolean inboundAppended;
    private boolean merged;
    private String context;

    public Counters(long conversationId) {
      this.conversationId = conversationId;
    }

    public long conversationId() {
      return conversationId;
    }

    public void add(NewMessage m, ConversationKind kindIfEarliest) {
      Instant created = m.createdAt();
      String preview = preview(m.deleted() ? "" : bounded(m.text()));
      if (count++ == 0) {
        firstPreview = preview;
      }
      if (newest == null || !created.isBefore(newest)) {
        newest = created;
        newestPreview = preview;
      }
      if (earliest == null || created.isBefore(earliest)) {
        earliest = created;
        earliestKind = kindIfEarliest;
      }
      if (m.direction() == Direction.IN) {
        inboundAppended = true;
        if (lastInbound == null || lastInbound.isBefore(created)) {
          lastInbound = created;
        }
        if (contact == null) {
          contact = m.contactId();
        }
      }
    }

    /**
     * What {@link #merge} of a draft into this conversation does to the columns it decides (status,
     * priority, start, kind, context, contact, unread), as if merged at this point of the batch;
     * {@code messages} are the draft's, in arrival order. The columns the merge's refresh
     * recomputes from the messages are left to {@link #refresh(Collection)}, which the caller runs
     * after writing the counters.
     */
    public void absorb(Draft draft, List<NewMessage> messages) {
      for (NewMessage m : messages) {
        Instant created = m.createdAt();
        count++;
        if (newest == null || !created.isBefore(newest)) {
          newest = created;
          newestPreview = preview(m.deleted() ? "" : bounded(m.text()));
        }
        if (firstPreview == null) {
          firstPreview = newestPreview;
        }
        if (m.direction() == Direction.IN
            && (lastInbound == null || lastInbound.isBefore(created))) {
          lastInbound = created;
        }
      }
      if (earliest == null || draft.createdAt.isBefore(earliest)) {
        earliest = draft.createdAt;
        earliestKind = draft.kind;
      }
      if (contact == null) {
        contact = draft.contact;
      }
      if (context == null) {
        context = draft.context;
      }
      merged = true;
    }
  }

  /**
   * Writes collected counters, one statement per conversation in one JDBC batch. Each column gets
   * what the per-message updates would have left, evaluated against the row as it was.
   */
  public void writeCounters(Collection<Counters> all) {
    List<Object[]> rows = new ArrayList<>(all.size());
    for (Counters c : all) {
      if (c.count == 0) {
        continue;
      }
      Timestamp newest = Timestamp.from(c.newest);
      Timestamp earliest = Timestamp.from(c.earliest);
      boolean inbound = c.lastInbound != null;
      boolean appended = c.inboundAppended;
      rows.add(
          new Object[] {
            c.count,
            newest,
            newest,
            newest,
            c.newestPreview,
            // a conversation without messages takes the first one's preview, the newest's only if
            // it is not older than the conversation's activity (as the per-message updates do)
            c.firstPreview,
            inbound,
            ts(c.lastInbound),
            ts(c.lastInbound),
            inbound,
            inbound || c.merged,
            appended,
            c.merged,
            earliest,
            c.earliestKind.name(),
            earliest,
            earliest,
            c.context,
            c.contact,
            c.count,
            c.conversationId
          });
    }
    if (rows.isEmpty()) {
      return;
    }
    // Counters move forward only: a late-arriving old message must not make the thread look newer.
    batches.batchUpdate(
        "update conversations set message_count = message_count + ?,"
            + " last_activity_at = case when last_activity_at < ? then ? else last_activity_at"
            + " end,"
            + " preview = case when last_activity_at <= ? then ? when message_count = 0 then ?"
            + " else preview end,"
            + " last_inbound_at = case when ? and (last_inbound_at is null or last_inbound_at"
            + " < ?) then ? else last_inbound_at end,"
            + " unread = case when ? then true else unread end,"
            + " status = case when ? and status <> 'OPEN' then 'OPEN' else status end,"
            + " snoozed_until = case when ? then null else snoozed_until end,"
            // a merged thread was open, and the merge keeps the higher priority
            + " priority = case when ? and priority = 'LOW' then 'NORMAL' else priority end,"
            + " kind = case when created_at > ? then ? else kind end,"
            + " created_at = case when created_at > ? then ? else created_at end,"
            + " context_external_id = coalesce(context_external_id, ?),"
            + " contact_id = coalesce(contact_id, ?),"
            + " version = version + ? where id = ?",
        rows,
        new int[] {
          Types.INTEGER,
          Types.TIMESTAMP,
          Types.TIMESTAMP,
          Types.TIMESTAMP,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.BOOLEAN,
          Types.TIMESTAMP,
          Types.TIMESTAMP,
          Types.BOOLEAN,
          Types.BOOLEAN,
          Types.BOOLEAN,
          Types.BOOLEAN,
          Types.TIMESTAMP,
          Types.VARCHAR,
          Types.TIMESTAMP,
          Types.TIMESTAMP,
          Types.VARCHAR,
          Types.BIGINT,
          Types.INTEGER,
          Types.BIGINT
        });
  }

  /**
   * Opens a conversation for its first message, with the counters that message gives it (instead of
   * a statement more to update them). The caller stores the message with {@link #appendMessages}.
   */
  public long open(NewConversation c, NewMessage first, ConversationKind kindIfEarliest) {
    boolean inbound = first.direction() == Direction.IN;
    Instant created = first.createdAt();
    Instant started = c.startedAt();
    boolean earlier = started.isAfter(created);
    Long contact = c.contactId() != null ? c.contactId() : inbound ? first.contactId() : null;
    var key = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into conversations (workspace_id, channel_account_id, network, kind, status,"
                + " priority, contact_id, context_external_id, unread, message_count, preview,"
                + " created_at, last_activity_at, last_inbound_at, version)"
                + " values (?, ?, ?, ?, 'OPEN', 'NORMAL', ?, ?, ?, 1, ?, ?, ?, ?, 1)")
        .params(
            c.workspaceId(),
            c.channelAccountId(),
            c.network().name(),
            (earlier ? kindIfEarliest : c.kind()).name(),
            contact,
            c.contextExternalId(),
            inbound,
            preview(first.deleted() ? "" : bounded(first.text())),
            Timestamp.from(earlier ? created : started),
            Timestamp.from(earlier ? started : created),
            inbound ? Timestamp.from(created) : null)
        .update(key, "id");
    return key.getKey().longValue();
  }

  /**
   * A conversation opened by an ingest batch and kept in memory until the batch writes it with
   * {@link #insert}: merging two threads that the same batch opened (a reply arrived before its
   * parent) then costs no statement. Its columns are exactly what {@link #open(NewConversation,
   * NewMessage, ConversationKind)}, {@link #writeCounters} and {@link #merge} with its refresh
   * would leave in the row (the batch-versus-one-at-a-time property test holds them to it): keep
   * the two in step. Times are compared at the database's precision (microseconds).
   */
  public static final class Draft {
    private final NewConversation opening;
    private ConversationKind kind;
    private Long contact;
    private String context;
    private boolean unread;
    private int count;
    private String preview;
    private Instant createdAt;
    private Instant lastActivityAt;
    private Instant lastInboundAt;
    private int version;

    /** As {@link #open(NewConversation, NewMessage, ConversationKind)} inserts it. */
    public Draft(NewConversation c, NewMessage first, ConversationKind kindIfEarliest) {
      this.opening = c;
      boolean inbound = first.direction() == Direction.IN;
      Instant created = micros(first.createdAt());
      Instant started = micros(c.startedAt());
      boolean earlier = started.isAfter(created);
      kind = earlier ? kindIfEarliest : c.kind();
      contact = c.contactId() != null ? c.contactId() : inbound ? first.contactId() : null;
      context = c.contextExternalId();
      unread = inbound;
      count = 1;
      preview = preview(first.deleted() ? "" : bounded(first.text()));
      createdAt = earlier ? created : started;
      lastActivityAt = earlier ? started : created;
      lastInboundAt = inbound ? created : null;
      version = 1;
    }

    /** As the counter update of {@link #writeCounters} for one message. */
    public void append(NewMessage m, ConversationKind kindIfEarliest) {
      Instant created = micros(m.createdAt());
      boolean inbound = m.direction() == Direction.IN;
      // every column is computed from the row as it was, as SQL's SET does
      Instant oldActivity = lastActivityAt;
      int oldCount = count;
      Instant oldCreated = createdAt;
      count++;
      if (oldActivity.isBefore(created)) {
        lastActivityAt = created;
      }
      if (!oldActivity.isAfter(created) || oldCount == 0) {
        preview = preview(m.deleted() ? "" : bounded(m.text()));
      }
      if (inbound) {
        if (lastInboundAt == null || lastInboundAt.isBefore(created)) {
          lastInboundAt = created;
        }
        unread = true;
        if (contact == null) {
          contact = m.contactId();
        }
      }
      if (oldCreated.isAfter(created)) {
        kind = kindIfEarliest;
        createdAt = created;
      }
      version++;
    }

    /**
     * As {@link #merge} of {@code from} into this one and the refresh that follows; {@code
     * messages} are all messages of both, in the order they are stored in (which is their ids'
     * order).
     */
    public void absorb(Draft from, List<NewMessage> messages) {
      if (from.createdAt.isBefore(createdAt)) {
        createdAt = from.createdAt;
        kind = from.kind;
      }
      if (context == null) {
        context = from.context;
      }
      if (contact == null) {
        contact = from.contact;
      }
      unread = unread || from.unread;
      count = messages.size();
      Instant newest = null;
      Instant newestInbound = null;
      NewMessage newestVisible = null;
      for (NewMessage m : messages) {
        Instant created = micros(m.createdAt());
        if (newest == null || newest.isBefore(created)) {
          newest = created;
        }
        if (m.direction() == Direction.IN
            && (newestInbound == null || newestInbound.isBefore(created))) {
          newestInbound = created;
        }
        // order by created_at desc, id desc: on equal times the later stored one
        if (!m.deleted()
            && (newestVisible == null || !micros(newestVisible.createdAt()).isAfter(created))) {
          newestVisible = m;
        }
      }
      if (newest != null) {
        lastActivityAt = newest;
      }
      lastInboundAt = newestInbound;
      preview = preview(newestVisible == null ? "" : bounded(newestVisible.text()));
      version++;
    }

    private static Instant micros(Instant instant) {
      return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
  }

  /** Inserts drafts in one JDBC batch and returns their ids, in the same order. */
  public long[] insert(List<Draft> drafts) {
    if (drafts.isEmpty()) {
      return new long[0];
    }
    List<Object[]> rows = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      NewConversation c = d.opening;
      rows.add(
          new Object[] {
            c.workspaceId(),
            c.channelAccountId(),
            c.network().name(),
            d.kind.name(),
            d.contact,
            d.context,
            d.unread,
            d.count,
            d.preview,
            Timestamp.from(d.createdAt),
            Timestamp.from(d.lastActivityAt),
            ts(d.lastInboundAt),
            d.version
          });
    }
    return BatchInsert.returningIds(
        batches,
        "insert into conversations (workspace_id, channel_account_id, network, kind, status,"
            + " priority, contact_id, context_external_id, unread, message_count, preview,"
            + " created_at, last_activity_at, last_inbound_at, version)"
            + " values (?, ?, ?, ?, 'OPEN', 'NORMAL', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
  }

  /** How many of these conversations still exist (the others were merged away). */
  public int countExisting(Collection<Long> ids) {
    List<Long> all = List.copyOf(ids);
    int count = 0;
    for (int from = 0; from < all.size(); from += 500) {
      List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
      count +=
          jdbc.sql("select count(*) from conversations where id in (:ids)")
              .param("ids", chunk)
              .query(Integer.class)
              .single();
    }
    return count;
  }

  /** A create that arrives after its own deletion fills the tombstone in; it stays deleted. */
  public void completeTombstone(long messageId, NewMessage m) {
    jdbc.sql(
            "update messages set author_external_id = ?, author_handle = ?, author_name = ?,"
                + " contact_id = ?, created_at = ?, in_reply_to_external_id = ?, raw_payload = ?"
                + " where id = ?")
        .params(
            m.authorExternalId(),
            m.authorHandle(),
            m.authorName(),
            m.contactId(),
            Timestamp.from(m.createdAt()),
            m.inReplyToExternalId(),
            m.rawPayload(),
            messageId)
        .update();
    jdbc.sql(
            "insert into message_revisions (message_id, change_kind, old_text, changed_at,"
                + " recorded_at) values (?, 'DELETED', ?, ?, ?)")
        .params(messageId, bounded(m.text()), Timestamp.from(m.createdAt()), now())
        .update();
  }

  /**
   * An edit: the old text goes to the history. An edit older than the one already applied (edits
   * delivered out of order) only goes to the history.
   */
  public void recordEdit(long messageId, String newText, Instant editedAt) {
    var current =
        jdbc.sql("select text, edited_at, deleted, conversation_id from messages where id = ?")
            .param(messageId)
            .query(
                (rs, row) ->
                    new Object[] {
                      rs.getString(1), instant(rs.getTimestamp(2)), rs.getBoolean(3), rs.getLong(4)
                    })
            .single();
    String oldText = (String) current[0];
    Instant lastEdit = (Instant) current[1];
    boolean deleted = (Boolean) current[2];
    String text = bounded(newText);
    if (deleted || (lastEdit != null && !editedAt.isAfter(lastEdit))) {
      if (!text.equals(oldText)) {
        jdbc.sql(
                "insert into message_revisions (message_id, change_kind, old_text, changed_at,"
                    + " recorded_at) values (?, 'EDITED', ?, ?, ?)")
            .params(messageId, text, Timestamp.from(editedAt), now())
            .update();
      }
      return;
    }
    jdbc.sql(
            "insert into message_revisions (message_id, change_kind, old_text, changed_at,"
                + " recorded_at) values (?, 'EDITED', ?, ?, ?)")
        .params(messageId, oldText, Timestamp.from(editedAt), now())
        .update();
    jdbc.sql("update messages set text = ?, edited = true, edited_at = ? where id = ?")
        .params(text, Timestamp.from(editedAt), messageId)
        .update();
    refresh((Long) current[3]);
  }

  /**
   * The account's newest inbound messages posted since {@code since} that are not deleted, newest
   * first, at most {@code limit}: what a reconciliation pass re-checks on the network.
   */
  public List<RecentInbound> recentInbound(long channelAccountId, Instant since, int limit) {
    return jdbc.sql(
            "select external_id, kind, created_at from messages where channel_account_id = ?"
                + " and direction = 'IN' and deleted = false and created_at >= ?"
                + " order by created_at desc, id desc limit ?")
        .params(channelAccountId, Timestamp.from(since), limit)
        .query(
            (rs, n) ->
                new RecentInbound(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  /** An inbound message as a reconciliation pass needs it. */
  public record RecentInbound(String externalId, String kind, Instant createdAt) {}

  /** A deletion on the platform: the message stays, marked deleted, its text kept in history. */
  public void recordDeletion(long messageId, Instant deletedAt) {
    var row =
        jdbc.sql("select text, deleted, conversation_id from messages where id = ?")
            .param(messageId)
            .query((rs, n) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getLong(3)})
            .single();
    if ((Boolean) row[1]) {
      return;
    }
    jdbc.sql(
            "insert into message_revisions (message_id, change_kind, old_text, changed_at,"
                + " recorded_at) values (?, 'DELETED', ?, ?, ?)")
        .params(messageId, row[0], Timestamp.from(deletedAt), now())
        .update();
    jdbc.sql("update messages set text = '', deleted = true, deleted_at = ? where id = ?")
        .params(Timestamp.from(deletedAt), messageId)
        .update();
    refresh((Long) row[2]);
  }

  /**
   * Moves everything of {@code from} into {@code into} and removes {@code from}: two threads turned
   * out to be one (a missing parent arrived). The caller re-points its own references first.
   */
  public void merge(long from, long into) {
    merge(from, into, false);
  }

  /**
   * {@link #merge}; {@code openedHere} says that {@code from} was opened in the caller's
   * transaction, so nobody can have added notes to it yet.
   */
  public void merge(long from, long into, boolean openedHere) {
    if (from == into) {
      return;
    }
    Map<Long, Conversation> both = requireBoth(from, into);
    Conversation a = both.get(from);
    Conversation b = both.get(into);
    jdbc.sql("update messages set conversation_id = ? where conversation_id = ?")
        .params(into, from)
        .update();
    if (!openedHere) {
      jdbc.sql("update internal_notes set conversation_id = ? where conversation_id = ?")
          .params(into, from)
          .update();
    }
    for (String tag : a.tags()) {
      if (!b.tags().contains(tag)) {
        jdbc.sql("insert into conversation_tags (conversation_id, tag) values (?, ?)")
            .params(into, tag)
            .update();
      }
    }
    if (!a.tags().isEmpty()) {
      jdbc.sql("delete from conversation_tags where conversation_id = ?").param(from).update();
    }
    boolean open = a.status() == ConversationStatus.OPEN || b.status() == ConversationStatus.OPEN;
    Priority priority = a.priority().compareTo(b.priority()) > 0 ? a.priority() : b.priority();
    Instant created = a.createdAt().isBefore(b.createdAt()) ? a.createdAt() : b.createdAt();
    ConversationKind kind = a.createdAt().isBefore(b.createdAt()) ? a.kind() : b.kind();
    String context = b.contextExternalId() != null ? b.contextExternalId() : a.contextExternalId();
    jdbc.sql(
            "update conversations set status = ?, priority = ?, created_at = ?, kind = ?,"
                + " context_external_id = ?, assignee_id = coalesce(assignee_id, ?),"
                + " team_id = coalesce(team_id, ?), contact_id = coalesce(contact_id, ?),"
                + " unread = ? where id = ?")
        .params(
            open ? ConversationStatus.OPEN.name() : b.status().name(),
            priority.name(),
            Timestamp.from(created),
            kind.name(),
            context,
            a.assigneeId(),
            a.teamId(),
            a.contactId(),
            a.unread() || b.unread(),
            into)
        .update();
    jdbc.sql("delete from conversations where id = ?").param(from).update();
    refresh(into);
    events.publishEvent(new ConversationUpdated(into, b.workspaceId(), "merged"));
  }

  /**
   * {@link #refresh(long)} for many conversations, each as it was when its messages went up to the
   * given message id (later ones are left to the counters written after): one query for the newest
   * visible texts and one JDBC batch of updates.
   */
  public void refresh(Map<Long, Long> upToMessageId) {
    List<Long> all = List.copyOf(upToMessageId.keySet());
    if (all.isEmpty()) {
      return;
    }
    Map<Long, String> newest = new HashMap<>();
    for (int from = 0; from < all.size(); from += 500) {
      jdbc.sql(
              "select conversation_id, id, text from messages where conversation_id in (:ids)"
                  + " and deleted = false order by conversation_id, created_at desc, id desc")
          .param("ids", all.subList(from, Math.min(all.size(), from + 500)))
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs -> {
                    long conversation = rs.getLong(1);
                    if (rs.getLong(2) <= upToMessageId.get(conversation)) {
                      newest.putIfAbsent(conversation, rs.getString(3));
                    }
                  });
    }
    List<Object[]> rows = new ArrayList<>(all.size());
    for (long id : all) {
      long upTo = upToMessageId.get(id);
      rows.add(
          new Object[] {id, upTo, id, upTo, id, upTo, preview(newest.getOrDefault(id, "")), id});
    }
    batches.batchUpdate(REFRESH, rows);
  }

  /** Recomputes the derived columns from the messages. */
  private void refresh(long conversationId) {
    // The newest visible text only: a long thread's other texts are not read.
    String preview =
        jdbc.sql(
                "select text from messages where conversation_id = ? and deleted = false"
                    + " order by created_at desc, id desc")
            .param(conversationId)
            .withMaxRows(1)
            .query(String.class)
            .optional()
            .orElse("");
    jdbc.sql(REFRESH)
        .params(
            conversationId,
            Long.MAX_VALUE,
            conversationId,
            Long.MAX_VALUE,
            conversationId,
            Long.MAX_VALUE,
            preview(preview),
            conversationId)
        .update();
  }

  // ---------------------------------------------------------------- inbox side

  public List<Conversation> list(InboxFilter f) {
    var where = new StringBuilder(" c.workspace_id = ?");
    var params = new ArrayList<Object>();
    params.add(f.workspaceId());
    where.append(f.scope().sql("c", params));
    if (f.status() != null) {
      where.append(" and c.status = ?");
      params.add(f.status().name());
    }
    if (f.network() != null) {
      where.append(" and c.network = ?");
      params.add(f.network().name());
    }
    if (f.activity() != null && f.activity().from() != null) {
      where.append(" and c.last_activity_at >= ?");
      params.add(java.sql.Timestamp.from(f.activity().from()));
    }
    if (f.activity() != null && f.activity().before() != null) {
      where.append(" and c.last_activity_at < ?");
      params.add(java.sql.Timestamp.from(f.activity().before()));
    }
    if (f.kind() != null) {
      where.append(" and c.kind = ?");
      params.add(f.kind().name());
    }
    if (f.teamId() != null) {
      where.append(" and c.team_id = ?");
      params.add(f.teamId());
    }
    if (f.awaitingApproval()) {
      where.append(" and c.awaiting_approval = true");
    }
    if (f.triage() != null
        && (f.triage().intent() != null
            || f.triage().sentiment() != null
            || f.triage().language() != null)) {
      // message_triage is written by the triage module; read here by name so that the inbox can
      // filter in one query (triage depends on conversations, not the other way round)
      where.append(" and exists (select 1 from message_triage t where t.conversation_id = c.id");
      if (f.triage().intent() != null) {
        where.append(" and (',' || t.intents || ',') like ?");
        params.add("%," + f.triage().intent() + ",%");
      }
      if (f.triage().sentiment() != null) {
        where.append(" and t.sentiment = ?");
        params.add(f.triage().sentiment());
      }
      if (f.triage().language() != null) {
        where.append(" and t.language = ?");
        params.add(f.triage().language());
      }
      where.append(")");
    }
    if (f.tag() != null) {
      where.append(
          " and exists (select 1 from conversation_tags t where t.conversation_id = c.id"
              + " and t.tag = ?)");
      params.add(f.tag());
    }
    switch (f.assignment()) {
      case MINE -> {
        where.append(" and c.assignee_id = ?");
        params.add(f.userId());
      }
      case UNASSIGNED -> where.append(" and c.assignee_id is null");
      case ALL -> {}
    }
    String order =
        (f.order() == InboxFilter.Order.DUE_FIRST
                // sla_clocks belongs to routing; read by name like message_triage above. Paused
                // clocks wait (on the customer), so they do not count as due.
                ? " order by (select min(k.due_at) from sla_clocks k where k.conversation_id ="
                    + " c.id and k.stopped_at is null and k.paused_at is null) asc nulls last,"
                : " order by")
            + " c.last_activity_at desc, c.id desc limit "
            + Math.max(1, Math.min(f.limit(), 500));
    if (f.query() == null || f.query().isBlank()) {
      return jdbc.sql(
              "select " + CONVERSATION_COLUMNS + " from conversations c where" + where + order)
          .params(params)
          .query(this::mapConversation)
          .list();
    }
    SearchTerms terms = SearchTerms.parse(f.query());
    if (terms.isEmpty()) {
      return List.of(); // only punctuation: nothing the search can look for
    }
    // Two branches, each with its own plan (an OR of the two would scan the conversations), both
    // newest first and cut to the page, merged.
    var all = new ArrayList<Object>(params);
    var byMessage = new ArrayList<Object>();
    String messages = textSearch.conversations(jdbc, terms, byMessage);
    all.addAll(byMessage);
    all.addAll(params);
    var byContact = new ArrayList<Object>();
    String contacts = textSearch.conversationsOfContacts(jdbc, f.workspaceId(), terms, byContact);
    all.addAll(byContact);
    // A branch that starts from a few ids is not ordered on its own: given an order and a limit,
    // PostgreSQL walked the whole list looking for them rather than fetching them.
    String sql =
        "select c.* from ((select "
            + CONVERSATION_COLUMNS
            + " from conversations c where"
            + where
            + " and "
            + messages
            + (TextSearch.startsFromIds(messages) ? "" : order)
            + ") union (select "
            + CONVERSATION_COLUMNS
            + " from conversations c where"
            + where
            + " and "
            + contacts
            + (TextSearch.startsFromIds(contacts) ? "" : order)
            + ")) c"
            + order;
    if (textSearch == TextSearch.FULL_TEXT && !TextSearch.startsFromIds(messages)) {
      // The newest-first walk must stop at the page's last match; parallel workers each walk
      // ahead on their own and checked ten times the messages (docs/adr/0004-…).
      return serially.execute(
          status -> {
            jdbc.sql("set local max_parallel_workers_per_gather = 0").update();
            return listWithTags(sql, all);
          });
    }
    return listWithTags(sql, all);
  }

  /** A page of conversations and their tags in two queries, not one more per conversation. */
  private List<Conversation> listWithTags(String sql, List<Object> params) {
    Map<Long, List<String>> tags = new HashMap<>();
    List<Conversation> page =
        jdbc.sql(sql)
            .params(params)
            .query(
                (rs, row) -> {
                  List<String> own = new ArrayList<>();
                  tags.put(rs.getLong("id"), own);
                  // A read-only view: filled below, before the page is returned.
                  return mapConversation(rs, java.util.Collections.unmodifiableList(own));
                })
            .list();
    if (!tags.isEmpty()) {
      jdbc.sql(
              "select conversation_id, tag from conversation_tags where conversation_id in ("
                  + String.join(", ", java.util.Collections.nCopies(tags.size(), "?"))
                  + ") order by conversation_id, tag")
          .params(new ArrayList<Object>(tags.keySet()))
          .query(
              (ResultSet rs) -> {
                tags.get(rs.getLong(1)).add(rs.getString(2));
              });
    }
    return page;
  }

  /**
   * The conversations in scope, counted per status, assignee (mine, nobody, someone else), team,
   * network, kind and read state: few rows, from which every inbox view's count follows.
   */
  public List<ViewCount> viewCounts(long workspaceId, long userId, InboxScope scope) {
    var params = new ArrayList<Object>();
    params.add(userId);
    params.add(workspaceId);
    String where = scope.sql("c", params);
    return jdbc.sql(
            "select c.status, case when c.assignee_id is null then 'UNASSIGNED' when"
                + " c.assignee_id = ? then 'MINE' else 'ALL' end as who, c.team_id, c.network,"
                + " c.kind, c.unread, c.awaiting_approval, count(*) from conversations c"
                + " where c.workspace_id = ?"
                + where
                + " group by c.status, who, c.team_id, c.network, c.kind, c.unread,"
                + " c.awaiting_approval")
        .params(params)
        .query(
            (rs, n) -> {
              long team = rs.getLong(3);
              Long teamId = rs.wasNull() ? null : team;
              return new ViewCount(
                  ConversationStatus.valueOf(rs.getString(1)),
                  InboxFilter.Assignment.valueOf(rs.getString(2)),
                  teamId,
                  Network.valueOf(rs.getString(4)),
                  ConversationKind.valueOf(rs.getString(5)),
                  rs.getBoolean(6),
                  rs.getBoolean(7),
                  rs.getLong(8));
            })
        .list();
  }

  /**
   * Other conversations with this person that the scope may see, newest activity first: those
   * opened by them and those they wrote in.
   */
  public List<Conversation> withContact(
      long workspaceId, InboxScope scope, long contactId, long exceptConversationId, int limit) {
    var params = new ArrayList<Object>();
    params.add(workspaceId);
    String visible = scope.sql("c", params);
    params.add(exceptConversationId);
    params.add(contactId);
    params.add(contactId);
    // both halves use an index on contact_id; an OR over them would scan the workspace
    return jdbc.sql(
            "select "
                + CONVERSATION_COLUMNS
                + " from conversations c where c.workspace_id = ?"
                + visible
                + " and c.id <> ? and c.id in (select x.id from conversations x where"
                + " x.contact_id = ? union select m.conversation_id from messages m where"
                + " m.contact_id = ?)"
                + " order by c.last_activity_at desc, c.id desc limit "
                + Math.max(1, Math.min(limit, 100)))
        .params(params)
        .query(this::mapConversation)
        .list();
  }

  public Optional<Conversation> byId(long workspaceId, long id) {
    return jdbc.sql(
            "select "
                + CONVERSATION_COLUMNS
                + " from conversations c where c.workspace_id = ?"
                + " and c.id = ?")
        .params(workspaceId, id)
        .query(this::mapConversation)
        .optional();
  }

  public List<Message> messages(long conversationId) {
    return jdbc.sql(
            "select "
                + MESSAGE_COLUMNS
                + " from messages where conversation_id = ?"
                + " order by created_at, id")
        .param(conversationId)
        .query(Conversations::mapMessage)
        .list();
  }

  public List<Revision> revisions(long messageId) {
    return jdbc.sql(
            "select change_kind, old_text, changed_at from message_revisions where message_id = ?"
                + " order by changed_at, id")
        .param(messageId)
        .query(
            (rs, row) ->
                new Revision(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  /**
   * Stores an agent's reply as a queued outbound message and publishes {@link ReplyQueued} in the
   * same transaction: the outbox row commits with it or not at all.
   */
  @Transactional
  public long queueReply(long workspaceId, long conversationId, long userId, String text) {
    Conversation c = replyable(workspaceId, conversationId, text);
    long messageId = insertReply(c, userId, text, DeliveryState.QUEUED);
    events.publishEvent(
        new ReplyQueued(messageId, conversationId, workspaceId, c.channelAccountId()));
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "reply"));
    return messageId;
  }

  /** Whether a routing rule flagged the conversation so that replies wait for approval. */
  public boolean repliesNeedApproval(long workspaceId, long conversationId) {
    return jdbc.sql("select approval_required from conversations where workspace_id = ? and id = ?")
        .params(workspaceId, conversationId)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /**
   * Stores a reply that waits for a manager's approval: shown in the thread, but nothing is queued
   * for the network until {@link #approveReply}.
   */
  @Transactional
  public long holdReplyForApproval(
      long workspaceId, long conversationId, long userId, String text) {
    Conversation c = replyable(workspaceId, conversationId, text);
    long messageId = insertReply(c, userId, text, DeliveryState.AWAITING_APPROVAL);
    jdbc.sql(
            "update conversations set awaiting_approval = true, version = version + 1 where id = ?")
        .param(conversationId)
        .update();
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "reply-held"));
    return messageId;
  }

  /**
   * Approves a held reply, with the approver's changes if any (the draft goes to the history): it
   * is queued for delivery in this transaction. Fails when the reply is no longer waiting (approved
   * or declined by someone else meanwhile).
   */
  @Transactional
  public void approveReply(long workspaceId, long messageId, String approvedText) {
    Held held = held(workspaceId, messageId);
    String text = approvedText == null || approvedText.isBlank() ? held.text() : approvedText;
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("The reply is too long.");
    }
    Instant now = clock.instant();
    int changed =
        jdbc.sql(
                "update messages set delivery_state = 'QUEUED', text = ?, edited = ?,"
                    + " edited_at = ? where id = ? and delivery_state = 'AWAITING_APPROVAL'")
            .params(
                text,
                !text.equals(held.text()),
                text.equals(held.text()) ? null : Timestamp.from(now),
                messageId)
            .update();
    if (changed != 1) {
      throw new IllegalStateException("This reply is no longer waiting for approval.");
    }
    if (!text.equals(held.text())) {
      jdbc.sql(
              "insert into message_revisions (message_id, change_kind, old_text, changed_at,"
                  + " recorded_at) values (?, 'APPROVAL_EDIT', ?, ?, ?)")
          .params(messageId, bounded(held.text()), Timestamp.from(now), Timestamp.from(now))
          .update();
    }
    settleApproval(held.conversationId());
    events.publishEvent(
        new ReplyQueued(messageId, held.conversationId(), workspaceId, held.channelAccountId()));
    events.publishEvent(
        new ConversationUpdated(held.conversationId(), workspaceId, "reply-approved"));
  }

  /** Declines a held reply: it stays in the thread, marked with the reason, and is never sent. */
  @Transactional
  public void rejectReply(long workspaceId, long messageId, String reason) {
    Held held = held(workspaceId, messageId);
    String why = reason == null || reason.isBlank() ? "Not approved" : reason.strip();
    int changed =
        jdbc.sql(
                "update messages set delivery_state = 'REJECTED', delivery_error = ?"
                    + " where id = ? and delivery_state = 'AWAITING_APPROVAL'")
            .params(truncate(why, 2000), messageId)
            .update();
    if (changed != 1) {
      throw new IllegalStateException("This reply is no longer waiting for approval.");
    }
    settleApproval(held.conversationId());
    events.publishEvent(
        new ConversationUpdated(held.conversationId(), workspaceId, "reply-rejected"));
  }

  private record Held(long conversationId, long channelAccountId, String text) {}

  private Held held(long workspaceId, long messageId) {
    return jdbc.sql(
            "select conversation_id, channel_account_id, text, delivery_state from messages"
                + " where id = ? and workspace_id = ? and direction = 'OUT'")
        .params(messageId, workspaceId)
        .query(
            (rs, row) -> {
              if (!"AWAITING_APPROVAL".equals(rs.getString(4))) {
                throw new IllegalStateException("This reply is no longer waiting for approval.");
              }
              return new Held(rs.getLong(1), rs.getLong(2), rs.getString(3));
            })
        .optional()
        .orElseThrow(() -> new IllegalArgumentException("No such reply."));
  }

  private void settleApproval(long conversationId) {
    jdbc.sql(
            "update conversations set version = version + 1, awaiting_approval = exists (select 1"
                + " from messages m where m.conversation_id = ? and m.delivery_state ="
                + " 'AWAITING_APPROVAL') where id = ?")
        .params(conversationId, conversationId)
        .update();
  }

  private Conversation replyable(long workspaceId, long conversationId, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A reply needs some text.");
    }
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("The reply is too long.");
    }
    return byId(workspaceId, conversationId)
        .orElseThrow(() -> new IllegalArgumentException("No such conversation."));
  }

  private long insertReply(Conversation c, long userId, String text, DeliveryState state) {
    String inReplyTo =
        jdbc.sql(
                "select external_id from messages where conversation_id = ? and direction = 'IN'"
                    + " and deleted = false order by created_at desc, id desc")
            .param(c.id())
            .withMaxRows(1)
            .query(String.class)
            .optional()
            .orElse(null);
    Instant now = clock.instant();
    var key = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into messages (workspace_id, conversation_id, channel_account_id, network,"
                + " external_id, direction, kind, sent_by_user_id, text, created_at, received_at,"
                + " in_reply_to_external_id, edited, deleted, delivery_state)"
                + " values (?, ?, ?, ?, ?, 'OUT', 'REPLY', ?, ?, ?, ?, ?, false, false, ?)")
        .params(
            c.workspaceId(),
            c.id(),
            c.channelAccountId(),
            c.network().name(),
            "local:" + UUID.randomUUID(),
            userId,
            text,
            Timestamp.from(now),
            Timestamp.from(now),
            inReplyTo,
            state.name())
        .update(key, "id");
    jdbc.sql(
            "update conversations set message_count = message_count + 1, last_activity_at = ?,"
                + " unread = false, version = version + 1 where id = ?")
        .params(Timestamp.from(now), c.id())
        .update();
    return key.getKey().longValue();
  }

  public Optional<OutgoingReply> outgoing(long messageId) {
    return jdbc.sql(
            "select m.id, m.conversation_id, m.channel_account_id, m.network, m.text,"
                + " m.in_reply_to_external_id, c.context_external_id, c.kind from messages m"
                + " join conversations c on c.id = m.conversation_id where m.id = ?")
        .param(messageId)
        .query(
            (rs, row) ->
                new OutgoingReply(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    Network.valueOf(rs.getString(4)),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    ConversationKind.valueOf(rs.getString(8)) == ConversationKind.DIRECT_MESSAGE))
        .optional();
  }

  /**
   * The network has the reply: it now carries the platform's id (so answers to it thread). When the
   * reply's answer got lost, polling may have stored the network's copy of it (the brand's own
   * post, in the feed) before this: that copy is the same post and gives way to the reply.
   */
  public void replyDelivered(long messageId, String externalId) {
    var row =
        jdbc.sql("select conversation_id, workspace_id, network from messages where id = ?")
            .param(messageId)
            .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3)})
            .single();
    long conversationId = (long) row[0];
    long workspaceId = (long) row[1];
    List<long[]> echoes =
        jdbc.sql(
                "select id, conversation_id from messages where workspace_id = ? and network = ?"
                    + " and external_id = ? and direction = 'OUT' and id <> ?")
            .params(workspaceId, row[2], externalId, messageId)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list();
    for (long[] echo : echoes) {
      jdbc.sql("delete from message_revisions where message_id = ?").param(echo[0]).update();
      jdbc.sql("delete from messages where id = ?").param(echo[0]).update();
      if (echo[1] != conversationId) {
        refresh(echo[1]);
      }
    }
    jdbc.sql(
            "update messages set external_id = ?, delivery_state = 'SENT', delivery_error = null"
                + " where id = ?")
        .params(externalId, messageId)
        .update();
    if (!echoes.isEmpty()) {
      refresh(conversationId);
    }
    events.publishEvent(new ReplySent(messageId, conversationId, workspaceId, externalId));
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "delivered"));
  }

  public void replyFailed(long messageId, String reason) {
    var row =
        jdbc.sql("select conversation_id, workspace_id from messages where id = ?")
            .param(messageId)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    jdbc.sql("update messages set delivery_state = 'FAILED', delivery_error = ? where id = ?")
        .params(truncate(reason, 2000), messageId)
        .update();
    events.publishEvent(new ConversationUpdated(row[0], row[1], "delivery-failed"));
  }

  @Transactional
  public void setStatus(long workspaceId, long conversationId, ConversationStatus status) {
    int n =
        jdbc.sql(
                "update conversations set status = ?, snoozed_until = null, version = version + 1"
                    + " where id = ? and workspace_id = ?")
            .params(status.name(), conversationId, workspaceId)
            .update();
    requireUpdated(n);
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "status"));
  }

  @Transactional
  public void assign(long workspaceId, long conversationId, Long userId) {
    assign(workspaceId, conversationId, userId, null);
  }

  /** Assigns (or, with a null {@code userId}, unassigns); {@code byUserId} is who did it. */
  @Transactional
  public void assign(long workspaceId, long conversationId, Long userId, Long byUserId) {
    Long before =
        jdbc.sql("select assignee_id from conversations where id = ? and workspace_id = ?")
            .params(conversationId, workspaceId)
            .query((rs, row) -> rs.getObject(1, Long.class))
            .optional()
            .orElse(null);
    int n =
        jdbc.sql(
                "update conversations set assignee_id = ?, version = version + 1"
                    + " where id = ? and workspace_id = ?")
            .params(userId, conversationId, workspaceId)
            .update();
    requireUpdated(n);
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "assignee"));
    if (userId != null && !userId.equals(before)) {
      events.publishEvent(
          new ConversationAssigned(conversationId, workspaceId, userId, byUserId, clock.instant()));
    }
  }

  /** Hands the conversation over to a team (null: to no team in particular). */
  @Transactional
  public void handOver(long workspaceId, long conversationId, Long teamId) {
    int n =
        jdbc.sql(
                "update conversations set team_id = ?, version = version + 1"
                    + " where id = ? and workspace_id = ?")
            .params(teamId, conversationId, workspaceId)
            .update();
    requireUpdated(n);
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "team"));
  }

  /**
   * Puts the conversation away until {@code until}, or (null) until the customer writes again;
   * either way a new inbound message reopens it.
   */
  @Transactional
  public void snooze(long workspaceId, long conversationId, Instant until) {
    int n =
        jdbc.sql(
                "update conversations set status = 'SNOOZED', snoozed_until = ?,"
                    + " version = version + 1 where id = ? and workspace_id = ?")
            .params(ts(until), conversationId, workspaceId)
            .update();
    requireUpdated(n);
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "status"));
  }

  /** Reopens the snoozed conversations whose time has come; returns how many. */
  @Transactional
  public int wakeSnoozed() {
    Timestamp now = now();
    List<long[]> due =
        jdbc.sql(
                "select id, workspace_id from conversations where status = 'SNOOZED'"
                    + " and snoozed_until is not null and snoozed_until <= ?")
            .param(now)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list();
    for (long[] c : due) {
      jdbc.sql(
              "update conversations set status = 'OPEN', snoozed_until = null,"
                  + " version = version + 1 where id = ? and status = 'SNOOZED'")
          .param(c[0])
          .update();
      events.publishEvent(new ConversationUpdated(c[0], c[1], "status"));
    }
    return due.size();
  }

  @Transactional
  public void setPriority(long workspaceId, long conversationId, Priority priority) {
    int n =
        jdbc.sql(
                "update conversations set priority = ?, version = version + 1"
                    + " where id = ? and workspace_id = ?")
            .params(priority.name(), conversationId, workspaceId)
            .update();
    requireUpdated(n);
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "priority"));
  }

  /**
   * Adds a tag (lower-cased; letters, digits, {@code -} and {@code _}, at most 64).
   *
   * @return the tag as stored
   */
  @Transactional
  public String tag(long workspaceId, long conversationId, String tag) {
    String clean = cleanTag(tag);
    byId(workspaceId, conversationId)
        .orElseThrow(() -> new IllegalArgumentException("No such conversation."));
    jdbc.sql(
            "insert into conversation_tags (conversation_id, tag) select ?, ? where not exists"
                + " (select 1 from conversation_tags where conversation_id = ? and tag = ?)")
        .params(conversationId, clean, conversationId, clean)
        .update();
    jdbc.sql("update conversations set version = version + 1 where id = ?")
        .param(conversationId)
        .update();
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "tags"));
    return clean;
  }

  @Transactional
  public void untag(long workspaceId, long conversationId, String tag) {
    byId(workspaceId, conversationId)
        .orElseThrow(() -> new IllegalArgumentException("No such conversation."));
    jdbc.sql("delete from conversation_tags where conversation_id = ? and tag = ?")
        .params(conversationId, tag)
        .update();
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "tags"));
  }

  /** The tag as stored, or IllegalArgumentException with the rule. */
  public static String cleanTag(String tag) {
    String clean = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
    if (clean.startsWith("#")) {
      clean = clean.substring(1);
    }
    if (clean.isEmpty() || clean.length() > 64 || !clean.matches("[\\p{L}\\p{N}_-]+")) {
      throw new IllegalArgumentException("Tags are 1 to 64 letters, digits, - or _ (no spaces).");
    }
    return clean;
  }

  public void markRead(long workspaceId, long conversationId) {
    jdbc.sql("update conversations set unread = false where id = ? and workspace_id = ?")
        .params(conversationId, workspaceId)
        .update();
  }

  /** Counts for the inbox's filter tabs. */
  public long count(long workspaceId, ConversationStatus status) {
    return jdbc.sql("select count(*) from conversations where workspace_id = ? and status = ?")
        .params(workspaceId, status.name())
        .query(Long.class)
        .single();
  }

  @Transactional
  public long addNote(long workspaceId, long conversationId, long userId, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A note needs some text.");
    }
    byId(workspaceId, conversationId)
        .orElseThrow(() -> new IllegalArgumentException("No such conversation."));
    var key = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into internal_notes (conversation_id, author_user_id, text, created_at)"
                + " values (?, ?, ?, ?)")
        .params(conversationId, userId, truncate(text, 20_000), now())
        .update(key, "id");
    long id = key.getKey().longValue();
    events.publishEvent(new ConversationUpdated(conversationId, workspaceId, "note"));
    events.publishEvent(new NoteAdded(id, conversationId, workspaceId, userId));
    return id;
  }

  /** One internal note of the workspace. */
  public Optional<Note> note(long workspaceId, long noteId) {
    return jdbc.sql(
            "select n.id, n.author_user_id, n.text, n.created_at from internal_notes n"
                + " join conversations c on c.id = n.conversation_id"
                + " where n.id = ? and c.workspace_id = ?")
        .params(noteId, workspaceId)
        .query(
            (rs, row) ->
                new Note(
                    rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
        .optional();
  }

  /**
   * Whether the message is the first of its conversation: the conversation was opened by it (for
   * "conversation created" listeners that only hear of received messages).
   */
  public boolean opensConversation(long conversationId, long messageId) {
    Long first =
        jdbc.sql("select min(id) from messages where conversation_id = ?")
            .param(conversationId)
            .query((rs, row) -> rs.getObject(1, Long.class))
            .single();
    return first != null && first == messageId;
  }

  public List<Note> notes(long conversationId) {
    return jdbc.sql(
            "select id, author_user_id, text, created_at from internal_notes"
                + " where conversation_id = ? order by created_at, id")
        .param(conversationId)
        .query(
            (rs, row) ->
                new Note(
                    rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
        .list();
  }

  /** An earlier text of a message: what it said before an edit or a deletion. */
  public record Revision(String change, String oldText, Instant changedAt) {}

  /** An internal note: seen by the team only, never sent to the network. */
  public record Note(long id, long authorUserId, String text, Instant createdAt) {}

  // ---------------------------------------------------------------- helpers

  /** Two conversations with their tags in one query (merges are frequent while importing). */
  private Map<Long, Conversation> requireBoth(long first, long second) {
    Map<Long, List<String>> tags = new HashMap<>();
    Map<Long, Conversation> found = new HashMap<>();
    jdbc.sql(
            "select "
                + CONVERSATION_COLUMNS
                + ", t.tag from conversations c left join conversation_tags t"
                + " on t.conversation_id = c.id where c.id in (?, ?) order by c.id, t.tag")
        .params(first, second)
        .query(
            (ResultSet rs) -> {
              long id = rs.getLong("id");
              List<String> own = tags.computeIfAbsent(id, k -> new ArrayList<>());
              String tag = rs.getString("tag");
              if (tag != null) {
                own.add(tag);
              }
              // A read-only view: the record's tags are complete once all rows are read.
              found.putIfAbsent(
                  id, mapConversation(rs, java.util.Collections.unmodifiableList(own)));
            });
    if (!found.containsKey(first) || !found.containsKey(second)) {
      throw new org.springframework.dao.EmptyResultDataAccessException(2);
    }
    return found;
  }

  private static void requireUpdated(int rows) {
    if (rows == 0) {
      throw new IllegalArgumentException("No such conversation.");
    }
  }

  private Conversation mapConversation(ResultSet rs, int row) throws SQLException {
    List<String> tags =
        jdbc.sql("select tag from conversation_tags where conversation_id = ? order by tag")
            .param(rs.getLong("id"))
            .query(String.class)
            .list();
    return mapConversation(rs, tags);
  }

  private static Conversation mapConversation(ResultSet rs, List<String> tags) throws SQLException {
    long id = rs.getLong("id");
    return new Conversation(
        id,
        rs.getLong("workspace_id"),
        rs.getLong("channel_account_id"),
        Network.valueOf(rs.getString("network")),
        ConversationKind.valueOf(rs.getString("kind")),
        ConversationStatus.valueOf(rs.getString("status")),
        Priority.valueOf(rs.getString("priority")),
        nullableLong(rs, "assignee_id"),
        nullableLong(rs, "team_id"),
        nullableLong(rs, "contact_id"),
        rs.getString("context_external_id"),
        rs.getBoolean("unread"),
        rs.getInt("message_count"),
        rs.getString("preview"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("last_activity_at").toInstant(),
        instant(rs.getTimestamp("last_inbound_at")),
        instant(rs.getTimestamp("snoozed_until")),
        tags);
  }

  private static Message mapMessage(ResultSet rs, int row) throws SQLException {
    String delivery = rs.getString("delivery_state");
    return new Message(
        rs.getLong("id"),
        rs.getLong("conversation_id"),
        Network.valueOf(rs.getString("network")),
        rs.getString("external_id"),
        Direction.valueOf(rs.getString("direction")),
        rs.getString("kind"),
        rs.getString("author_external_id"),
        rs.getString("author_handle"),
        rs.getString("author_name"),
        nullableLong(rs, "contact_id"),
        nullableLong(rs, "sent_by_user_id"),
        rs.getString("text"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("received_at").toInstant(),
        rs.getString("in_reply_to_external_id"),
        rs.getBoolean("edited"),
        instant(rs.getTimestamp("edited_at")),
        rs.getBoolean("deleted"),
        instant(rs.getTimestamp("deleted_at")),
        delivery == null ? null : DeliveryState.valueOf(delivery),
        rs.getString("delivery_error"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  private static String preview(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= PREVIEW ? flat : flat.substring(0, PREVIEW - 1) + "…";
  }

  private static String bounded(String text) {
    if (text.length() <= MAX_TEXT) {
      return text;
    }
    return text.substring(0, MAX_TEXT) + "\n[… cut by Parley: longer than " + MAX_TEXT + " chars]";
  }

  private static String truncate(String text, int max) {
    if (text == null) {
      return null;
    }
    return text.length() <= max ? text : text.substring(0, max);
  }
}
