package io.parley.routing;

import io.parley.conversations.ConversationStatus;
import io.parley.conversations.ConversationUpdated;
import io.parley.conversations.Priority;
import io.parley.conversations.ReplyQueued;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * SLA clocks ({@link SlaKind}): first response and resolution start with a conversation's first
 * routed inbound message; a next-response clock starts with each customer message after a brand
 * reply. Replies stop response clocks, resolving stops the resolution clock (reopening continues
 * it). Due times count in the team's {@link SlaCalendar}; while the conversation waits on the
 * customer (pending, or snoozed until they write) every clock pauses and its due time moves on by
 * the pause. A scheduled check publishes {@link SlaBreachApproaching} and {@link SlaBreached}, each
 * once per clock.
 */
@Service
public class SlaClocks {

  private static final String COLUMNS =
      "id, conversation_id, workspace_id, kind, occurrence, started_at, due_at, warn_at, paused_at,"
          + " stopped_at";

  private final JdbcClient jdbc;
  private final SlaPolicies policies;
  private final SlaCalendars calendars;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final boolean workers;

  SlaClocks(
      JdbcClient jdbc,
      SlaPolicies policies,
      SlaCalendars calendars,
      ApplicationEventPublisher events,
      Clock clock,
      @Value("${parley.workers.enabled:true}") boolean workers) {
    this.jdbc = jdbc;
    this.policies = policies;
    this.calendars = calendars;
    this.events = events;
    this.clock = clock;
    this.workers = workers;
  }

  private record Row(long id, int occurrence, SlaClock clock) {}

  private record Owner(Priority priority, Long teamId, ConversationStatus status, Instant snoozed) {
    /** Waiting on the customer: the clocks do not count. */
    boolean waiting() {
      return status == ConversationStatus.PENDING
          || status == ConversationStatus.RESOLVED
          || (status == ConversationStatus.SNOOZED && snoozed == null);
    }
  }

  /**
   * Starts the clocks a routed inbound message starts (see class comment), or — when routing raised
   * the priority of a running first-response clock, e.g. a later complaint — pulls its due time in
   * to the shorter target. Never extends it.
   */
  void started(RoutedMessage m) {
    Owner c = owner(m.conversationId());
    SlaPolicies.Target t = policies.target(m.workspaceId(), c.teamId(), c.priority());
    SlaCalendar cal = calendars.calendar(m.workspaceId(), c.teamId());
    Optional<Row> first = latest(m.conversationId(), SlaKind.FIRST_RESPONSE);
    if (first.isEmpty()) {
      start(m, SlaKind.FIRST_RESPONSE, 0, t, cal);
      start(m, SlaKind.RESOLUTION, 0, t, cal);
    } else if (!first.get().clock().stopped()) {
      SlaClock s = first.get().clock();
      Instant due = cal.plus(s.startedAt(), t.firstResponse());
      if (!s.paused() && due.isBefore(s.dueAt())) {
        Instant warn = cal.plus(s.startedAt(), t.firstResponse().minus(t.warnBefore()));
        jdbc.sql("update sla_clocks set due_at = ?, warn_at = ? where id = ?")
            .params(utc(due), utc(warn), first.get().id())
            .update();
      }
    } else if (m.createdAt().isAfter(first.get().clock().stoppedAt())) {
      // the brand had replied: this message wants the next response, unless one is already due
      Optional<Row> next = latest(m.conversationId(), SlaKind.NEXT_RESPONSE);
      if (next.isEmpty()
          || (next.get().clock().stopped()
              && m.createdAt().isAfter(next.get().clock().stoppedAt()))) {
        start(m, SlaKind.NEXT_RESPONSE, next.map(r -> r.occurrence() + 1).orElse(1), t, cal);
      }
    }
    follow(m.conversationId()); // the message may have reopened a pending conversation
  }

