package io.parley.web;

import io.parley.accounts.AuditLog;
import io.parley.accounts.User;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import io.parley.conversations.Direction;
import io.parley.conversations.Message;
import io.parley.conversations.Priority;
import io.parley.conversations.SavedViews;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The inbox pages. Every page works on a direct load; htmx requests get just the fragment they
 * replace. Live updates arrive as Server-Sent Events ({@code /events}) that make the page refetch
 * the list or the thread; polls carry the version they show and get 204 when nothing changed, so
 * the list does not flicker or lose hover, scroll and selection state.
 *
 * <p>Every conversation route goes through {@link Access}: a conversation outside the person's
 * workspace or teams is "not found".
 */
@Controller
class InboxController {

  /** Tells the conversation list to refresh at once (status or assignee changed). */
  static final String INBOX_CHANGED = "inbox-changed";

  private final InboxView view;
  private final Conversations conversations;
  private final Replies replies;
  private final Access access;
  private final AuditLog audit;
  private final Presence presence;
  private final LiveUpdates live;
  private final Clock clock;
  private final ZoneId zone;

  private final SavedViews savedViews;
  private final List<String> languages;

  InboxController(
      InboxView view,
      Conversations conversations,
      Replies replies,
      Access access,
      AuditLog audit,
      Presence presence,
      LiveUpdates live,
      Clock clock,
      @Value("${parley.timezone:}") String zone,
      SavedViews savedViews,
      @Value("${parley.triage.languages:en,es,fr,de,it,pt,nl,ja}") List<String> languages) {
    this.savedViews = savedViews;
    // the languages triage tells apart: what the language filter offers
    this.languages =
        languages.stream()
            .map(l -> l.trim().toLowerCase(Locale.ROOT))
            .filter(l -> l.matches("[a-z]{2,3}"))
            .toList();
    this.view = view;
    this.conversations = conversations;
    this.replies = replies;
    this.access = access;
    this.audit = audit;
    this.presence = presence;
    this.live = live;
    this.clock = clock;
    this.zone = zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
  }

  @GetMapping("/")
  String home() {
    return "redirect:/inbox";
  }

  @GetMapping("/inbox")
  String inbox(
      @AuthenticationPrincipal SignedIn me, @RequestParam Map<String, String> params, Model model) {
    page(me, query(params), model);
    return "inbox";
  }

  @GetMapping("/inbox/list")
  String list(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam Map<String, String> params,
      Model model,
      HttpServletResponse response) {
    InboxQuery query = query(params);
    List<InboxView.Row> rows = view.rows(me, query);
    var views = view.views(me, query);
    String version = listVersion(rows, views);
    if (version.equals(params.get("v"))) {
      response.setStatus(HttpStatus.NO_CONTENT.value());
      return null;
    }
    model.addAttribute("query", query);
    model.addAttribute("rows", rows);
    model.addAttribute("views", views);
    model.addAttribute("languages", languages);
    String current = query.params();
    model.addAttribute(
        "savedViews",
        savedViews.of(me.workspaceId(), me.userId()).stream()
            .map(v -> new SavedViewLink(v.id(), v.name(), v.params(), v.params().equals(current)))
            .toList());
    model.addAttribute("listVersion", version);
    model.addAttribute("oob", true);
    return "inbox :: list";
  }

  /** The live stream of this person's inbox (see {@link LiveUpdates}). */
  @GetMapping(path = "/events", produces = "text/event-stream")
  SseEmitter events(@AuthenticationPrincipal SignedIn me) {
    return live.subscribe(me);
  }

  @GetMapping("/conversations/{id}")
  String conversation(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam Map<String, String> params,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      @RequestHeader(value = "HX-History-Restore-Request", required = false) String restore,
      Model model) {
    Conversation c = access.require(me, id);
    conversations.markRead(me.workspaceId(), id);
    thread(me, c, model);
    if (htmx != null && restore == null) {
      return "inbox :: thread";
    }
    page(me, query(params), model);
    return "inbox";
  }

