package io.parley.web;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Invitation;
import io.parley.accounts.Invitations;
import io.parley.accounts.Passwords;
import io.parley.accounts.User;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The one-time invitation link: the invited person chooses a password and is sent to sign in with
 * it. Public (the token is the credential); an unknown, used, revoked or expired link gets a page
 * that says so (410), without telling which.
 */
@Controller
class InviteController {

  private final Invitations invitations;
  private final Workspaces workspaces;
  private final AuditLog audit;
  private final LoginThrottle throttle;

  InviteController(
      Invitations invitations, Workspaces workspaces, AuditLog audit, LoginThrottle throttle) {
    this.invitations = invitations;
    this.workspaces = workspaces;
    this.audit = audit;
    this.throttle = throttle;
  }

  @GetMapping("/invite/{token}")
  String show(@PathVariable String token, Model model, HttpServletResponse response) {
    var invitation = invitations.open(token);
    if (invitation.isEmpty()) {
      response.setStatus(HttpStatus.GONE.value());
      return "invite-gone";
    }
    return page(invitation.get(), token, Map.of(), model);
  }

  @PostMapping("/invite/{token}")
  String accept(
      @PathVariable String token,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String repeat,
      Model model,
      HttpServletResponse response) {
    var invitation = invitations.open(token);
    if (invitation.isEmpty()) {
      response.setStatus(HttpStatus.GONE.value());
      return "invite-gone";
    }
    try {
      User user = invitations.accept(token, password, repeat);
      throttle.succeeded(user.email());
      audit.record(user.workspaceId(), user.id(), "person.joined", user.email(), null);
      return "redirect:/login?welcome&email="
          + URLEncoder.encode(user.email(), StandardCharsets.UTF_8);
    } catch (Passwords.Refused e) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      String field = e.field() == Passwords.Field.REPEAT ? "repeat" : "password";
      return page(invitation.get(), token, Map.of(field, e.getMessage()), model);
    } catch (IllegalArgumentException e) {
      response.setStatus(HttpStatus.GONE.value());
      return "invite-gone";
    }
  }

  private String page(
      Invitation invitation, String token, Map<String, String> errors, Model model) {
    model.addAttribute("invitation", invitation);
    model.addAttribute("token", token);
    model.addAttribute("errors", errors);
    model.addAttribute("minLength", Passwords.MIN_LENGTH);
    model.addAttribute("roleName", invitation.role().label().toLowerCase(Locale.ROOT));
    model.addAttribute(
        "workspaceName",
        workspaces.byId(invitation.workspaceId()).map(Workspace::name).orElse("Parley"));
    return "invite";
  }
}
