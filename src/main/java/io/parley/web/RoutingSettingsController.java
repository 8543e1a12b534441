package io.parley.web;

import io.parley.accounts.Role;
import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccounts;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Priority;
import io.parley.conversations.SavedReplies;
import io.parley.routing.BusinessHours;
import io.parley.routing.Routing;
import io.parley.routing.RoutingRule;
import io.parley.routing.RoutingRules;
import io.parley.routing.RuleActions;
import io.parley.routing.RuleConditions;
import io.parley.routing.RuleDraft;
import io.parley.shared.Network;
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * "Routing rules": the workspace's rules in the order they run, a form to add one, "Test this rule"
 * (what it would have matched among the last 1,000 messages, nothing saved) and delete. Admins and
 * managers only. Bad input renders the form again (422) with the reason and what was typed.
 */
@Controller
class RoutingSettingsController {

  private static final int SHOWN_MATCHES = 50;

  private final RoutingRules rules;
  private final Routing routing;
  private final Teams teams;
  private final Users users;
  private final ChannelAccounts accounts;
  private final SavedReplies savedReplies;

  RoutingSettingsController(
      RoutingRules rules,
      Routing routing,
      Teams teams,
      Users users,
      ChannelAccounts accounts,
      SavedReplies savedReplies) {
    this.rules = rules;
    this.routing = routing;
    this.teams = teams;
    this.users = users;
    this.accounts = accounts;
    this.savedReplies = savedReplies;
  }

  @GetMapping("/settings/routing")
  String page(@AuthenticationPrincipal SignedIn me, Model model) {
    requireManager(me);
    return render(me, Map.of(), null, null, model);
  }

