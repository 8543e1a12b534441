package io.parley.routing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The business calendar each team's SLA clocks count in: the team's own, else the workspace's (team
 * null), else {@link SlaCalendar#ALWAYS}.
 */
@Repository
public class SlaCalendars {

  /** A stored calendar; {@code teamId} null for the workspace's. */
  public record Entry(Long teamId, SlaCalendar calendar) {

    /** Holidays as the settings form writes them: {@code 2026-12-24, 2026-12-25}. */
    public String holidaysText() {
      return calendar.holidays().stream()
          .map(LocalDate::toString)
          .collect(Collectors.joining(", "));
    }
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  SlaCalendars(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Reads holidays written as ISO dates separated by commas, spaces or new lines. */
  public static SortedSet<LocalDate> holidays(String text) {
    SortedSet<LocalDate> days = new TreeSet<>();
    if (text == null) {
      return days;
    }
    for (String s : text.split("[,;\\s]+")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        days.add(LocalDate.parse(s));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("Holidays must be dates like 2026-12-24, got: " + s);
      }
    }
    if (days.size() > 300) {
      throw new IllegalArgumentException("At most 300 holidays per calendar");
    }
    return days;
  }

  /** Sets the calendar of a team (null: the workspace's), replacing the one it had. */
  @Transactional
  public void save(long workspaceId, Long teamId, SlaCalendar calendar) {
    if (calendar.hours() == null) {
      throw new IllegalArgumentException("A business calendar needs business hours");
    }
    remove(workspaceId, teamId);
    jdbc.sql(
            "insert into sla_calendars (workspace_id, team_id, hours, holidays, updated_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(
            workspaceId,
            teamId,
            calendar.hours().toString(),
            new Entry(teamId, calendar).holidaysText(),
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .update();
  }

  /** Back to the workspace's calendar (team) or to wall time (workspace, {@code teamId} null). */
  public void remove(long workspaceId, Long teamId) {
    if (teamId == null) {
      jdbc.sql("delete from sla_calendars where workspace_id = ? and team_id is null")
          .param(workspaceId)
          .update();
    } else {
      jdbc.sql("delete from sla_calendars where workspace_id = ? and team_id = ?")
          .params(workspaceId, teamId)
          .update();
    }
  }

  /** The workspace's calendars, its own first. */
  public List<Entry> list(long workspaceId) {
    return jdbc.sql(
            "select team_id, hours, holidays from sla_calendars where workspace_id = ?"
                + " order by case when team_id is null then 0 else 1 end, team_id")
        .param(workspaceId)
        .query(
            (rs, n) ->
                new Entry(
                    rs.getObject(1, Long.class),
                    SlaCalendar.of(
                        BusinessHours.parse(rs.getString(2)), holidays(rs.getString(3)))))
        .list();
  }

  /** The calendar a clock of this team counts in. */
  public SlaCalendar calendar(long workspaceId, Long teamId) {
    List<Entry> all = list(workspaceId);
    Optional<Entry> own =
        teamId == null
            ? Optional.empty()
            : all.stream().filter(e -> teamId.equals(e.teamId())).findFirst();
    return own.or(() -> all.stream().filter(e -> e.teamId() == null).findFirst())
        .map(Entry::calendar)
        .orElse(SlaCalendar.ALWAYS);
  }
}
