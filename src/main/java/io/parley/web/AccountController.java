package io.parley.web;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Passwords;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Your account": who you are signed in as, and changing your password. A refused change renders
 * the page again (422) with the reason next to the field; a successful one redirects back (PRG).
 * The session stays signed in; it holds no password hash that could go stale.
 */
@Controller
class AccountController {

  private final Passwords passwords;
  private final FirstRun firstRun;
  private final Workspaces workspaces;
  private final LoginThrottle throttle;

  AccountController(
      Passwords passwords, FirstRun firstRun, Workspaces workspaces, LoginThrottle throttle) {
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

  private String page(SignedIn me, Map<String, String> errors, Model model) {
    model.addAttribute("me", me);
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
    model.addAttribute("usesGeneratedPassword", firstRun.keepsLoginOf(me.email()));
    model.addAttribute("errors", errors);
    model.addAttribute("minLength", Passwords.MIN_LENGTH);
    return "account";
  }
}