  @GetMapping("/conversations/{id}/messages")
  String messages(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(required = false) String v,
      Model model,
      HttpServletResponse response) {
    InboxView.ThreadPane thread = view.thread(me, access.require(me, id));
    if (thread.version().equals(v)) {
      response.setStatus(HttpStatus.NO_CONTENT.value());
      return null;
    }
    model.addAttribute("thread", thread);
    return "inbox :: messages";
  }

  /** The thread's header (status, assignee, team, tags), refetched when someone changes them. */
  @GetMapping("/conversations/{id}/header")
  String headerFragment(@AuthenticationPrincipal SignedIn me, @PathVariable long id, Model model) {
    thread(me, access.require(me, id), model);
    return "inbox :: threadHeader";
  }

  /** Who else has the conversation open, and who is typing. */
  @GetMapping("/conversations/{id}/presence")
  String presence(@AuthenticationPrincipal SignedIn me, @PathVariable long id, Model model) {
    access.require(me, id);
    model.addAttribute("others", presence.others(me, id));
    return "fragments/parts :: presence";
  }

  /**
   * The browser reports that the person has the thread open ({@code state=viewing}), is typing
   * ({@code typing}) or left ({@code left}). Answers 204.
   */
  @PostMapping("/conversations/{id}/presence")
  void reportPresence(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "viewing") String state,
      HttpServletResponse response) {
    access.require(me, id);
    switch (state) {
      case "left" -> presence.left(me, id);
      case "typing" -> presence.viewing(me, id, access.role(me).canReply());
      default -> presence.viewing(me, id, false);
    }
    response.setStatus(HttpStatus.NO_CONTENT.value());
  }

  @GetMapping("/conversations/{id}/messages/{messageId}/history")
  String history(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @PathVariable long messageId,
      Model model) {
    var revisions = view.history(me, id, messageId);
    if (revisions == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    model.addAttribute("revisions", revisions);
    return "fragments/parts :: history";
  }

  /**
   * Queues a reply. {@code seen} is the newest message id the agent had when they opened the
   * thread: if a colleague replied since, the agent is asked to confirm ({@code confirm=yes}).
   */
  @PostMapping("/conversations/{id}/replies")
  String reply(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String text,
      @RequestParam(required = false) Long seen,
      @RequestParam(required = false) String confirm,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    Conversation c = access.require(me, id);
    if (seen != null && !"yes".equals(confirm) && !text.isBlank()) {
      List<Message> since = repliesByOthersSince(me, c, seen);
      if (!since.isEmpty()) {
        String who = view.personName(me, since.getLast().sentByUserId());
        String problem =
            who
                + " replied since you opened this conversation. Read the reply, then send yours"
                + " anyway if it still fits.";
        if (htmx == null) {
          redirect.addFlashAttribute("problem", problem);
          return "redirect:/conversations/" + id;
        }
        response.setStatus(HttpStatus.CONFLICT.value());
        response.setHeader("HX-Retarget", "#reply-error");
        response.setHeader("HX-Reswap", "innerHTML");
        model.addAttribute("problem", problem);
        return "fragments/parts :: collision";
      }
    }
    String result =
        compose(
            me,
            c,
            htmx,
            "#reply-error",
            x -> {
              long messageId = replies.send(me, x, text);
              audit.record(
                  me.workspaceId(),
                  me.userId(),
                  "reply.sent",
                  "conversation " + x.id(),
                  "message " + messageId);
            },
            model,
            response,
            redirect);
    model.addAttribute("seenUpdate", true);
    return result;
  }

  private List<Message> repliesByOthersSince(SignedIn me, Conversation c, long seen) {
    return conversations.messages(c.id()).stream()
        .filter(m -> m.id() > seen)
        .filter(m -> m.direction() == Direction.OUT)
        .filter(m -> m.sentByUserId() != null && m.sentByUserId() != me.userId())
        .toList();
  }

  @PostMapping("/conversations/{id}/notes")
  String note(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String text,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    Conversation c = access.require(me, id);
    return compose(
        me, c, htmx, "#note-error", x -> replies.note(me, x, text), model, response, redirect);
  }

  /** A manager sends a reply that waited for approval, as written or changed ({@code text}). */
  @PostMapping("/conversations/{id}/messages/{messageId}/approve")
  String approve(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @PathVariable long messageId,
      @RequestParam(required = false) String text,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return decide(
        me,
        id,
        messageId,
        x -> replies.approve(me, x, messageId, text),
        htmx,
        model,
        response,
        redirect);
  }

  /** A manager declines a reply that waited for approval; it is never sent. */
  @PostMapping("/conversations/{id}/messages/{messageId}/reject")
  String reject(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @PathVariable long messageId,
      @RequestParam(required = false) String reason,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    return decide(
        me,
        id,
        messageId,
        x -> replies.reject(me, x, messageId, reason),
        htmx,
        model,
        response,
        redirect);
  }

  private String decide(
      SignedIn me,
      long id,
      long messageId,
      Consumer<Conversation> decision,
      String htmx,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    Conversation c = access.require(me, id);
    requireApprover(me);
    return compose(
        me, c, htmx, "#approval-error-" + messageId, decision, model, response, redirect);
  }

  private void requireApprover(SignedIn me) {
    if (!replies.mayApprove(me)) {
      throw new AccessDeniedException("Only managers and admins approve replies");
    }
  }

  /**
   * Stores a reply or note. htmx gets the re-rendered messages, or on refusal a 422 whose reason
   * lands next to the form (the text stays in it). Without JavaScript: redirect back to the thread.
   */
  private String compose(
      SignedIn me,
      Conversation c,
      String htmx,
      String problemTarget,
      Consumer<Conversation> store,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      store.accept(c);
    } catch (Replies.Refused e) {
      if (htmx == null) {
        redirect.addFlashAttribute("problem", e.getMessage());
        return "redirect:/conversations/" + c.id();
      }
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      response.setHeader("HX-Retarget", problemTarget);
      response.setHeader("HX-Reswap", "innerHTML");
      model.addAttribute("problem", e.getMessage());
      return "fragments/parts :: problem";
    }
    if (htmx == null) {
      return "redirect:/conversations/" + c.id();
    }
    model.addAttribute("thread", view.thread(me, c));
    return "inbox :: messages";
  }

  @PostMapping("/conversations/{id}/status")
  String status(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String status,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    access.requireWriter(me);
    Conversation c = access.require(me, id);
    ConversationStatus next = parseStatus(status);
    conversations.setStatus(me.workspaceId(), id, next);
    audit.record(
        me.workspaceId(),
        me.userId(),
        "conversation.status",
        "conversation " + id,
        c.status().name() + " → " + next.name());
    return header(me, id, htmx, model, response);
  }

  /** {@code to}: {@code me}, {@code none} or a person's id. */
  @PostMapping("/conversations/{id}/assignee")
  String assign(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String to,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    access.requireWriter(me);
    access.require(me, id);
    Long assignee = assignee(me, to);
    conversations.assign(me.workspaceId(), id, assignee, me.userId());
    audit.record(
        me.workspaceId(),
        me.userId(),
        "conversation.assigned",
        "conversation " + id,
        assignee == null ? "unassigned" : "to " + view.personName(me, assignee));
    return header(me, id, htmx, model, response);
  }

  /** Hands the conversation over to a team ({@code team}: an id or {@code none}). */
  @PostMapping("/conversations/{id}/team")
  String handOver(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String team,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    access.requireWriter(me);
    access.require(me, id);
    Long teamId = teamId(me, team);
    conversations.handOver(me.workspaceId(), id, teamId);
    audit.record(
        me.workspaceId(),
        me.userId(),
        "conversation.team",
        "conversation " + id,
        teamId == null ? "no team" : "to " + view.teamNames(me).get(teamId));
    return header(me, id, htmx, model, response);
  }

  /**
   * Snoozes: {@code until} is {@code answer} (until the customer writes), {@code 3h}, {@code
   * tomorrow} (9:00), {@code next-week} (Monday 9:00) or a local date-time ({@code
   * 2026-05-01T09:00}).
   */
  @PostMapping("/conversations/{id}/snooze")
  String snooze(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String until,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    access.requireWriter(me);
    access.require(me, id);
    Instant at = snoozeUntil(until);
    conversations.snooze(me.workspaceId(), id, at);
    audit.record(
        me.workspaceId(),
        me.userId(),
        "conversation.snoozed",
        "conversation " + id,
        at == null ? "until the customer answers" : "until " + at);
    return header(me, id, htmx, model, response);
  }

  @PostMapping("/conversations/{id}/priority")
  String priority(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String priority,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    access.requireWriter(me);
    access.require(me, id);
    Priority p;
    try {
      p = Priority.valueOf(priority.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown priority.");
    }
    conversations.setPriority(me.workspaceId(), id, p);
    audit.record(
        me.workspaceId(), me.userId(), "conversation.priority", "conversation " + id, p.name());
    return header(me, id, htmx, model, response);
  }

  @PostMapping("/conversations/{id}/tags")
  String tag(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String tag,
      @RequestParam(defaultValue = "add") String op,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    access.requireWriter(me);
    access.require(me, id);
    try {
      if ("remove".equals(op)) {
        conversations.untag(me.workspaceId(), id, tag);
      } else {
        tag = conversations.tag(me.workspaceId(), id, tag);
      }
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    audit.record(
        me.workspaceId(),
        me.userId(),
        "remove".equals(op) ? "conversation.untagged" : "conversation.tagged",
        "conversation " + id,
        tag);
    return header(me, id, htmx, model, response);
  }

  /**
   * One action on the selected conversations: {@code assign-me}, {@code unassign}, {@code resolve},
   * {@code reopen}, {@code snooze} (until the customer answers) or {@code tag}. Ids the person
   * cannot see are skipped. Answers 204 and tells the list to refresh.
   */
  @PostMapping("/inbox/bulk")
  String bulk(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(name = "ids", required = false) List<Long> ids,
      @RequestParam String action,
      @RequestParam(defaultValue = "") String tag,
      @RequestParam Map<String, String> params,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      HttpServletResponse response) {
    access.requireWriter(me);
    if (ids == null || ids.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Select conversations first.");
    }
    if (ids.size() > 500) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "At most 500 at once.");
    }
    String cleanTag = null;
    if (action.equals("tag")) {
      try {
        cleanTag = Conversations.cleanTag(tag);
      } catch (IllegalArgumentException e) {
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
      }
    }
    int done = 0;
    for (long id : ids.stream().distinct().toList()) {
      if (access.conversation(me, id).isEmpty()) {
        continue;
      }
      switch (action) {
        case "assign-me" -> conversations.assign(me.workspaceId(), id, me.userId(), me.userId());
        case "unassign" -> conversations.assign(me.workspaceId(), id, null);
        case "resolve" ->
            conversations.setStatus(me.workspaceId(), id, ConversationStatus.RESOLVED);
        case "reopen" -> conversations.setStatus(me.workspaceId(), id, ConversationStatus.OPEN);
        case "snooze" -> conversations.snooze(me.workspaceId(), id, null);
        case "tag" -> conversations.tag(me.workspaceId(), id, cleanTag);
        default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown action.");
      }
      done++;
    }
    audit.record(
        me.workspaceId(),
        me.userId(),
        "conversation.bulk",
        done + " conversations",
        action + (cleanTag == null ? "" : " " + cleanTag));
    if (htmx == null) {
      return "redirect:/inbox?" + query(params).params();
    }
    response.setHeader("HX-Trigger", INBOX_CHANGED);
    response.setStatus(HttpStatus.NO_CONTENT.value());
    return null;
  }

  private Long assignee(SignedIn me, String to) {
    if ("me".equals(to)) {
      return me.userId();
    }
    if ("none".equals(to) || to.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(to);
      return view.assignees(me).stream()
          .map(User::id)
          .filter(u -> u == id)
          .findFirst()
          .orElseThrow(
              () ->
                  new ResponseStatusException(
                      HttpStatus.BAD_REQUEST, "That person cannot take conversations."));
    } catch (NumberFormatException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown assignee.");
    }
  }

  private Long teamId(SignedIn me, String team) {
    if ("none".equals(team) || team.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(team);
      if (!view.teamNames(me).containsKey(id)) {
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "No such team.");
      }
      return id;
    } catch (NumberFormatException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown team.");
    }
  }

  Instant snoozeUntil(String until) {
    ZonedDateTime now = clock.instant().atZone(zone);
    ZonedDateTime nine = now.truncatedTo(ChronoUnit.DAYS).with(LocalTime.of(9, 0));
    Instant at =
        switch (until) {
          case "answer" -> null;
          case "3h" -> now.plusHours(3).toInstant();
          case "tomorrow" -> nine.plusDays(1).toInstant();
          case "next-week" -> nine.plusDays(8 - now.getDayOfWeek().getValue()).toInstant();
          default -> {
            try {
              yield LocalDateTime.parse(until).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
              throw new ResponseStatusException(
                  HttpStatus.BAD_REQUEST, "Snooze until a time such as 2026-05-01T09:00.");
            }
          }
        };
    if (at != null && !at.isAfter(clock.instant())) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Pick a time in the future.");
    }
    return at;
  }

  private static ConversationStatus parseStatus(String status) {
    try {
      return ConversationStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown status.");
    }
  }

  private String header(
      SignedIn me, long id, String htmx, Model model, HttpServletResponse response) {
    if (htmx == null) {
      return "redirect:/conversations/" + id;
    }
    response.setHeader("HX-Trigger", INBOX_CHANGED);
    thread(me, access.require(me, id), model);
    return "inbox :: threadHeader";
  }

  private void thread(SignedIn me, Conversation c, Model model) {
    model.addAttribute("thread", view.thread(me, c));
    model.addAttribute("assignees", view.assignees(me));
    model.addAttribute("teams", view.teams(me));
  }

  private void page(SignedIn me, InboxQuery query, Model model) {
    List<InboxView.Row> rows = view.rows(me, query);
    var views = view.views(me, query);
    model.addAttribute("me", me);
    model.addAttribute("role", access.role(me));
    model.addAttribute("workspaceName", view.workspaceName(me));
    model.addAttribute("query", query);
    model.addAttribute("rows", rows);
    model.addAttribute("views", views);
    model.addAttribute("languages", languages);
    String current = query.params();
    model.addAttribute(
        "savedViews",
        savedViews.of(me.workspaceId(), me.userId()).stream()
            .map(v -> new SavedViewLink(v.id(), v.name(), v.params(), v.params().equals(current)))
            .toList());
    model.addAttribute("title", InboxView.title(query, views));
    model.addAttribute("listVersion", listVersion(rows, views));
    model.addAttribute("oob", false);
  }

  /** A saved view in the sidebar; active when its filters are the ones shown. */
  record SavedViewLink(long id, String name, String params, boolean active) {}

  static InboxQuery query(Map<String, String> p) {
    return InboxQuery.of(p);
  }

  private static String listVersion(List<InboxView.Row> rows, Object views) {
    int h = Objects.hashCode(views);
    for (InboxView.Row r : rows) {
      h = 31 * h + r.hashCode();
    }
    return Integer.toHexString(h);
  }
}
