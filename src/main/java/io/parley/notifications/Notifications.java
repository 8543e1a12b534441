package io.parley.notifications;

import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationAssigned;
import io.parley.conversations.Conversations;
import io.parley.conversations.NoteAdded;
import io.parley.routing.RuleNotified;
import io.parley.routing.SlaBreachApproaching;
import io.parley.routing.SlaBreached;
import io.parley.routing.SlaKind;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Personal notifications, per person, unread until read. Raised after the change that caused them
 * committed, in a transaction of their own: a failing notification never undoes a note or an
 * assignment. One notification per person and subject, so replayed events notify once.
 */
@Service
public class Notifications {

  /** What a notification is about. */
  public enum Kind {
    MENTION,
    ASSIGNED,
    SLA_APPROACHING,
    SLA_BREACHED,
    RULE_MATCHED
  }

  private static final String COLUMNS =
      "id, kind, conversation_id, title, detail, created_at, read_at";

  private final JdbcClient jdbc;
  private final Users users;
  private final Conversations conversations;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Notifications(
      JdbcClient jdbc,
      Users users,
      Conversations conversations,
      ApplicationEventPublisher events,
      Clock clock) {
    this.jdbc = jdbc;
    this.users = users;
    this.conversations = conversations;
    this.events = events;
    this.clock = clock;
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(NoteAdded added) {
    var note = conversations.note(added.workspaceId(), added.noteId()).orElse(null);
    if (note == null) {
      return;
    }
    String author = name(added.authorUserId());
    for (User u : Mentions.in(note.text(), users.inWorkspace(added.workspaceId()))) {
      if (u.id() == added.authorUserId()) {
        continue; // writing your own name is no news to you
      }
      add(
          added.workspaceId(),
          u.id(),
          Kind.MENTION,
          "note:" + added.noteId(),
          added.conversationId(),
          author + " mentioned you in a note",
          note.text());
    }
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(ConversationAssigned assigned) {
    Long by = assigned.assignedByUserId();
    if (by != null && by == assigned.assigneeId()) {
      return; // taking a conversation yourself
    }
    String preview =
        conversations
            .byId(assigned.workspaceId(), assigned.conversationId())
            .map(Conversation::preview)
            .orElse(null);
    add(
        assigned.workspaceId(),
        assigned.assigneeId(),
        Kind.ASSIGNED,
        "assigned:" + assigned.conversationId() + ":" + assigned.assignedAt().toEpochMilli(),
        assigned.conversationId(),
        by == null
            ? "A routing rule assigned you a conversation"
            : name(by) + " assigned you a conversation",
        preview);
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(RuleNotified matched) {
    User to = users.byId(matched.userId()).orElse(null);
    if (to == null || !to.enabled() || to.workspaceId() != matched.workspaceId()) {
      return; // removed or disabled since the rule was written
    }
    String preview =
        conversations
            .byId(matched.workspaceId(), matched.conversationId())
            .map(Conversation::preview)
            .orElse(null);
    // once per rule and conversation: a chatty thread does not ring the bell on every message
    add(
        matched.workspaceId(),
        to.id(),
        Kind.RULE_MATCHED,
        "rule:" + matched.ruleId() + ":" + matched.conversationId(),
        matched.conversationId(),
        "The routing rule “" + matched.ruleName() + "” matched a conversation",
        preview);
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(SlaBreachApproaching approaching) {
    slaNotice(
        approaching.workspaceId(),
        approaching.conversationId(),
        approaching.kind(),
        approaching.dueAt(),
        false);
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(SlaBreached breached) {
    slaNotice(
        breached.workspaceId(), breached.conversationId(), breached.kind(), breached.dueAt(), true);
  }

  /**
   * Tells the assignee, or the managers while nobody is assigned, that a target is about to pass (a
   * warning, while there is still time to answer) or has passed.
   */
  private void slaNotice(
      long workspaceId, long conversationId, SlaKind kind, Instant dueAt, boolean breached) {
    Conversation c = conversations.byId(workspaceId, conversationId).orElse(null);
    if (c == null) {
      return;
    }
    List<Long> to =
        c.assigneeId() != null
            ? List.of(c.assigneeId())
            : users.inWorkspace(c.workspaceId()).stream()
                .filter(User::enabled)
                .filter(u -> u.role().managesTeams())
                .map(User::id)
                .toList();
    String target = "the " + kind.label().toLowerCase(java.util.Locale.ROOT) + " target";
    String whose =
        c.assigneeId() != null
            ? " on a conversation assigned to you"
            : " on an unassigned conversation";
    String title =
        breached
            ? capitalized(target) + " passed" + whose
            : capitalized(target) + " passes " + minutesFromNow(dueAt) + whose;
    for (long userId : to) {
      add(
          c.workspaceId(),
          userId,
          breached ? Kind.SLA_BREACHED : Kind.SLA_APPROACHING,
          (breached ? "sla-breach:" : "sla-warning:")
              + c.id()
              + ":"
              + kind
              + ":"
              + dueAt.toEpochMilli(),
          c.id(),
          title,
          c.preview());
    }
  }

  private String minutesFromNow(Instant dueAt) {
    long minutes = Math.max(0, java.time.Duration.between(clock.instant(), dueAt).toMinutes());
    if (minutes < 1) {
      return "in less than a minute";
    }
    return minutes == 1 ? "in 1 minute" : "in " + minutes + " minutes";
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Adds a notification unless this person already has one about the subject. */
  @Transactional
  public Optional<Long> add(
      long workspaceId,
      long userId,
      Kind kind,
      String subject,
      Long conversationId,
      String title,
      String detail) {
    Integer present =
        jdbc.sql("select count(*) from notifications where user_id = ? and subject = ?")
            .params(userId, subject)
            .query(Integer.class)
            .single();
    if (present > 0) {
      return Optional.empty();
    }
    var key = new GeneratedKeyHolder();
    try {
      jdbc.sql(
              "insert into notifications (workspace_id, user_id, kind, subject, conversation_id,"
                  + " title, detail, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
          .params(
              workspaceId,
              userId,
              kind.name(),
              subject,
              conversationId,
              abbreviate(title, 300),
              detail == null || detail.isBlank() ? null : abbreviate(detail.strip(), 500),
              Timestamp.from(clock.instant()))
          .update(key, "id");
    } catch (DuplicateKeyException e) {
      return Optional.empty(); // the same event, handled concurrently
    }
    long id = key.getKey().longValue();
    events.publishEvent(new NotificationAdded(id, workspaceId, userId));
    return Optional.of(id);
  }

  public int unreadCount(long userId) {
    return jdbc.sql("select count(*) from notifications where user_id = ? and read_at is null")
        .param(userId)
        .query(Integer.class)
        .single();
  }

  /** The person's newest notifications, read or not. */
  public List<Notification> recent(long workspaceId, long userId, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from notifications where workspace_id = ? and user_id = ?"
                + " order by created_at desc, id desc limit "
                + Math.max(1, Math.min(limit, 500)))
        .params(workspaceId, userId)
        .query(Notifications::map)
        .list();
  }

  /** One of the person's notifications (someone else's is not found). */
  public Optional<Notification> byId(long userId, long notificationId) {
    return jdbc.sql("select " + COLUMNS + " from notifications where id = ? and user_id = ?")
        .params(notificationId, userId)
        .query(Notifications::map)
        .optional();
  }

  private static Notification map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Notification(
        rs.getLong(1),
        Kind.valueOf(rs.getString(2)),
        rs.getObject(3, Long.class),
        rs.getString(4),
        rs.getString(5),
        rs.getTimestamp(6).toInstant(),
        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant());
  }

  /** Marks one of the person's notifications read; returns the conversation it is about. */
  @Transactional
  public Optional<Long> markRead(long userId, long notificationId) {
    jdbc.sql(
            "update notifications set read_at = ? where id = ? and user_id = ? and read_at is null")
        .params(Timestamp.from(clock.instant()), notificationId, userId)
        .update();
    return jdbc.sql("select conversation_id from notifications where id = ? and user_id = ?")
        .params(notificationId, userId)
        .query((rs, row) -> Optional.ofNullable(rs.getObject(1, Long.class)))
        .optional()
        .flatMap(o -> o);
  }

  /** Marks all of the person's unread notifications read. Returns how many. */
  @Transactional
  public int markAllRead(long userId) {
    return jdbc.sql("update notifications set read_at = ? where user_id = ? and read_at is null")
        .params(Timestamp.from(clock.instant()), userId)
        .update();
  }

  private String name(long userId) {
    return users.byId(userId).map(User::displayName).orElse("A colleague");
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** One notification; {@code conversationId} is what it links to (may be null). */
  public record Notification(
      long id,
      Kind kind,
      Long conversationId,
      String title,
      String detail,
      Instant createdAt,
      Instant readAt) {
    public boolean unread() {
      return readAt == null;
    }

    /** The path inside Parley it leads to. */
    public String link() {
      return conversationId == null ? "/inbox" : "/conversations/" + conversationId;
    }
  }
}