  private void start(
      RoutedMessage m, SlaKind kind, int occurrence, SlaPolicies.Target t, SlaCalendar cal) {
    Instant due = cal.plus(m.createdAt(), t.of(kind));
    Instant warn = cal.plus(m.createdAt(), t.of(kind).minus(t.warnBefore(kind)));
    try {
      jdbc.sql(
              "insert into sla_clocks (conversation_id, workspace_id, kind, occurrence, started_at,"
                  + " due_at, warn_at) values (?, ?, ?, ?, ?, ?, ?)")
          .params(
              m.conversationId(),
              m.workspaceId(),
              kind.name(),
              occurrence,
              utc(m.createdAt()),
              utc(due),
              utc(warn))
          .update();
    } catch (DuplicateKeyException e) {
      // started concurrently by another message of the same conversation
    }
  }

  /** Stops the running response clocks at a reply. */
  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void on(ReplyQueued event) {
    jdbc.sql(
            "update sla_clocks set stopped_at = ? where conversation_id = ? and stopped_at is null"
                + " and kind in ('FIRST_RESPONSE', 'NEXT_RESPONSE')")
        .params(utc(clock.instant()), event.conversationId())
        .update();
  }

  /** Pauses, resumes, stops or continues the clocks when the status changes. */
  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void on(ConversationUpdated event) {
    if ("status".equals(event.what())) {
      follow(event.conversationId());
    }
  }

