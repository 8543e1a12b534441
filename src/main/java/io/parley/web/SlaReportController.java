package io.parley.web;

import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.routing.SlaReport;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * "SLA report": first-response targets met, and median / p90 first-response time, per week, team
 * and agent, over a range of days (the last eight weeks unless chosen). Admins and managers.
 */
@Controller
class SlaReportController {

  private static final int MAX_DAYS = 366;

  private final SlaReport report;
  private final Teams teams;
  private final Users users;
  private final Access access;
  private final Clock clock;

  SlaReportController(SlaReport report, Teams teams, Users users, Access access, Clock clock) {
    this.report = report;
    this.teams = teams;
    this.users = users;
    this.access = access;
    this.clock = clock;
  }

  @GetMapping("/reports/sla")
  String page(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      Model model) {
    if (!access.role(me).managesTeams()) {
      throw new AccessDeniedException("Only admins and managers see the SLA report");
    }
    LocalDate today = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate last = day(to, today);
    LocalDate first = day(from, last.minusWeeks(8).plusDays(1));
    if (first.isAfter(last) || first.plusDays(MAX_DAYS).isBefore(last)) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "Choose a range of 1 to " + MAX_DAYS + " days, oldest first.");
    }
    SlaReport.Report r = report.report(me.workspaceId(), first, last.plusDays(1));
    Map<String, String> teamNames = new HashMap<>();
    teams.inWorkspace(me.workspaceId()).forEach(t -> teamNames.put(t.id() + "", t.name()));
    teamNames.put("", "No team");
    Map<String, String> people = new HashMap<>();
    users.inWorkspace(me.workspaceId()).forEach(u -> people.put(u.id() + "", name(u)));
    people.put("", "Replied on the network");
    model.addAttribute("me", me);
    model.addAttribute("role", access.role(me));
    model.addAttribute("from", first);
    model.addAttribute("to", last);
    model.addAttribute("total", Line.of(r.total(), "All conversations"));
    model.addAttribute(
        "weeks", r.weeks().stream().map(w -> Line.of(w, "Week of " + w.key())).toList());
    model.addAttribute("teams", lines(r.teams(), teamNames));
    model.addAttribute("agents", lines(r.agents(), people));
    return "sla-report";
  }

  private static List<Line> lines(List<SlaReport.Row> rows, Map<String, String> names) {
    return rows.stream()
        .map(row -> Line.of(row, names.getOrDefault(row.key(), "Removed (#" + row.key() + ")")))
        .toList();
  }

  private static String name(User u) {
    return u.enabled() ? u.displayName() : u.displayName() + " (disabled)";
  }

  private static LocalDate day(String text, LocalDate otherwise) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "Not a date (yyyy-mm-dd): " + text.strip());
    }
  }

  /** A report row as the page shows it. */
  record Line(
      String label,
      int conversations,
      String met,
      int breached,
      int waiting,
      String median,
      String p90) {

    static Line of(SlaReport.Row r, String label) {
      Integer pct = r.metPercent();
      return new Line(
          label,
          r.conversations(),
          pct == null ? "–" : pct + "% (" + r.met() + " of " + r.decided() + ")",
          r.decided() - r.met(),
          r.waiting(),
          duration(r.median()),
          duration(r.p90()));
    }
  }

  /** "45s", "12m", "3h 05m", "2d 4h". */
  static String duration(Duration d) {
    if (d == null) {
      return "–";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    if (s < 86_400) {
      return (s / 3600) + "h " + String.format("%02dm", (s % 3600) / 60);
    }
    return (s / 86_400) + "d " + ((s % 86_400) / 3600) + "h";
  }
}
