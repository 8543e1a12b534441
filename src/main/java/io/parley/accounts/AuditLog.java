package io.parley.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who did what: assignments, status changes, replies sent, settings changed. Entries are only
 * added, never changed; admins read them.
 */
@Repository
public class AuditLog {

  private final JdbcClient jdbc;
  private final Clock clock;

  AuditLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Records an action.
   *
   * @param actorUserId null for Parley itself
   * @param action a short dotted name such as {@code conversation.assigned}
   * @param subject what it was done to, e.g. {@code conversation 42}
   * @param detail free text for people (may be null)
   */
  public void record(
      long workspaceId, Long actorUserId, String action, String subject, String detail) {
    jdbc.sql(
            "insert into audit_log (workspace_id, actor_user_id, action, subject, detail, at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            workspaceId,
            actorUserId,
            action,
            cut(subject, 200),
            cut(detail, 2000),
            Timestamp.from(clock.instant()))
        .update();
  }

  /** The newest entries first. */
  public List<Entry> recent(long workspaceId, int limit) {
    return jdbc.sql(
            "select a.id, a.actor_user_id, u.display_name, a.action, a.subject, a.detail, a.at"
                + " from audit_log a left join users u on u.id = a.actor_user_id"
                + " where a.workspace_id = ? order by a.at desc, a.id desc")
        .param(workspaceId)
        .withMaxRows(Math.max(1, Math.min(limit, 1000)))
        .query(
            (rs, n) -> {
              long actor = rs.getLong(2);
              return new Entry(
                  rs.getLong(1),
                  rs.wasNull() ? null : actor,
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getTimestamp(7).toInstant());
            })
        .list();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** One recorded action. {@code actorName} is null for Parley itself. */
  public record Entry(
      long id,
      Long actorUserId,
      String actorName,
      String action,
      String subject,
      String detail,
      Instant at) {}
}
