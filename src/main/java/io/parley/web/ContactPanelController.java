package io.parley.web;

import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.contacts.ContactProfiles;
import io.parley.conversations.Conversation;
import io.parley.conversations.Conversations;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The contact panel beside a thread: who the person is on each network, the team's other
 * conversations with them (only those the viewer may see), and the notes and tags the team keeps
 * about them. Reached through the conversation, so the conversation's access rule applies.
 */
@Controller
class ContactPanelController {

  private static final int EARLIER = 10;

  private final Access access;
  private final ContactProfiles profiles;
  private final Conversations conversations;
  private final Users users;
  private final TimeLabels time;

  ContactPanelController(
      Access access,
      ContactProfiles profiles,
      Conversations conversations,
      Users users,
      TimeLabels time) {
    this.access = access;
    this.profiles = profiles;
    this.conversations = conversations;
    this.users = users;
    this.time = time;
  }

  @GetMapping("/conversations/{id}/contact")
  String panel(@AuthenticationPrincipal SignedIn me, @PathVariable long id, Model model) {
    Conversation c = access.require(me, id);
    return render(me, c, model);
  }

  @PostMapping("/conversations/{id}/contact/notes")
  String note(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String text,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    Conversation c = access.require(me, id);
    return change(
        me,
        c,
        htmx,
        model,
        response,
        contact -> profiles.addNote(me.workspaceId(), contact, me.userId(), text));
  }

  @PostMapping("/conversations/{id}/contact/tags")
  String tag(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "add") String op,
      @RequestParam(defaultValue = "") String tag,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model,
      HttpServletResponse response) {
    Conversation c = access.require(me, id);
    return change(
        me,
        c,
        htmx,
        model,
        response,
        contact ->
            "remove".equals(op)
                ? profiles.removeTag(me.workspaceId(), contact, tag)
                : profiles.addTag(me.workspaceId(), contact, tag));
  }

  private String change(
      SignedIn me,
      Conversation c,
      String htmx,
      Model model,
      HttpServletResponse response,
      Function<Long, Boolean> store) {
    if (!access.role(me).canReply()) {
      throw new org.springframework.security.access.AccessDeniedException(
          "Viewers cannot change contacts");
    }
    if (c.contactId() == null) {
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      return render(me, c, model);
    }
    try {
      store.apply(c.contactId());
    } catch (IllegalArgumentException e) {
      response.setStatus(422);
      model.addAttribute("problem", e.getMessage());
    }
    if (htmx == null) {
      return "redirect:/conversations/" + c.id();
    }
    return render(me, c, model);
  }

  private String render(SignedIn me, Conversation c, Model model) {
    model.addAttribute("conversationId", c.id());
    model.addAttribute("canWrite", access.role(me).canReply());
    var profile =
        c.contactId() == null
            ? null
            : profiles.profile(me.workspaceId(), c.contactId()).orElse(null);
    model.addAttribute("profile", profile);
    if (profile != null) {
      model.addAttribute("firstSeen", time.when(profile.firstSeen()));
      Map<Long, String> names =
          users.inWorkspace(me.workspaceId()).stream()
              .collect(Collectors.toMap(User::id, User::displayName, (a, b) -> a));
      model.addAttribute(
          "notes",
          profile.notes().stream()
              .map(
                  n ->
                      new NoteRow(
                          names.getOrDefault(n.authorUserId(), "Someone"),
                          n.text(),
                          time.ago(n.createdAt()),
                          time.full(n.createdAt())))
              .toList());
      model.addAttribute(
          "identities",
          profile.identities().stream()
              .map(
                  i ->
                      new IdentityRow(
                          i.network().label(),
                          InboxView.networkCss(i.network()),
                          i.handle(),
                          i.displayName(),
                          i.followers()))
              .toList());
      model.addAttribute(
          "earlier",
          conversations
              .withContact(me.workspaceId(), access.scope(me), profile.id(), c.id(), EARLIER)
              .stream()
              .map(
                  e ->
                      new EarlierRow(
                          e.id(),
                          e.network().label(),
                          e.status().name().charAt(0)
                              + e.status().name().substring(1).toLowerCase(java.util.Locale.ROOT),
                          e.preview() == null ? "" : e.preview(),
                          time.ago(e.lastActivityAt()),
                          time.full(e.lastActivityAt())))
              .toList());
    }
    return "fragments/contact :: panel";
  }

  record NoteRow(String author, String text, String when, String full) {}

  record IdentityRow(
      String network, String networkCss, String handle, String displayName, Integer followers) {}

  record EarlierRow(
      long id, String network, String status, String preview, String when, String full) {}
}
