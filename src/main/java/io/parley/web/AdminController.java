package io.parley.web;

import io.parley.accounts.ApiTokens;
import io.parley.accounts.AuditLog;
import io.parley.accounts.Invitations;
import io.parley.accounts.Role;
import io.parley.accounts.Team;
import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.channels.ChannelAccounts;
import io.parley.mail.InvitationMail;
import io.parley.mail.OutgoingMail;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Settings pages: people and invitations (admins), teams with their members and channel accounts
 * (admins and managers), the audit log (admins). Every change is audited. Forms post and redirect
 * back (PRG); a refused change comes back as a message at the top of the page.
 */
@Controller
class AdminController {

  private static final Logger log = LoggerFactory.getLogger(AdminController.class);

  private final Users users;
  private final Teams teams;
  private final Invitations invitations;
  private final ChannelAccounts accounts;
  private final Workspaces workspaces;
  private final AuditLog audit;
  private final Access access;
  private final ApiTokens tokens;
  private final TimeLabels moments;
  private final Clock clock;
  private final OutgoingMail mail;
  private final InvitationMail invitationMail;
  private final String baseUrl;

  AdminController(
      Users users,
      Teams teams,
      Invitations invitations,
      ChannelAccounts accounts,
      Workspaces workspaces,
      AuditLog audit,
      Access access,
      ApiTokens tokens,
      TimeLabels moments,
      Clock clock,
      OutgoingMail mail,
      InvitationMail invitationMail,
      @Value("${parley.base-url:}") String baseUrl) {
    this.mail = mail;
    this.invitationMail = invitationMail;
    this.baseUrl = baseUrl.strip().replaceAll("/+$", "");
    this.tokens = tokens;
    this.users = users;
    this.teams = teams;
    this.invitations = invitations;
    this.accounts = accounts;
    this.workspaces = workspaces;
    this.audit = audit;
    this.access = access;
    this.moments = moments;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- people and invitations

  @GetMapping("/admin/people")
  String people(@AuthenticationPrincipal SignedIn me, Model model) {
    access.requireAdmin(me);
    common(me, "people", model);
    Map<Long, String> teamNames =
        teams.inWorkspace(me.workspaceId()).stream()
            .collect(Collectors.toMap(Team::id, Team::name));
    Map<Long, List<Long>> members = teams.members(me.workspaceId());
    var rows =
        users.inWorkspace(me.workspaceId()).stream()
            .map(
                u ->
                    new PersonRow(
                        u,
                        members.entrySet().stream()
                            .filter(e -> e.getValue().contains(u.id()))
                            .map(e -> teamNames.get(e.getKey()))
                            .sorted()
                            .toList(),
                        u.id() == me.userId()))
            .toList();
    model.addAttribute("people", rows);
    model.addAttribute(
        "invitations",
        invitations.inWorkspace(me.workspaceId()).stream()
            .map(
                i ->
                    new InvitationRow(
                        i.id(),
                        i.email(),
                        i.displayName(),
                        i.role().label(),
                        i.teamIds().stream().map(teamNames::get).sorted().toList(),
                        i.state(clock.instant()),
                        moments.ago(i.createdAt()),
                        moments.full(i.expiresAt())))
            .toList());
    Map<Long, String> names =
        rows.stream().collect(Collectors.toMap(r -> r.user().id(), r -> r.user().displayName()));
    model.addAttribute(
        "apiTokens",
        tokens.activeInWorkspace(me.workspaceId()).stream()
            .map(
                t ->
                    new TokenRow(
                        t.id(),
                        names.getOrDefault(t.userId(), ""),
                        t.name(),
                        t.hint(),
                        t.lastUsedAt() == null ? "Never" : moments.when(t.lastUsedAt()),
                        t.expiresAt() == null ? "No expiry" : moments.day(t.expiresAt())))
            .toList());
    model.addAttribute("roles", Role.values());
    model.addAttribute("allTeams", teams.inWorkspace(me.workspaceId()));
    model.addAttribute("mailConfigured", mail.configured());
    model.addAttribute("mailFrom", mail.from());
    return "admin-people";
  }

  @PostMapping("/admin/people/invite")
  String invite(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "AGENT") String role,
      @RequestParam(name = "teams", required = false) List<Long> teamIds,
      RedirectAttributes redirect) {
    access.requireAdmin(me);
    try {
      var issued =
          invitations.invite(
              me.workspaceId(),
              email,
              name,
              role(role),
              teamIds == null ? List.of() : teamIds,
              me.userId());
      audit.record(
          me.workspaceId(),
          me.userId(),
          "person.invited",
          issued.invitation().email(),
          "as " + issued.invitation().role().label());
      deliver(issued, redirect);
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/admin/people";
  }

  /** A new link for a pending or expired invitation, emailed when mail is configured. */
  @PostMapping("/admin/invitations/{id}/resend")
  String resend(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    access.requireAdmin(me);
    try {
      var issued = invitations.renew(me.workspaceId(), id);
      audit.record(
          me.workspaceId(), me.userId(), "invitation.renewed", issued.invitation().email(), null);
      deliver(issued, redirect);
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/admin/people";
  }

  /**
   * Emails the link, or hands it to the admin (once, on the next page) when there is no mail server
   * or sending failed: the invitation is valid either way, nothing is lost.
   */
  private void deliver(Invitations.Issued issued, RedirectAttributes redirect) {
    String email = issued.invitation().email();
    String link =
        (baseUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromCurrentContextPath()
                : UriComponentsBuilder.fromUriString(baseUrl))
            .path("/invite/{token}")
            .buildAndExpand(issued.token())
            .toUriString();
    redirect.addFlashAttribute("invitedEmail", email);
    if (!mail.configured()) {
      // No mail server is configured: the link goes to the log and, once, to the admin's page.
      log.info("Invitation for {}: {}", email, link);
      redirect.addFlashAttribute("inviteLink", link);
      return;
    }
    try {
      invitationMail.send(issued.invitation(), link);
      redirect.addFlashAttribute("invitationEmailed", true);
    } catch (RuntimeException e) {
      String reason = OutgoingMail.reason(e);
      log.warn("Could not email the invitation for {} ({}); link: {}", email, reason, link);
      redirect.addFlashAttribute("inviteLink", link);
      redirect.addFlashAttribute("mailError", reason);
    }
  }

  @PostMapping("/admin/invitations/{id}/revoke")
  String revoke(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    access.requireAdmin(me);
    invitations.revoke(me.workspaceId(), id);
    audit.record(me.workspaceId(), me.userId(), "invitation.revoked", "invitation " + id, null);
    redirect.addFlashAttribute("notice", "The invitation link no longer works.");
    return "redirect:/admin/people";
  }

  @PostMapping("/admin/people/{id}/role")
  String setRole(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam String role,
      RedirectAttributes redirect) {
    access.requireAdmin(me);
    try {
      Role next = role(role);
      users.setRole(me.workspaceId(), id, next);
      audit.record(
          me.workspaceId(), me.userId(), "person.role", personLabel(id), "now " + next.label());
      redirect.addFlashAttribute("notice", "Role changed.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/admin/people";
  }

  @PostMapping("/admin/people/{id}/enabled")
  String setEnabled(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam boolean enabled,
      RedirectAttributes redirect) {
    access.requireAdmin(me);
    try {
      users.setEnabled(me.workspaceId(), id, enabled);
      audit.record(
          me.workspaceId(),
          me.userId(),
          enabled ? "person.enabled" : "person.disabled",
          personLabel(id),
          null);
      redirect.addFlashAttribute("notice", enabled ? "Sign-in allowed." : "Sign-in blocked.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/admin/people";
  }

  // ---------------------------------------------------------------- teams

  @GetMapping("/admin/teams")
  String teams(@AuthenticationPrincipal SignedIn me, Model model) {
    access.requireTeamManager(me);
    common(me, "teams", model);
    Map<Long, List<Long>> members = teams.members(me.workspaceId());
    Map<Long, List<Long>> granted = teams.channelAccounts(me.workspaceId());
    model.addAttribute(
        "teams",
        teams.inWorkspace(me.workspaceId()).stream()
            .map(
                t ->
                    new TeamRow(
                        t.id(),
                        t.name(),
                        Set.copyOf(members.getOrDefault(t.id(), List.of())),
                        Set.copyOf(granted.getOrDefault(t.id(), List.of()))))
            .toList());
    model.addAttribute("people", users.inWorkspace(me.workspaceId()));
    model.addAttribute("channels", accounts.inWorkspace(me.workspaceId()));
    return "admin-teams";
  }

  @PostMapping("/admin/teams")
  String createTeam(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String name,
      RedirectAttributes redirect) {
    access.requireTeamManager(me);
    try {
      Team t = teams.create(me.workspaceId(), name);
      audit.record(me.workspaceId(), me.userId(), "team.created", "team " + t.name(), null);
      redirect.addFlashAttribute("notice", "Team " + t.name() + " created.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/admin/teams";
  }

  /** Sets a team's members and channel accounts to exactly the ticked ones. */
  @PostMapping("/admin/teams/{id}")
  String updateTeam(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(name = "members", required = false) List<Long> memberIds,
      @RequestParam(name = "channels", required = false) List<Long> channelIds,
      RedirectAttributes redirect) {
    access.requireTeamManager(me);
    Team team =
        teams
            .byId(me.workspaceId(), id)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    try {
      Set<Long> members = new TreeSet<>(memberIds == null ? List.of() : memberIds);
      Set<Long> channels = new TreeSet<>(channelIds == null ? List.of() : channelIds);
      teams.setMembers(me.workspaceId(), id, members);
      teams.setChannelAccounts(me.workspaceId(), id, channels);
      audit.record(
          me.workspaceId(),
          me.userId(),
          "team.updated",
          "team " + team.name(),
          members.size() + " members, channel accounts " + channels);
      redirect.addFlashAttribute("notice", "Team " + team.name() + " saved.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/admin/teams";
  }

  @PostMapping("/admin/teams/{id}/delete")
  String deleteTeam(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    access.requireTeamManager(me);
    Team team =
        teams
            .byId(me.workspaceId(), id)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    teams.delete(me.workspaceId(), id);
    audit.record(me.workspaceId(), me.userId(), "team.deleted", "team " + team.name(), null);
    redirect.addFlashAttribute("notice", "Team " + team.name() + " deleted.");
    return "redirect:/admin/teams";
  }

  // ---------------------------------------------------------------- audit log

  @GetMapping("/admin/audit")
  String audit(@AuthenticationPrincipal SignedIn me, Model model) {
    access.requireAdmin(me);
    common(me, "audit", model);
    model.addAttribute(
        "entries",
        audit.recent(me.workspaceId(), 500).stream()
            .map(
                e ->
                    new AuditRow(
                        e.actorName() == null ? "Parley" : e.actorName(),
                        e.action(),
                        e.subject(),
                        e.detail(),
                        moments.ago(e.at()),
                        moments.full(e.at())))
            .toList());
    return "admin-audit";
  }

  // ---------------------------------------------------------------- helpers

  private void common(SignedIn me, String active, Model model) {
    model.addAttribute("me", me);
    model.addAttribute("role", access.role(me));
    model.addAttribute("active", active);
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
  }

  private String personLabel(long userId) {
    return users.byId(userId).map(User::email).orElse("person " + userId);
  }

  private static Role role(String value) {
    try {
      return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Choose one of the roles.");
    }
  }

  record PersonRow(User user, List<String> teams, boolean self) {}

  /** A working API token of someone in the workspace, for admins to revoke. */
  record TokenRow(
      long id, String owner, String name, String hint, String lastUsed, String expires) {}

  record InvitationRow(
      long id,
      String email,
      String name,
      String role,
      List<String> teams,
      String state,
      String ago,
      String expires) {}

  record TeamRow(long id, String name, Set<Long> members, Set<Long> channels) {}

  record AuditRow(
      String actor, String action, String subject, String detail, String ago, String at) {}
}
