package io.parley.routing;

import io.parley.conversations.Priority;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SLA targets per team and priority. The most specific policy wins (team and priority, then team,
 * then priority, then the workspace default); without any, {@link #defaultTarget}.
 */
@Repository
public class SlaPolicies {

  /**
   * Targets for each {@link SlaKind} and how long before one the warning fires.
   *
   * @param nextResponse null: the same as the first response
   * @param resolution null: the built-in default for the priority (filled in by {@link #target})
   */
  public record Target(
      Duration firstResponse, Duration warnBefore, Duration nextResponse, Duration resolution) {

    public Target(Duration firstResponse, Duration warnBefore) {
      this(firstResponse, warnBefore, null, null);
    }

    public Target {
      positive(firstResponse, "first-response");
      nextResponse = nextResponse == null ? firstResponse : nextResponse;
      positive(nextResponse, "next-response");
      if (resolution != null) {
        positive(resolution, "resolution");
      }
      if (warnBefore.isNegative() || warnBefore.compareTo(firstResponse) >= 0) {
        throw new IllegalArgumentException(
            "The warning must come after the clock starts (0 ≤ warn before < first-response"
                + " target)");
      }
    }

    private static void positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("A " + what + " target must be positive");
      }
    }

    /** The target of one kind of clock. */
    public Duration of(SlaKind kind) {
      return switch (kind) {
        case FIRST_RESPONSE -> firstResponse;
        case NEXT_RESPONSE -> nextResponse;
        case RESOLUTION -> resolution;
      };
    }

    /**
     * The warning lead for one kind: the policy's, unless it is not shorter than that kind's target
     * (a short next-response target), then a quarter of the target.
     */
    public Duration warnBefore(SlaKind kind) {
      Duration t = of(kind);
      return warnBefore.compareTo(t) < 0 ? warnBefore : t.dividedBy(4);
    }
  }

  /** A stored policy as the settings page lists it. */
  public record Policy(long id, Long teamId, Priority priority, Target target) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  SlaPolicies(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Built-in targets when a workspace has no policy: first and next response urgent 30 min, high 1
   * h (the complaint fast lane), normal 4 h, low 8 h; resolution 4 h, 8 h, 24 h, 72 h; the warning
   * a quarter of the first-response target before.
   */
  public static Target defaultTarget(Priority p) {
    Duration d =
        switch (p) {
          case URGENT -> Duration.ofMinutes(30);
          case HIGH -> Duration.ofHours(1);
          case NORMAL -> Duration.ofHours(4);
          case LOW -> Duration.ofHours(8);
        };
    return new Target(d, d.dividedBy(4), d, defaultResolution(p));
  }

  static Duration defaultResolution(Priority p) {
    return switch (p) {
      case URGENT -> Duration.ofHours(4);
      case HIGH -> Duration.ofHours(8);
      case NORMAL -> Duration.ofHours(24);
      case LOW -> Duration.ofHours(72);
    };
  }

  /** Saves a policy; {@code teamId} and {@code priority} null mean any. */
  public long add(long workspaceId, Long teamId, Priority priority, Target target) {
    var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            "insert into sla_policies (workspace_id, team_id, priority, first_response_minutes,"
                + " warn_before_minutes, next_response_minutes, resolution_minutes, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            workspaceId,
            teamId,
            priority == null ? null : priority.name(),
            (int) target.firstResponse().toMinutes(),
            (int) target.warnBefore().toMinutes(),
            (int) target.nextResponse().toMinutes(),
            target.resolution() == null ? null : (int) target.resolution().toMinutes(),
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  /** Deletes a policy of this workspace; false when there is none with that id. */
  public boolean remove(long workspaceId, long policyId) {
    return jdbc.sql("delete from sla_policies where id = ? and workspace_id = ?")
            .params(policyId, workspaceId)
            .update()
        == 1;
  }

  /** The workspace's policies, most general first. */
  public List<Policy> list(long workspaceId) {
    return jdbc.sql(
            "select * from sla_policies where workspace_id = ?"
                + " order by case when team_id is null then 0 else 1 end,"
                + " case when priority is null then 0 else 1 end, id")
        .param(workspaceId)
        .query(
            (rs, n) ->
                new Policy(
                    rs.getLong("id"),
                    rs.getObject("team_id", Long.class),
                    rs.getString("priority") == null
                        ? null
                        : Priority.valueOf(rs.getString("priority")),
                    stored(rs)))
        .list();
  }

  /** The targets for a conversation of this team (may be null) and priority. */
  public Target target(long workspaceId, Long teamId, Priority priority) {
    Target t =
        jdbc
            .sql(
                "select * from sla_policies"
                    + " where workspace_id = ? and (team_id = ? or team_id is null)"
                    + " and (priority = ? or priority is null)"
                    + " order by case when team_id is null then 1 else 0 end,"
                    + " case when priority is null then 1 else 0 end, id")
            .params(workspaceId, teamId == null ? -1L : teamId, priority.name())
            .query((rs, n) -> stored(rs))
            .list()
            .stream()
            .findFirst()
            .orElseGet(() -> defaultTarget(priority));
    return t.resolution() != null
        ? t
        : new Target(
            t.firstResponse(), t.warnBefore(), t.nextResponse(), defaultResolution(priority));
  }

  private static Target stored(ResultSet rs) throws SQLException {
    Integer next = rs.getObject("next_response_minutes", Integer.class);
    Integer resolution = rs.getObject("resolution_minutes", Integer.class);
    return new Target(
        Duration.ofMinutes(rs.getInt("first_response_minutes")),
        Duration.ofMinutes(rs.getInt("warn_before_minutes")),
        next == null ? null : Duration.ofMinutes(next),
        resolution == null ? null : Duration.ofMinutes(resolution));
  }
}
