package io.parley.web;

import io.parley.accounts.Role;
import io.parley.accounts.Team;
import io.parley.accounts.Teams;
import io.parley.conversations.Priority;
import io.parley.routing.BusinessHours;
import io.parley.routing.SlaCalendar;
import io.parley.routing.SlaCalendars;
import io.parley.routing.SlaKind;
import io.parley.routing.SlaPolicies;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "SLA targets": first-response, next-response and resolution targets per team and priority, and
 * the business hours and holidays each team's clocks count in. Admins and managers only. Bad input
 * renders the page again (422) with the reason next to the form and what was typed.
 */
@Controller
class SlaSettingsController {

  private static final Pattern PART = Pattern.compile("(\\d+)\\s*([dhm]?)");

  private final SlaPolicies policies;
  private final SlaCalendars calendars;
  private final Teams teams;

  SlaSettingsController(SlaPolicies policies, SlaCalendars calendars, Teams teams) {
    this.policies = policies;
    this.calendars = calendars;
    this.teams = teams;
  }

  @GetMapping("/settings/sla")
  String page(@AuthenticationPrincipal SignedIn me, Model model) {
    requireManager(me);
    return render(me, Map.of(), null, null, model);
  }

  @PostMapping("/settings/sla/targets")
  String addTarget(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam Map<String, String> form,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    requireManager(me);
    try {
      Long team = team(me, form.get("team"));
      Priority priority =
          blank(form.get("priority")) ? null : Priority.valueOf(form.get("priority"));
      Duration first = duration(form.get("firstResponse"), "First response", true);
      var target =
          new SlaPolicies.Target(
              first,
              blank(form.get("warnBefore"))
                  ? first.dividedBy(4) // as the built-in targets
                  : duration(form.get("warnBefore"), "Warn before", false),
              duration(form.get("nextResponse"), "Next response", false),
              duration(form.get("resolution"), "Resolution", false));
      policies.add(me.workspaceId(), team, priority, target);
    } catch (IllegalArgumentException e) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return render(me, form, e.getMessage(), null, model);
    }
    redirect.addFlashAttribute("saved", "Target saved. It applies to clocks started from now on.");
    return "redirect:/settings/sla";
  }

  @PostMapping("/settings/sla/targets/{id}/delete")
  String deleteTarget(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    requireManager(me);
    if (policies.remove(me.workspaceId(), id)) {
      redirect.addFlashAttribute("saved", "Target deleted.");
    }
    return "redirect:/settings/sla";
  }

  @PostMapping("/settings/sla/hours")
  String saveHours(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam Map<String, String> form,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    requireManager(me);
    try {
      Long team = team(me, form.get("team"));
      if (blank(form.get("hours"))) {
        throw new IllegalArgumentException(
            "Business hours are required, e.g. Europe/Berlin MON-FRI 09:00-18:00");
      }
      var calendar =
          SlaCalendar.of(
              BusinessHours.parse(form.get("hours")), SlaCalendars.holidays(form.get("holidays")));
      calendars.save(me.workspaceId(), team, calendar);
    } catch (IllegalArgumentException e) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return render(me, form, null, e.getMessage(), model);
    }
    redirect.addFlashAttribute("saved", "Business hours saved.");
    return "redirect:/settings/sla";
  }

  @PostMapping("/settings/sla/hours/delete")
  String deleteHours(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(required = false) String team,
      RedirectAttributes redirect) {
    requireManager(me);
    calendars.remove(me.workspaceId(), team(me, team));
    redirect.addFlashAttribute("saved", "Business hours removed.");
    return "redirect:/settings/sla";
  }

  private String render(
      SignedIn me, Map<String, String> typed, String targetError, String hoursError, Model model) {
    Map<Long, String> names =
        teams.inWorkspace(me.workspaceId()).stream()
            .collect(Collectors.toMap(Team::id, Team::name));
    Function<Long, String> teamName =
        id -> id == null ? "Every team" : names.getOrDefault(id, "team #" + id);
    model.addAttribute("me", me);
    model.addAttribute("teams", teams.inWorkspace(me.workspaceId()));
    model.addAttribute("priorities", Priority.values());
    model.addAttribute(
        "targets",
        policies.list(me.workspaceId()).stream()
            .map(
                p ->
                    new TargetRow(
                        p.id(),
                        teamName.apply(p.teamId()),
                        p.priority() == null ? "any" : lower(p.priority().name()),
                        span(p.target().firstResponse()),
                        span(p.target().nextResponse()),
                        p.target().resolution() == null ? "default" : span(p.target().resolution()),
                        span(p.target().warnBefore())))
            .toList());
    List<TargetRow> defaults = new ArrayList<>();
    for (Priority p : Priority.values()) {
      var t = SlaPolicies.defaultTarget(p);
      defaults.add(
          new TargetRow(
              0,
              "built in",
              lower(p.name()),
              span(t.of(SlaKind.FIRST_RESPONSE)),
              span(t.of(SlaKind.NEXT_RESPONSE)),
              span(t.of(SlaKind.RESOLUTION)),
              span(t.warnBefore())));
    }
    model.addAttribute("defaults", defaults);
    model.addAttribute(
        "calendars",
        calendars.list(me.workspaceId()).stream()
            .map(
                e ->
                    new CalendarRow(
                        e.teamId() == null ? "" : e.teamId().toString(),
                        teamName.apply(e.teamId()),
                        e.calendar().hours().toString(),
                        e.holidaysText().isEmpty() ? "none" : e.holidaysText()))
            .toList());
    model.addAttribute("typed", typed);
    model.addAttribute("targetError", targetError);
    model.addAttribute("hoursError", hoursError);
    return "sla";
  }

  /** A team of this workspace from the form (blank: every team). */
  private Long team(SignedIn me, String value) {
    if (blank(value)) {
      return null;
    }
    try {
      long id = Long.parseLong(value.trim());
      return teams.byId(me.workspaceId(), id).map(Team::id).orElseThrow();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Unknown team");
    }
  }

  /**
   * Reads "90", "90m", "4h", "1h 30m" or "2d" (a bare number is minutes); null when blank and not
   * required.
   */
  static Duration duration(String text, String what, boolean required) {
    if (blank(text)) {
      if (required) {
        throw new IllegalArgumentException(what + " target is required, e.g. 4h or 90m");
      }
      return null;
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = PART.matcher(s);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (!s.substring(end, m.start()).isBlank()) {
        break;
      }
      long n = Long.parseLong(m.group(1).length() > 6 ? "9999999" : m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
              });
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new IllegalArgumentException(
          what + ": write a duration like 30m, 4h, 1h 30m or 2d, got: " + text.trim());
    }
    if (d.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException(what + ": at most 365 days");
    }
    if (required && d.isZero()) {
      throw new IllegalArgumentException(what + " target must be positive");
    }
    return d;
  }

  /** A duration as the page writes it ("1h 30m", "2d"), readable back by {@link #duration}. */
  static String span(Duration d) {
    long minutes = d.toMinutes();
    List<String> parts = new ArrayList<>();
    if (minutes >= 24 * 60) parts.add(minutes / (24 * 60) + "d");
    if (minutes % (24 * 60) >= 60) parts.add((minutes % (24 * 60)) / 60 + "h");
    if (minutes % 60 != 0 || minutes == 0) parts.add(minutes % 60 + "m");
    return String.join(" ", parts);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static void requireManager(SignedIn me) {
    if (me.role() != Role.ADMIN && me.role() != Role.MANAGER) {
      throw new AccessDeniedException("Only admins and managers manage SLA targets");
    }
  }

  /** A policy (or a built-in default) as the page lists it. */
  record TargetRow(
      long id,
      String team,
      String priority,
      String firstResponse,
      String nextResponse,
      String resolution,
      String warnBefore) {}

  /** A business calendar as the page lists it. */
  record CalendarRow(String teamId, String team, String hours, String holidays) {}
}
