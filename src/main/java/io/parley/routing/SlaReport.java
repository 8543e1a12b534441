package io.parley.routing;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How first-response targets went: per week, team and agent, the share met and the median and p90
 * first-response time. Times come from the messages themselves (first inbound message to the first
 * reply of the brand), not from the clocks, so a report can be checked by hand against the thread;
 * whether the target was met compares that reply with the clock's due time (which already accounts
 * for business hours, holidays and pauses).
 */
@Service
public class SlaReport {

  private final JdbcClient jdbc;
  private final Clock clock;

  SlaReport(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** One conversation's first response. */
  public record Response(
      long conversationId,
      Long teamId,
      Long agentUserId,
      Instant askedAt,
      Instant dueAt,
      Instant answeredAt) {

    /** Null while unanswered. */
    public Duration firstResponseTime() {
      return answeredAt == null ? null : Duration.between(askedAt, answeredAt);
    }

    boolean decided(Instant now) {
      return answeredAt != null || now.isAfter(dueAt);
    }

    boolean met() {
      return answeredAt != null && !answeredAt.isAfter(dueAt);
    }
  }

  /**
   * One row of the report.
   *
   * @param conversations conversations whose first-response clock started in the period
   * @param decided answered, or unanswered past the target: what the share met is of
   * @param met answered at or before the target
   * @param waiting unanswered and still within the target
   * @param median nearest-rank median first-response time of the answered ones; null when none
   * @param p90 nearest-rank 90th percentile; null when none
   */
  public record Row(
      String key,
      int conversations,
      int decided,
      int met,
      int waiting,
      Duration median,
      Duration p90) {

    /** Percentage met of the decided ones, rounded down; null when none is decided yet. */
    public Integer metPercent() {
      return decided == 0 ? null : (int) (100L * met / decided);
    }
  }

  /** The report: by ISO week (Monday, UTC), by team and by agent who first replied. */
  public record Report(
      LocalDate from,
      LocalDate to,
      Row total,
      List<Row> weeks,
      List<Row> teams,
      List<Row> agents) {}

  /**
   * First responses of conversations whose first-response clock started on or after {@code from}
   * and before {@code to} (UTC days). Team and agent keys are ids as strings ("" for none): names
   * are the caller's business.
   */
  @Transactional(readOnly = true)
  public Report report(long workspaceId, LocalDate from, LocalDate to) {
    List<Response> responses = responses(workspaceId, from, to);
    Instant now = clock.instant();
    return new Report(
        from,
        to,
        row("total", responses, now),
        group(responses, r -> week(r.askedAt()), now),
        group(responses, r -> r.teamId() == null ? "" : r.teamId().toString(), now),
        group(
            responses.stream().filter(r -> r.answeredAt() != null).toList(),
            r -> r.agentUserId() == null ? "" : r.agentUserId().toString(),
            now));
  }

  /** The first responses the report is made of, oldest first. */
  @Transactional(readOnly = true)
  public List<Response> responses(long workspaceId, LocalDate from, LocalDate to) {
    // The first inbound message starts the conversation's wait; the first outbound message that
    // is not deleted ends it (a reply sent from Parley or on the network itself).
    return jdbc
        .sql(
            "select k.conversation_id, c.team_id, k.due_at,"
                + " (select min(i.created_at) from messages i where i.conversation_id ="
                + " k.conversation_id and i.direction = 'IN') as asked_at,"
                + " (select min(o.created_at) from messages o where o.conversation_id ="
                + " k.conversation_id and o.direction = 'OUT' and o.deleted = false) as answered_at"
                + " from sla_clocks k join conversations c on c.id = k.conversation_id"
                + " where k.workspace_id = ? and k.kind = 'FIRST_RESPONSE' and k.occurrence = 0"
                + " and k.started_at >= ? and k.started_at < ?"
                + " order by k.started_at, k.conversation_id")
        .params(workspaceId, utc(from), utc(to))
        .query(
            (rs, n) -> {
              OffsetDateTime asked = rs.getObject("asked_at", OffsetDateTime.class);
              OffsetDateTime answered = rs.getObject("answered_at", OffsetDateTime.class);
              return new Object[] {
                rs.getLong("conversation_id"),
                rs.getObject("team_id", Long.class),
                rs.getObject("due_at", OffsetDateTime.class).toInstant(),
                asked == null ? null : asked.toInstant(),
                answered == null ? null : answered.toInstant()
              };
            })
        .list()
        .stream()
        .filter(r -> r[3] != null)
        .map(
            r -> {
              Instant answered = (Instant) r[4];
              // a reply before the customer wrote (a brand post the thread started from) is no
              // answer
              if (answered != null && answered.isBefore((Instant) r[3])) {
                answered = firstReplyAfter((Long) r[0], (Instant) r[3]);
              }
              return new Response(
                  (Long) r[0],
                  (Long) r[1],
                  answered == null ? null : agentOf((Long) r[0], answered),
                  (Instant) r[3],
                  (Instant) r[2],
                  answered);
            })
        .toList();
  }

  private Instant firstReplyAfter(long conversationId, Instant after) {
    return jdbc.sql(
            "select min(created_at) from messages where conversation_id = ? and direction = 'OUT'"
                + " and deleted = false and created_at >= ?")
        .params(conversationId, after.atOffset(ZoneOffset.UTC))
        .query(OffsetDateTime.class)
        .optional()
        .map(OffsetDateTime::toInstant)
        .orElse(null);
  }

  private Long agentOf(long conversationId, Instant answeredAt) {
    return jdbc
        .sql(
            "select sent_by_user_id from messages where conversation_id = ? and direction = 'OUT'"
                + " and created_at = ? order by id")
        .params(conversationId, answeredAt.atOffset(ZoneOffset.UTC))
        .query((rs, n) -> rs.getObject(1, Long.class))
        .list()
        .stream()
        .findFirst()
        .orElse(null);
  }

  private static List<Row> group(
      List<Response> responses, Function<Response, String> key, Instant now) {
    Map<String, List<Response>> groups = new TreeMap<>();
    for (Response r : responses) {
      groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    return groups.entrySet().stream().map(e -> row(e.getKey(), e.getValue(), now)).toList();
  }

  static Row row(String key, List<Response> responses, Instant now) {
    List<Duration> times =
        responses.stream()
            .map(Response::firstResponseTime)
            .filter(java.util.Objects::nonNull)
            .sorted(Comparator.naturalOrder())
            .toList();
    int decided = (int) responses.stream().filter(r -> r.decided(now)).count();
    int met = (int) responses.stream().filter(Response::met).count();
    return new Row(
        key,
        responses.size(),
        decided,
        met,
        responses.size() - decided,
        percentile(times, 50),
        percentile(times, 90));
  }

  /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
  static Duration percentile(List<Duration> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  /** The Monday (UTC) of the instant's ISO week, as yyyy-MM-dd. */
  static String week(Instant t) {
    return t.atOffset(ZoneOffset.UTC)
        .toLocalDate()
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .toString();
  }

  private static OffsetDateTime utc(LocalDate day) {
    return day.atStartOfDay().atOffset(ZoneOffset.UTC);
  }
}