  /** Brings the conversation's clocks in line with its status, at the injected clock's now. */
  void follow(long conversationId) {
    Owner c = owner(conversationId);
    OffsetDateTime now = utc(clock.instant());
    if (c.status() == ConversationStatus.RESOLVED) {
      jdbc.sql(
              "update sla_clocks set stopped_at = ? where conversation_id = ?"
                  + " and kind = 'RESOLUTION' and stopped_at is null")
          .params(now, conversationId)
          .update();
    } else {
      // reopened: the resolution clock continues; the time it was resolved counts as a pause
      jdbc.sql(
              "update sla_clocks set paused_at = coalesce(paused_at, stopped_at), stopped_at = null"
                  + " where conversation_id = ? and kind = 'RESOLUTION' and stopped_at is not null")
          .param(conversationId)
          .update();
    }
    if (c.waiting()) {
      jdbc.sql(
              "update sla_clocks set paused_at = ? where conversation_id = ?"
                  + " and stopped_at is null and paused_at is null")
          .params(now, conversationId)
          .update();
      return;
    }
    List<Row> paused =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from sla_clocks where conversation_id = ? and stopped_at is null"
                    + " and paused_at is not null")
            .param(conversationId)
            .query(SlaClocks::row)
            .list();
    if (paused.isEmpty()) {
      return;
    }
    long workspace =
        jdbc.sql("select workspace_id from conversations where id = ?")
            .param(conversationId)
            .query(Long.class)
            .single();
    SlaCalendar cal = calendars.calendar(workspace, c.teamId());
    for (Row r : paused) {
      SlaClock s = r.clock();
      Instant resumed = now.toInstant();
      jdbc.sql(
              "update sla_clocks set due_at = ?, warn_at = ?, paused_at = null"
                  + " where id = ? and paused_at is not null")
          .params(
              utc(cal.resumed(s.dueAt(), s.pausedAt(), resumed)),
              utc(cal.resumed(s.warnAt(), s.pausedAt(), resumed)),
              r.id())
          .update();
    }
  }

  private Owner owner(long conversationId) {
    return jdbc.sql(
            "select priority, team_id, status, snoozed_until from conversations where id = ?")
        .param(conversationId)
        .query(
            (rs, n) -> {
              Timestamp snoozed = rs.getTimestamp(4);
              return new Owner(
                  Priority.valueOf(rs.getString(1)),
                  rs.getObject(2, Long.class),
                  ConversationStatus.valueOf(rs.getString(3)),
                  snoozed == null ? null : snoozed.toInstant());
            })
        .single();
  }

  private Optional<Row> latest(long conversationId, SlaKind kind) {
    return jdbc
        .sql(
            "select "
                + COLUMNS
                + " from sla_clocks where conversation_id = ? and kind = ?"
                + " order by occurrence desc")
        .params(conversationId, kind.name())
        .query(SlaClocks::row)
        .list()
        .stream()
        .findFirst();
  }

  /** The conversation's first-response clock, if it has one. */
  public Optional<SlaClock> clock(long conversationId) {
    return clock(conversationId, SlaKind.FIRST_RESPONSE);
  }

  /** The conversation's latest clock of this kind, if it has one. */
  public Optional<SlaClock> clock(long conversationId, SlaKind kind) {
    return latest(conversationId, kind).map(Row::clock);
  }

  /** The conversation's clocks, oldest first. */
  public List<SlaClock> clocks(long conversationId) {
    return jdbc
        .sql("select " + COLUMNS + " from sla_clocks where conversation_id = ? order by id")
        .param(conversationId)
        .query(SlaClocks::row)
        .list()
        .stream()
        .map(Row::clock)
        .toList();
  }

  /**
   * The most urgent running clock (earliest due, neither stopped nor paused) of each of these
   * conversations; those without one are absent.
   */
  public Map<Long, SlaClock> mostUrgent(Collection<Long> conversationIds) {
    if (conversationIds.isEmpty()) {
      return Map.of();
    }
    String marks = conversationIds.stream().map(id -> "?").collect(Collectors.joining(","));
    return jdbc
        .sql(
            "select "
                + COLUMNS
                + " from sla_clocks where stopped_at is null and paused_at is null"
                + " and conversation_id in ("
                + marks
                + ")")
        .params(List.copyOf(conversationIds))
        .query(SlaClocks::row)
        .list()
        .stream()
        .map(Row::clock)
        .collect(
            Collectors.toMap(
                SlaClock::conversationId,
                Function.identity(),
                (a, b) -> a.dueAt().isAfter(b.dueAt()) ? b : a));
  }

  /** The most urgent running clock of one conversation. */
  public Optional<SlaClock> mostUrgent(long conversationId) {
    return Optional.ofNullable(mostUrgent(List.of(conversationId)).get(conversationId));
  }

  @Scheduled(
      fixedDelayString = "${parley.sla.check-interval:30s}",
      initialDelayString = "${parley.sla.initial-delay:15s}")
  void scheduledCheck() {
    if (workers) {
      check();
    }
  }

  /**
   * Publishes the warnings and breaches due at the injected clock's now; each at most once per
   * clock (the guarded update decides, so concurrent checks cannot both publish). Paused clocks
   * wait. Returns how many events were published.
   */
  @Transactional
  public int check() {
    OffsetDateTime now = utc(clock.instant());
    int published = 0;
    for (Object[] r : running("breached_at is null and due_at <= ?", now)) {
      int changed =
          jdbc.sql(
                  "update sla_clocks set breached_at = ?, warned_at = coalesce(warned_at, ?)"
                      + " where id = ? and breached_at is null")
              .params(now, now, r[0])
              .update();
      if (changed == 1) {
        events.publishEvent(
            new SlaBreached((Long) r[1], (Long) r[2], (SlaKind) r[3], (Instant) r[4]));
        published++;
      }
    }
    for (Object[] r : running("warned_at is null and warn_at <= ?", now)) {
      int changed =
          jdbc.sql("update sla_clocks set warned_at = ? where id = ? and warned_at is null")
              .params(now, r[0])
              .update();
      if (changed == 1) {
        events.publishEvent(
            new SlaBreachApproaching((Long) r[1], (Long) r[2], (SlaKind) r[3], (Instant) r[4]));
        published++;
      }
    }
    return published;
  }

  private List<Object[]> running(String condition, OffsetDateTime now) {
    return jdbc.sql(
            "select id, conversation_id, workspace_id, kind, due_at from sla_clocks"
                + " where stopped_at is null and paused_at is null and "
                + condition
                + " order by due_at, id")
        .param(now)
        .query(
            (rs, n) ->
                new Object[] {
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  SlaKind.valueOf(rs.getString(4)),
                  rs.getObject(5, OffsetDateTime.class).toInstant()
                })
        .list();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getInt("occurrence"),
        new SlaClock(
            rs.getLong("conversation_id"),
            SlaKind.valueOf(rs.getString("kind")),
            instant(rs, "started_at"),
            instant(rs, "due_at"),
            instant(rs, "warn_at"),
            instant(rs, "paused_at"),
            instant(rs, "stopped_at")));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
