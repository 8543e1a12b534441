package io.parley.web;

import io.parley.accounts.ApiToken;
import io.parley.accounts.ApiTokens;
import io.parley.accounts.FirstRun;
import io.parley.accounts.Passwords;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.mail.EmailPreferences;
import io.parley.mail.OutgoingMail;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
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
 * "Your account": who you are signed in as, changing your password and your API tokens. A refused
 * change renders the page again (422) with the reason next to the field; a successful one redirects
 * back (PRG). The session stays signed in; it holds no password hash that could go stale. A new API
 * token travels to the page in a flash attribute: shown on the next page view, then gone from the
 * session.
 */
@Controller
class AccountController {

  private final Passwords passwords;
  private final FirstRun firstRun;
  private final Workspaces workspaces;
  private final LoginThrottle throttle;
  private final Access access;
  private final ApiTokens tokens;
  private final TimeLabels moments;
  private final Clock clock;
  private final EmailPreferences emailPreferences;
  private final OutgoingMail mail;

  AccountController(
      Passwords passwords,
      FirstRun firstRun,
      Workspaces workspaces,
      LoginThrottle throttle,
      Access access,
      ApiTokens tokens,
      TimeLabels moments,
      Clock clock,
      EmailPreferences emailPreferences,
      OutgoingMail mail) {
    this.emailPreferences = emailPreferences;
    this.mail = mail;
    this.access = access;
    this.tokens = tokens;
    this.moments = moments;
    this.clock = clock;
    this.passwords = passwords;
    this.firstRun = firstRun;
    this.workspaces = workspaces;
    this.throttle = throttle;
  }

  @GetMapping("/account")
  String account(@AuthenticationPrincipal SignedIn me, Model model) {
    return page(me, Map.of(), model);
  }

  @PostMapping("/account/password")
  String changePassword(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String current,
      @RequestParam(defaultValue = "") String next,
      @RequestParam(defaultValue = "") String repeat,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    // Guessing the current password here counts like guessing it at sign-in.
    var blocked = throttle.blockedFor(me.email());
    if (blocked.isPresent()) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      String wait = ThrottledSignIn.minutes(blocked.get());
      return page(
          me, Map.of("current", "Too many wrong passwords. Try again in " + wait + "."), model);
    }
    try {
      passwords.change(me.userId(), current, next, repeat);
    } catch (Passwords.Refused e) {
      if (e.field() == Passwords.Field.CURRENT) {
        throttle.failed(me.email());
      }
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return page(me, Map.of(e.field().name().toLowerCase(Locale.ROOT), e.getMessage()), model);
    }
    throttle.succeeded(me.email());
    redirect.addFlashAttribute("passwordChanged", true);
    return "redirect:/account";
  }

  @PostMapping("/account/tokens")
  String createToken(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "90") String expires,
      RedirectAttributes redirect) {
    Duration validFor =
        switch (expires) {
          case "30" -> Duration.ofDays(30);
          case "90" -> Duration.ofDays(90);
          case "365" -> Duration.ofDays(365);
          case "never" -> null;
          default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown expiry.");
        };
    try {
      var issued = tokens.create(me.userId(), name, validFor);
      redirect.addFlashAttribute("newToken", issued.plaintext());
      redirect.addFlashAttribute("newTokenName", issued.token().name());
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("tokenProblem", e.getMessage());
    }
    return "redirect:/account#api-tokens";
  }

  /** Which notifications also come by email; an unchecked box is simply not sent. */
  @PostMapping("/account/notifications")
  String emailChoice(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "false") boolean mentions,
      @RequestParam(defaultValue = "false") boolean assignments,
      @RequestParam(defaultValue = "false") boolean slaBreaches,
      RedirectAttributes redirect) {
    emailPreferences.save(
        me.userId(), new EmailPreferences.Choice(mentions, assignments, slaBreaches));
    redirect.addFlashAttribute("emailSaved", true);
    return "redirect:/account#email-notifications";
  }

  @PostMapping("/account/tokens/{id}/revoke")
  String revokeToken(
      @AuthenticationPrincipal SignedIn me,
      @PathVariable long id,
      @RequestParam(defaultValue = "account") String from,
      RedirectAttributes redirect) {
    // Someone else's token is "not found" (admins may revoke any in their workspace).
    if (!tokens.revoke(me.userId(), id)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    // Admins revoke from the People page too; only these two places to go back to.
    if (from.equals("people")) {
      redirect.addFlashAttribute("notice", "Token revoked. Calls with it are refused from now.");
      return "redirect:/admin/people#api-tokens";
    }
    redirect.addFlashAttribute("tokenNotice", "Token revoked. Calls with it are refused from now.");
    return "redirect:/account#api-tokens";
  }

  private String page(SignedIn me, Map<String, String> errors, Model model) {
    model.addAttribute("me", me);
    model.addAttribute("role", access.role(me));
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
    model.addAttribute("usesGeneratedPassword", firstRun.keepsLoginOf(me.email()));
    model.addAttribute("errors", errors);
    model.addAttribute("minLength", Passwords.MIN_LENGTH);
    model.addAttribute("mailConfigured", mail.configured());
    model.addAttribute("emailChoice", emailPreferences.of(me.userId()));
    Instant now = clock.instant();
    model.addAttribute(
        "apiTokens", tokens.ofUser(me.userId()).stream().map(t -> row(t, now)).toList());
    return "account";
  }

  private TokenRow row(ApiToken t, Instant now) {
    String state = t.state(now);
    // Under the state: when it was revoked, when it expires or expired.
    String detail =
        switch (state) {
          case "revoked" -> "at " + moments.when(t.revokedAt());
          case "expired" -> "since " + moments.day(t.expiresAt());
          default -> t.expiresAt() == null ? "no expiry" : "until " + moments.day(t.expiresAt());
        };
    return new TokenRow(
        t.id(),
        t.name(),
        t.hint(),
        state,
        detail,
        moments.when(t.createdAt()),
        moments.full(t.createdAt()),
        t.lastUsedAt() == null ? "Never" : moments.when(t.lastUsedAt()),
        t.lastUsedAt() == null ? null : moments.full(t.lastUsedAt()));
  }

  /** One line of the token list, with its times already in words. */
  record TokenRow(
      long id,
      String name,
      String hint,
      String state,
      String stateDetail,
      String created,
      String createdFull,
      String lastUsed,
      String lastUsedFull) {}
}
