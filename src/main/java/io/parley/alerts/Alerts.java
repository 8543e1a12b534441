package io.parley.alerts;

import io.parley.channels.ChannelConnectionBroke;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The workspace's in-app alerts. At most one unread alert per subject: a connection that breaks
 * again before anyone read the first alert does not pile up more.
 */
@Service
public class Alerts {

  private final JdbcClient jdbc;
  private final Clock clock;

  Alerts(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(ChannelConnectionBroke broke) {
    raise(
        broke.workspaceId(),
        "channel-account:" + broke.channelAccountId(),
        "The connection of @" + broke.handle() + " is broken",
        broke.reason(),
        "/settings/channels/health#account-" + broke.channelAccountId());
  }

  /** Adds an alert unless one about the same subject is still unread. Returns whether it did. */
  @Transactional
  public boolean raise(long workspaceId, String subject, String title, String detail, String link) {
    Integer open =
        jdbc.sql(
                "select count(*) from alerts where workspace_id = ? and subject = ?"
                    + " and read_at is null")
            .params(workspaceId, subject)
            .query(Integer.class)
            .single();
    if (open > 0) {
      return false;
    }
    jdbc.sql(
            "insert into alerts (workspace_id, subject, title, detail, link, created_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            workspaceId,
            subject,
            abbreviate(title, 300),
            detail == null ? null : abbreviate(detail, 2000),
            link,
            Timestamp.from(clock.instant()))
        .update();
    return true;
  }

  public int unreadCount(long workspaceId) {
    return jdbc.sql("select count(*) from alerts where workspace_id = ? and read_at is null")
        .param(workspaceId)
        .query(Integer.class)
        .single();
  }

  /** The newest alerts of the workspace, read or not. */
  public List<Alert> recent(long workspaceId, int limit) {
    return jdbc
        .sql(
            "select id, title, detail, link, created_at, read_at from alerts"
                + " where workspace_id = ? order by created_at desc, id desc")
        .param(workspaceId)
        .query(
            (rs, row) ->
                new Alert(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant(),
                    rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
        .stream()
        .limit(limit)
        .toList();
  }

  /** Marks every unread alert of the workspace read. Returns how many. */
  @Transactional
  public int markAllRead(long workspaceId) {
    return jdbc.sql("update alerts set read_at = ? where workspace_id = ? and read_at is null")
        .params(Timestamp.from(clock.instant()), workspaceId)
        .update();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** One alert; {@code link} is a path inside Parley. */
  public record Alert(
      long id, String title, String detail, String link, Instant createdAt, Instant readAt) {
    public boolean unread() {
      return readAt == null;
    }
  }
}
