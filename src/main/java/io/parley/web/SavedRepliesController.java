package io.parley.web;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Role;
import io.parley.accounts.Team;
import io.parley.accounts.Teams;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.conversations.Conversation;
import io.parley.conversations.SavedReplies;
import io.parley.conversations.SavedReply;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
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
 * Saved replies: the page that lists and creates them, and the search the reply box opens with
 * {@code /}, which answers with each reply's text filled in for the open conversation.
 */
@Controller
class SavedRepliesController {

  private final SavedReplies saved;
  private final Teams teams;
  private final Access access;
  private final InboxView view;
  private final Workspaces workspaces;
  private final AuditLog audit;

  SavedRepliesController(
      SavedReplies saved,
      Teams teams,
      Access access,
      InboxView view,
      Workspaces workspaces,
      AuditLog audit) {
    this.saved = saved;
    this.teams = teams;
    this.access = access;
    this.view = view;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  @GetMapping("/saved-replies")
  String page(@AuthenticationPrincipal SignedIn me, Model model) {
    Role role = access.role(me);
    Map<Long, String> teamNames = view.teamNames(me);
    model.addAttribute("me", me);
    model.addAttribute("role", role);
    model.addAttribute("active", "saved");
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
    model.addAttribute(
        "replies",
        usable(me, role, null).stream()
            .map(r -> new Listed(r, scopeLabel(r, teamNames), mayDelete(me, role, r)))
            .toList());
    model.addAttribute("teams", creatableTeams(me, role));
    return "saved-replies";
  }

  /**
   * {@code scope}: {@code personal}, {@code workspace} (admins and managers) or {@code team-ID}
   * (members of the team, admins and managers).
   */
  @PostMapping("/saved-replies")
  String create(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String title,
      @RequestParam(defaultValue = "") String body,
      @RequestParam(defaultValue = "personal") String scope,
      RedirectAttributes redirect) {
    Role role = access.role(me);
    Long teamId = null;
    Long owner = null;
    if (scope.equals("personal")) {
      owner = me.userId();
    } else if (scope.equals("workspace")) {
      if (!role.managesTeams()) {
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Admins and managers only.");
      }
    } else if (scope.startsWith("team-")) {
      long id = parseId(scope.substring(5));
      if (creatableTeams(me, role).stream().noneMatch(t -> t.id() == id)) {
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not your team.");
      }
      teamId = id;
    } else {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown scope.");
    }
    try {
      SavedReply r = saved.create(me.workspaceId(), teamId, owner, title, body, me.userId());
      audit.record(me.workspaceId(), me.userId(), "saved-reply.created", r.title(), scope);
      redirect.addFlashAttribute("notice", "Saved reply “" + r.title() + "” added.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/saved-replies";
  }

  @PostMapping("/saved-replies/{id}/delete")
  String delete(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    Role role = access.role(me);
    SavedReply r =
        saved
            .byId(me.workspaceId(), id)
            .filter(x -> usable(me, role, null).contains(x))
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    if (!mayDelete(me, role, r)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not yours to delete.");
    }
    saved.delete(me.workspaceId(), id);
    audit.record(me.workspaceId(), me.userId(), "saved-reply.deleted", r.title(), null);
    redirect.addFlashAttribute("notice", "Saved reply deleted.");
    return "redirect:/saved-replies";
  }

  /** The reply box's {@code /} search: matching replies, filled in for the conversation. */
  @GetMapping("/saved-replies/search")
  String search(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam long conversation,
      @RequestParam(defaultValue = "") String q,
      Model model) {
    Conversation c = access.require(me, conversation);
    Map<String, String> values = variables(me, c);
    String query = q.length() > 100 ? q.substring(0, 100) : q;
    model.addAttribute(
        "matches",
        usable(me, access.role(me), query).stream()
            .limit(20)
            .map(r -> new Filled(r.id(), r.title(), ReplyVariables.fill(r.body(), values)))
            .toList());
    return "fragments/parts :: savedReplies";
  }

  /**
   * The saved reply a routing rule suggested for the conversation, filled in, for the reply box
   * (loaded when a thread opens); 204 when there is none or the person may not use it.
   */
  @GetMapping("/saved-replies/suggestion")
  String suggestion(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam long conversation,
      Model model,
      HttpServletResponse response) {
    Conversation c = access.require(me, conversation);
    Role role = access.role(me);
    var suggested =
        saved
            .suggestedFor(me.workspaceId(), c.id())
            .filter(r -> role.canReply())
            .filter(r -> usable(me, role, null).contains(r));
    if (suggested.isEmpty()) {
      response.setStatus(HttpStatus.NO_CONTENT.value());
      return null;
    }
    SavedReply r = suggested.get();
    model.addAttribute(
        "suggestion",
        new Filled(r.id(), r.title(), ReplyVariables.fill(r.body(), variables(me, c))));
    return "fragments/parts :: suggestedReply";
  }

  /** What a saved reply's {{variables}} stand for in this conversation, for this agent. */
  private Map<String, String> variables(SignedIn me, Conversation c) {
    InboxView.ThreadPane thread = view.thread(me, c);
    Map<String, String> values = new HashMap<>();
    values.put(
        "contact.name", "Unknown".equals(thread.authorName()) ? "there" : thread.authorName());
    values.put("contact.handle", thread.authorHandle() == null ? "" : "@" + thread.authorHandle());
    values.put("agent.name", me.displayName());
    int space = me.displayName().indexOf(' ');
    values.put(
        "agent.first_name", space > 0 ? me.displayName().substring(0, space) : me.displayName());
    values.put("conversation.id", String.valueOf(c.id()));
    values.put("network.name", c.network().label());
    return values;
  }

  private List<SavedReply> usable(SignedIn me, Role role, String query) {
    Set<Long> mine = teams.teamsOf(me.userId());
    return saved.usableBy(me.workspaceId(), me.userId(), mine, role.seesWholeWorkspace(), query);
  }

  private List<Team> creatableTeams(SignedIn me, Role role) {
    Set<Long> mine = teams.teamsOf(me.userId());
    return teams.inWorkspace(me.workspaceId()).stream()
        .filter(t -> role.managesTeams() || mine.contains(t.id()))
        .toList();
  }

  private static boolean mayDelete(SignedIn me, Role role, SavedReply r) {
    return r.personal() ? r.ownerUserId() == me.userId() : role.managesTeams();
  }

  private static String scopeLabel(SavedReply r, Map<Long, String> teamNames) {
    if (r.personal()) {
      return "Personal";
    }
    return r.teamId() == null ? "Everyone" : teamNames.getOrDefault(r.teamId(), "Team");
  }

  private static long parseId(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown team.");
    }
  }

  record Listed(SavedReply reply, String scope, boolean deletable) {}

  record Filled(long id, String title, String text) {}
}
