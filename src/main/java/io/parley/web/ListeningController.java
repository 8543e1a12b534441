package io.parley.web;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.listening.EtiquetteVerdict;
import io.parley.listening.ListeningQueries;
import io.parley.listening.Opportunities;
import io.parley.listening.Opportunity;
import io.parley.listening.OpportunityStatus;
import io.parley.listening.Outreach;
import io.parley.listening.OutreachRefused;
import io.parley.listening.QueryNumbers;
import io.parley.listening.QuerySyntaxException;
import io.parley.listening.RecentPosts;
import io.parley.listening.StoredQuery;
import io.parley.listening.TrackedLink;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Listening": the workspace's queries with their numbers (matches per day, opportunities by
 * status, won value), the query editor with a live test on recent posts, and each query's
 * opportunity feed with status, assignee, notes and a reply through {@link Outreach}.
 *
 * <p>Who may do what (docs/listening.md, "Listening page"): everyone signed in reads; agents,
 * managers and admins work opportunities (status, assignee, notes, reply); managers and admins
 * manage queries and may send a reply the etiquette guard blocked, which is audited. Listening is
 * workspace-wide: public posts belong to no team.
 */
@Controller
class ListeningController {

  static final int DAYS = 14;
  private static final int SHOWN_SAMPLES = 20;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.UK);

  private final ListeningQueries queries;
  private final Opportunities opportunities;
  private final Outreach outreach;
  private final RecentPosts recent;
  private final Access access;
  private final AuditLog audit;
  private final Users users;
  private final Workspaces workspaces;
  private final TimeLabels time;

  ListeningController(
      ListeningQueries queries,
      Opportunities opportunities,
      Outreach outreach,
      RecentPosts recent,
      Access access,
      AuditLog audit,
      Users users,
      Workspaces workspaces,
      TimeLabels time) {
    this.queries = queries;
    this.opportunities = opportunities;
    this.outreach = outreach;
    this.recent = recent;
    this.access = access;
    this.audit = audit;
    this.users = users;
    this.workspaces = workspaces;
    this.time = time;
  }

  // ---- queries ----

  @GetMapping("/listening")
  String page(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(required = false) Long edit,
      Model model) {
    Map<String, String> typed = Map.of();
    if (edit != null && manager(me)) {
      StoredQuery q = query(me, edit);
      typed = Map.of("name", q.name(), "text", q.text());
    }
    return render(me, typed, edit, null, model);
  }

  @PostMapping("/listening/queries")
  String create(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String text,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return save(me, null, name, text, model, response, redirect);
  }

  @PostMapping("/listening/queries/{id}")
  String update(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String text,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return save(me, id, name, text, model, response, redirect);
  }

  /** Creates ({@code id} null) or changes a query; a syntax error keeps the form with a 422. */
  private String save(
      SignedIn me,
      Long id,
      String name,
      String text,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    requireManager(me);
    if (id != null) {
      query(me, id);
    }
    try {
      StoredQuery q =
          id == null
              ? queries.create(me.workspaceId(), name, text, me.userId())
              : queries.update(me.workspaceId(), id, name, text);
      audit.record(
          me.workspaceId(),
          me.userId(),
          id == null ? "listening.query_created" : "listening.query_changed",
          subject(q),
          q.text());
      redirect.addFlashAttribute(
          "notice",
          id == null
              ? "Query “" + q.name() + "” saved. It listens from now on."
              : "Query “" + q.name() + "” saved.");
      return "redirect:/listening";
    } catch (IllegalArgumentException e) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return render(me, Map.of("name", name, "text", text), id, e, model);
    }
  }

  @PostMapping("/listening/queries/{id}/enabled")
  String enable(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam boolean enabled,
      RedirectAttributes redirect) {
    requireManager(me);
    query(me, id);
    StoredQuery q = queries.setEnabled(me.workspaceId(), id, enabled);
    audit.record(
        me.workspaceId(),
        me.userId(),
        enabled ? "listening.query_enabled" : "listening.query_disabled",
        subject(q),
        null);
    redirect.addFlashAttribute(
        "notice",
        "Query “" + q.name() + "” " + (enabled ? "listens again." : "paused: it matches nothing."));
    return "redirect:/listening";
  }

  @PostMapping("/listening/queries/{id}/delete")
  String delete(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    requireManager(me);
    StoredQuery q = query(me, id);
    queries.remove(me.workspaceId(), id);
    audit.record(me.workspaceId(), me.userId(), "listening.query_deleted", subject(q), q.text());
    redirect.addFlashAttribute(
        "notice", "Query “" + q.name() + "” deleted, with its opportunities.");
    return "redirect:/listening";
  }

  /** The editor's live test: which recent posts the typed query matches, terms marked. */
  @PostMapping("/listening/test")
  String test(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String text,
      Model model) {
    requireManager(me);
    model.addAttribute("typedText", text);
    if (text.isBlank()) {
      model.addAttribute("trial", null);
      model.addAttribute("syntax", null);
      return "listening :: trial";
    }
    try {
      RecentPosts.Trial trial = recent.test(me.workspaceId(), text, SHOWN_SAMPLES);
      model.addAttribute("trial", trial);
      model.addAttribute(
          "samples", trial.matches().stream().map(s -> SampleRow.of(s, time)).toList());
      model.addAttribute("syntax", null);
    } catch (QuerySyntaxException e) {
      model.addAttribute("trial", null);
      model.addAttribute("syntax", SyntaxError.of(e, text));
    }
    return "listening :: trial";
  }

  private String render(
      SignedIn me, Map<String, String> typed, Long editing, RuntimeException error, Model model) {
    common(me, model);
    Map<Long, QueryNumbers> numbers = opportunities.numbers(me.workspaceId(), DAYS);
    model.addAttribute(
        "rows",
        queries.inWorkspace(me.workspaceId()).stream()
            .map(q -> QueryRow.of(q, numbers.get(q.id())))
            .toList());
    model.addAttribute("typed", typed);
    model.addAttribute("editing", editing);
    model.addAttribute(
        "syntax",
        error instanceof QuerySyntaxException e
            ? SyntaxError.of(e, typed.getOrDefault("text", ""))
            : null);
    model.addAttribute(
        "error",
        error != null && !(error instanceof QuerySyntaxException) ? error.getMessage() : null);
    model.addAttribute("trial", null);
    return "listening";
  }

  // ---- opportunity feed ----

  @GetMapping("/listening/queries/{id}")
  String feed(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(required = false) String status,
      Model model) {
    common(me, model);
    StoredQuery q = query(me, id);
    OpportunityStatus only = status(status);
    Map<Long, String> names =
        users.inWorkspace(me.workspaceId()).stream()
            .collect(Collectors.toMap(User::id, User::displayName));
    model.addAttribute("query", q);
    model.addAttribute(
        "numbers", QueryRow.of(q, opportunities.numbers(me.workspaceId(), DAYS).get(q.id())));
    model.addAttribute("only", only);
    model.addAttribute("statuses", OpportunityStatus.values());
    model.addAttribute(
        "items",
        opportunities.forQuery(me.workspaceId(), id, only).stream()
            .map(o -> OpportunityRow.of(o, names, time))
            .toList());
    model.addAttribute(
        "people",
        users.inWorkspace(me.workspaceId()).stream()
            .filter(User::enabled)
            .filter(u -> u.role().canReply())
            .toList());
    return "listening-feed";
  }

  @PostMapping("/listening/opportunities/{id}/status")
  String status(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String status,
      @RequestParam(required = false) String value,
      RedirectAttributes redirect) {
    requireWriter(me);
    Opportunity o = opportunity(me, id);
    try {
      OpportunityStatus to = status(status);
      if (to == null) {
        throw new IllegalArgumentException("no status '" + status + "'");
      }
      BigDecimal amount = to == OpportunityStatus.WON ? value(value) : null;
      opportunities.changeStatus(me.workspaceId(), id, to, amount);
      redirect.addFlashAttribute(
          "notice",
          "Marked "
              + label(to)
              + (amount == null ? "." : " with a value of " + money(amount) + "."));
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", capitalized(e.getMessage()) + ".");
    }
    return back(o);
  }

  @PostMapping("/listening/opportunities/{id}/assignee")
  String assign(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(required = false) Long assignee,
      RedirectAttributes redirect) {
    requireWriter(me);
    Opportunity o = opportunity(me, id);
    try {
      opportunities.assign(me.workspaceId(), id, assignee);
      redirect.addFlashAttribute("notice", assignee == null ? "Unassigned." : "Assigned.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", capitalized(e.getMessage()) + ".");
    }
    return back(o);
  }

  @PostMapping("/listening/opportunities/{id}/notes")
  String notes(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String notes,
      RedirectAttributes redirect) {
    requireWriter(me);
    Opportunity o = opportunity(me, id);
    try {
      opportunities.setNotes(me.workspaceId(), id, notes);
      redirect.addFlashAttribute("notice", "Notes saved.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", capitalized(e.getMessage()) + ".");
    }
    return back(o);
  }

  /**
   * Replies through {@link Outreach}. When the etiquette guard blocks, nothing is sent and the
   * reasons are shown next to the draft; a manager may tick "override", which sends it anyway and
   * writes the blocks to the audit log.
   */
  @PostMapping("/listening/opportunities/{id}/reply")
  String reply(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String text,
      @RequestParam(defaultValue = "") String link,
      @RequestParam(defaultValue = "false") boolean override,
      RedirectAttributes redirect) {
    requireWriter(me);
    Opportunity o = opportunity(me, id);
    if (override && !manager(me)) {
      throw new AccessDeniedException("Only managers and admins may override the guard.");
    }
    String typed = text;
    try {
      if (!link.isBlank()) {
        // the shared link carries the query and the opportunity into the shop's analytics
        String campaign =
            queries.byId(me.workspaceId(), o.queryId()).map(StoredQuery::name).orElse("");
        text = text.strip() + " " + TrackedLink.of(link, o.network().name(), campaign, o.id());
      }
      EtiquetteVerdict verdict = override ? outreach.check(me.workspaceId(), id, text) : null;
      outreach.reply(me.workspaceId(), id, me.userId(), text, override);
      if (verdict != null && !verdict.allowed()) {
        audit.record(
            me.workspaceId(),
            me.userId(),
            "outreach.guard_overridden",
            "opportunity " + id + " (@" + o.authorHandle() + ")",
            String.join(" ", verdict.blocks()));
        redirect.addFlashAttribute(
            "notice",
            "Reply queued despite the etiquette guard; the override is in the audit log.");
      } else {
        redirect.addFlashAttribute("notice", "Reply queued; it goes out through the outbox.");
      }
    } catch (OutreachRefused refused) {
      redirect.addFlashAttribute("refusedId", id);
      redirect.addFlashAttribute("refusedBlocks", refused.verdict().blocks());
      redirect.addFlashAttribute("refusedWarnings", refused.verdict().warnings());
      redirect.addFlashAttribute("draft", text);
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
      redirect.addFlashAttribute("draft", typed);
      redirect.addFlashAttribute("refusedId", id);
    }
    return back(o);
  }

  // ---- helpers ----

  private void common(SignedIn me, Model model) {
    Role role = access.role(me);
    model.addAttribute("me", me);
    model.addAttribute("role", role);
    model.addAttribute("manager", role.managesTeams());
    model.addAttribute("writer", role.canReply());
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
  }

  private boolean manager(SignedIn me) {
    return access.role(me).managesTeams();
  }

  private void requireManager(SignedIn me) {
    if (!manager(me)) {
      throw new AccessDeniedException("Listening queries are managed by managers and admins.");
    }
  }

  private void requireWriter(SignedIn me) {
    if (!access.role(me).canReply()) {
      throw new AccessDeniedException("Viewers read opportunities; they do not work them.");
    }
  }

  private StoredQuery query(SignedIn me, long id) {
    return queries
        .byId(me.workspaceId(), id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such query."));
  }

  private Opportunity opportunity(SignedIn me, long id) {
    return opportunities
        .byId(me.workspaceId(), id)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such opportunity."));
  }

  private static String back(Opportunity o) {
    return "redirect:/listening/queries/" + o.queryId() + "#opportunity-" + o.id();
  }

  private static String subject(StoredQuery q) {
    return "listening query " + q.id() + " (" + q.name() + ")";
  }

  private static OpportunityStatus status(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    return Arrays.stream(OpportunityStatus.values())
        .filter(v -> v.name().equalsIgnoreCase(s.strip()))
        .findFirst()
        .orElse(null);
  }

  /** An empty value is 0: "won" without an amount is still a conversion. */
  private static BigDecimal value(String v) {
    if (v == null || v.isBlank()) {
      return BigDecimal.ZERO;
    }
    try {
      return new BigDecimal(v.strip().replace(",", "."))
          .setScale(2, java.math.RoundingMode.HALF_UP);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + v.strip() + "' is not an amount; write e.g. 129.90 or leave it empty");
    }
  }

  static String label(OpportunityStatus s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  static String money(BigDecimal v) {
    NumberFormat f = NumberFormat.getNumberInstance(Locale.UK);
    f.setMinimumFractionDigits(2);
    f.setMaximumFractionDigits(2);
    return f.format(v);
  }

  private static String capitalized(String s) {
    return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  // ---- view rows ----

  /** A syntax error with the place it points at, for the editor. */
  record SyntaxError(String problem, int position, String hint, String message, String excerpt) {
    static SyntaxError of(QuerySyntaxException e, String text) {
      String excerpt = null;
      if (e.position() > 0 && e.position() <= text.length()) {
        int from = Math.max(0, e.position() - 1 - 20);
        int to = Math.min(text.length(), e.position() - 1 + 20);
        excerpt = text.substring(from, to);
      }
      return new SyntaxError(e.problem(), e.position(), e.hint(), e.getMessage(), excerpt);
    }
  }

  /** One bar of the 14-day chart; {@code level} 0–10 picks its height class. */
  record Bar(String day, long matches, int level) {}

  record QueryRow(
      StoredQuery query, QueryNumbers numbers, List<Bar> bars, String wonValue, String conversion) {
    static QueryRow of(StoredQuery q, QueryNumbers n) {
      long max = Math.max(1, n.busiestDay());
      List<Bar> bars =
          n.perDay().stream()
              .map(
                  d ->
                      new Bar(
                          DAY.format(d.date()),
                          d.matches(),
                          d.matches() == 0
                              ? 0
                              : (int) Math.max(1, Math.round(10.0 * d.matches() / max))))
              .toList();
      Integer percent = n.conversionPercent();
      return new QueryRow(
          q,
          n,
          bars,
          money(n.wonValue()),
          percent == null ? "none closed yet" : percent + "% of closed won");
    }

    public long count(String status) {
      return numbers.count(OpportunityStatus.valueOf(status));
    }
  }

  /** A recent post the draft query matches, with its text in plain and marked pieces. */
  record SampleRow(
      String author, String handle, String network, String when, List<RecentPosts.Piece> pieces) {
    static SampleRow of(RecentPosts.Sample s, TimeLabels time) {
      return new SampleRow(
          s.authorName() == null || s.authorName().isBlank() ? s.authorHandle() : s.authorName(),
          s.authorHandle(),
          s.network().label(),
          s.createdAt() == null ? "" : time.ago(s.createdAt()),
          s.pieces());
    }
  }

  record OpportunityRow(
      Opportunity o,
      String author,
      String network,
      String when,
      String whenFull,
      String status,
      List<String> next,
      String assignee,
      String value,
      String signals) {
    static OpportunityRow of(Opportunity o, Map<Long, String> names, TimeLabels time) {
      String author =
          o.authorName() == null || o.authorName().isBlank() ? o.authorHandle() : o.authorName();
      List<String> next =
          o.status().next().stream().sorted().map(ListeningController::label).toList();
      String signals =
          java.util.stream.Stream.of(
                  o.authorFollowers() == null ? null : o.authorFollowers() + " followers",
                  o.intent() == null ? null : "intent " + o.intent(),
                  o.sentiment() == null ? null : o.sentiment())
              .filter(java.util.Objects::nonNull)
              .collect(Collectors.joining(" · "));
      return new OpportunityRow(
          o,
          author,
          o.network().label(),
          time.ago(o.postCreatedAt()),
          time.full(o.postCreatedAt()),
          label(o.status()),
          next,
          o.assigneeId() == null ? null : names.getOrDefault(o.assigneeId(), "someone"),
          o.conversionValue() == null ? null : money(o.conversionValue()),
          signals);
    }
  }
}