  @PostMapping("/settings/routing")
  String submit(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam Map<String, String> form,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    requireManager(me);
    RuleDraft draft;
    try {
      draft = draft(form);
      choices(me).check(draft);
    } catch (IllegalArgumentException e) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return render(me, form, e.getMessage(), null, model);
    }
    if ("test".equals(form.get("action"))) {
      return render(me, form, null, routing.test(me.workspaceId(), draft), model);
    }
    rules.add(me.workspaceId(), draft);
    redirect.addFlashAttribute("saved", draft.name());
    return "redirect:/settings/routing";
  }

  @PostMapping("/settings/routing/{id}/delete")
  String delete(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    requireManager(me);
    if (rules.delete(me.workspaceId(), id)) {
      redirect.addFlashAttribute("deleted", true);
    }
    return "redirect:/settings/routing";
  }

  private String render(
      SignedIn me,
      Map<String, String> typed,
      String error,
      Routing.TestResult tested,
      Model model) {
    Choices choices = choices(me);
    model.addAttribute("me", me);
    model.addAttribute(
        "rules", rules.list(me.workspaceId()).stream().map(r -> RuleRow.of(r, choices)).toList());
    model.addAttribute("choices", choices);
    model.addAttribute("typed", typed);
    model.addAttribute("error", error);
    model.addAttribute("tested", tested);
    model.addAttribute(
        "matches",
        tested == null ? List.of() : tested.matches().stream().limit(SHOWN_MATCHES).toList());
    model.addAttribute("networks", Network.values());
    model.addAttribute("kinds", ConversationKind.values());
    model.addAttribute("intents", Intent.values());
    model.addAttribute("sentiments", Sentiment.values());
    model.addAttribute("priorities", Priority.values());
    return "routing";
  }

  static RuleDraft draft(Map<String, String> f) {
    String hours = text(f, "businessHours");
    var conditions =
        new RuleConditions(
            text(f, "network") == null ? null : Network.parse(text(f, "network")),
            id(f, "channelAccount"),
            text(f, "kind") == null ? null : ConversationKind.valueOf(text(f, "kind")),
            text(f, "intent") == null ? null : Intent.of(text(f, "intent")),
            text(f, "sentiment") == null ? null : Sentiment.of(text(f, "sentiment")),
            number(f, "minUrgency"),
            text(f, "language"),
            text(f, "keywords"),
            text(f, "regex"),
            number(f, "minFollowers"),
            hours == null ? null : BusinessHours.parse(hours),
            hours == null ? null : !"outside".equals(f.get("hoursSide")),
            text(f, "contactTag"));
    var actions =
        new RuleActions(
            id(f, "team"),
            id(f, "assignee"),
            text(f, "priority") == null ? null : Priority.valueOf(text(f, "priority")),
            text(f, "tag"),
            f.containsKey("requireApproval"),
            f.containsKey("stop"),
            id(f, "suggestedReply"),
            id(f, "notify"));
    return new RuleDraft(f.get("name"), conditions, actions);
  }

  private static String text(Map<String, String> f, String key) {
    String v = f.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Long id(Map<String, String> f, String key) {
    String v = text(f, key);
    if (v == null) {
      return null;
    }
    try {
      return Long.valueOf(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a valid choice: " + v);
    }
  }

  private Choices choices(SignedIn me) {
    long ws = me.workspaceId();
    Map<Long, String> teamNames = new LinkedHashMap<>();
    teams.inWorkspace(ws).forEach(t -> teamNames.put(t.id(), t.name()));
    Map<Long, String> people = new LinkedHashMap<>();
    users.inWorkspace(ws).stream()
        .filter(User::enabled)
        .forEach(u -> people.put(u.id(), u.displayName()));
    Map<Long, String> channels = new LinkedHashMap<>();
    accounts
        .inWorkspace(ws)
        .forEach(a -> channels.put(a.id(), a.network().label() + " @" + a.handle()));
    Map<Long, String> replies = new LinkedHashMap<>();
    // rules act for the whole workspace: only saved replies everyone may use can be suggested
    savedReplies.usableBy(ws, me.userId(), List.of(), false, null).stream()
        .filter(r -> !r.personal() && r.teamId() == null)
        .forEach(r -> replies.put(r.id(), r.title()));
    return new Choices(teamNames, people, channels, replies);
  }

  /**
   * What the form offers, by id: the workspace's teams, people, channel accounts, saved replies.
   */
  record Choices(
      Map<Long, String> teams,
      Map<Long, String> people,
      Map<Long, String> channels,
      Map<Long, String> replies) {

    /** Refuses ids that are not the workspace's (a tampered form or a choice deleted since). */
    void check(RuleDraft d) {
      known(teams, d.actions().teamId(), "team");
      known(people, d.actions().assigneeId(), "agent");
      known(people, d.actions().notifyUserId(), "person to notify");
      known(channels, d.conditions().channelAccountId(), "channel account");
      known(replies, d.actions().suggestedReplyId(), "saved reply");
    }

    private static void known(Map<Long, String> choices, Long id, String what) {
      if (id != null && !choices.containsKey(id)) {
        throw new IllegalArgumentException("That " + what + " does not exist (any more).");
      }
    }

    String name(Map<Long, String> choices, Long id) {
      return choices.getOrDefault(id, "#" + id + " (deleted)");
    }
  }

  private static Integer number(Map<String, String> f, String key) {
    String v = text(f, key);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a whole number: " + v);
    }
  }

  private static void requireManager(SignedIn me) {
    if (me.role() != Role.ADMIN && me.role() != Role.MANAGER) {
      throw new AccessDeniedException("Only admins and managers manage routing rules");
    }
  }

  /** A rule as the page lists it: its conditions and actions in words. */
  record RuleRow(long id, String name, boolean builtIn, String when, String then) {

    static RuleRow of(RoutingRule r, Choices names) {
      RuleConditions c = r.conditions();
      List<String> when = new ArrayList<>();
      if (c.network() != null) when.add("network is " + c.network().label());
      if (c.channelAccountId() != null) {
        when.add("account is " + names.name(names.channels(), c.channelAccountId()));
      }
      if (c.kind() != null) when.add("kind is " + lower(c.kind().name()));
      if (c.intent() != null) when.add("intent is " + c.intent().label());
      if (c.sentiment() != null) when.add("sentiment is " + c.sentiment().label());
      if (c.minUrgency() != null) when.add("urgency ≥ " + c.minUrgency());
      if (c.language() != null) when.add("language is " + c.language());
      if (c.keywords() != null) when.add("text contains " + c.keywords());
      if (c.regex() != null) when.add("text matches /" + c.regex() + "/");
      if (c.minFollowers() != null) when.add("author has ≥ " + c.minFollowers() + " followers");
      if (c.contactTag() != null) when.add("contact tagged " + c.contactTag());
      if (c.businessHours() != null) {
        when.add((c.insideBusinessHours() ? "inside " : "outside ") + c.businessHours());
      }
      RuleActions a = r.actions();
      List<String> then = new ArrayList<>();
      if (a.teamId() != null) then.add("hand to " + names.name(names.teams(), a.teamId()));
      if (a.assigneeId() != null) {
        then.add("assign " + names.name(names.people(), a.assigneeId()));
      }
      if (a.priority() != null) then.add("priority " + lower(a.priority().name()));
      if (a.tag() != null) then.add("tag " + a.tag());
      if (a.requireApproval()) then.add("replies need approval");
      if (a.suggestedReplyId() != null) {
        then.add("suggest “" + names.name(names.replies(), a.suggestedReplyId()) + "”");
      }
      if (a.notifyUserId() != null) {
        then.add("notify " + names.name(names.people(), a.notifyUserId()));
      }
      if (a.stop()) then.add("stop");
      return new RuleRow(
          r.id(),
          r.name(),
          r.builtIn() != null,
          when.isEmpty() ? "every message" : String.join(", ", when),
          String.join(", ", then));
    }

    private static String lower(String s) {
      return s.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }
}
