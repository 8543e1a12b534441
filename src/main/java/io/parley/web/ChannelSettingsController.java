package io.parley.web;

import io.parley.accounts.Role;
import io.parley.channels.AccountSetup;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.ChannelConnections;
import io.parley.channels.ConnectorCursors;
import io.parley.shared.Network;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "Channels": the workspace's network accounts and a form per network to connect one. Saving runs
 * the connection test first; a failure renders the page again (422) with the network's reason next
 * to the form and stores nothing. Secrets are never put back into the page. Admins and managers
 * only.
 */
@Controller
class ChannelSettingsController {

  private static final String PENDING = "parley.channels.sign-in";

  private final ChannelConnections connections;
  private final ChannelAccounts accounts;
  private final ConnectorCursors cursors;

  ChannelSettingsController(
      ChannelConnections connections, ChannelAccounts accounts, ConnectorCursors cursors) {
    this.connections = connections;
    this.accounts = accounts;
    this.cursors = cursors;
  }

  @GetMapping("/settings/channels")
  String channels(@AuthenticationPrincipal SignedIn me, Model model) {
    requireManager(me);
    return page(me, null, Map.of(), model);
  }

  @PostMapping("/settings/channels")
  String connect(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String network,
      @RequestParam(defaultValue = "") String server,
      @RequestParam(defaultValue = "") String identifier,
      @RequestParam(defaultValue = "") String secret,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    requireManager(me);
    Network chosen = Network.parse(network);
    var outcome = connections.connect(me.workspaceId(), chosen, server, identifier, secret);
    if (!outcome.ok()) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      Map<String, String> typed = new LinkedHashMap<>();
      typed.put("server", server);
      typed.put("identifier", identifier);
      return page(me, new Failure(chosen, outcome.reason()), typed, model);
    }
    redirect.addFlashAttribute("connected", outcome.reason());
    return "redirect:/settings/channels";
  }

  /**
   * Starts signing in on the server (OAuth code flow with PKCE): registers Parley there and offers
   * the link to the server's sign-in page.
   */
  @PostMapping("/settings/channels/sign-in")
  String signIn(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String network,
      @RequestParam(defaultValue = "") String server,
      HttpSession session,
      Model model,
      HttpServletResponse response) {
    requireManager(me);
    Network chosen = Network.parse(network);
    if (!connections.signsInOnServer(chosen)) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return page(me, new Failure(chosen, "This network has no sign-in here."), Map.of(), model);
    }
    String callback =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/settings/channels/callback")
            .toUriString();
    try {
      AccountSetup.Authorization started = connections.authorize(chosen, server, callback);
      session.setAttribute(PENDING, started);
      // A link, not a redirect: the CSP's form-action 'self' rightly stops a form submission from
      // being redirected to another site.
      model.addAttribute("continueUrl", started.browserUrl());
      model.addAttribute("continueServer", started.serverUrl());
      return page(me, null, Map.of(), model);
    } catch (IllegalArgumentException e) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return page(me, new Failure(chosen, e.getMessage()), Map.of("server", server), model);
    }
  }

  /** Where the server sends the browser back with the authorization code. */
  @GetMapping("/settings/channels/callback")
  String callback(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error,
      HttpSession session,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    requireManager(me);
    Object pending = session.getAttribute(PENDING);
    session.removeAttribute(PENDING);
    if (!(pending instanceof AccountSetup.Authorization started)) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return page(
          me,
          new Failure(null, "No sign-in is in progress here: start it again."),
          Map.of(),
          model);
    }
    String reason = null;
    if (error != null && !error.isBlank()) {
      reason = "The server did not grant access (" + error + ").";
    } else if (state == null || !state.equals(started.state())) {
      reason = "The answer from the server does not belong to this sign-in: start it again.";
    }
    var outcome =
        reason == null
            ? connections.complete(me.workspaceId(), started, code)
            : new ChannelConnections.Outcome(false, reason, null);
    if (!outcome.ok()) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      return page(
          me,
          new Failure(started.network(), outcome.reason()),
          Map.of("server", started.serverUrl()),
          model);
    }
    redirect.addFlashAttribute("connected", outcome.reason());
    return "redirect:/settings/channels";
  }

  private String page(SignedIn me, Failure failure, Map<String, String> typed, Model model) {
    model.addAttribute("me", me);
    model.addAttribute("forms", connections.forms());
    model.addAttribute(
        "signIn",
        connections.forms().stream()
            .map(AccountSetup.Form::network)
            .filter(connections::signsInOnServer)
            .toList());
    model.addAttribute("failure", failure);
    model.addAttribute("typed", typed);
    List<Row> rows =
        accounts.inWorkspace(me.workspaceId()).stream()
            .map(
                a -> {
                  var health = cursors.health(a.id()).orElse(null);
                  return new Row(
                      a,
                      a.network().label(),
                      health == null || health.lastSuccessAt() == null
                          ? null
                          : health.lastSuccessAt().toString(),
                      health == null ? null : health.lastError());
                })
            .toList();
    model.addAttribute("rows", rows);
    return "channels";
  }

  private static void requireManager(SignedIn me) {
    if (me.role() != Role.ADMIN && me.role() != Role.MANAGER) {
      throw new AccessDeniedException("Only admins and managers connect channel accounts");
    }
  }

  /** A failed connection test, shown in the form of its network. */
  record Failure(Network network, String reason) {}

  /** One connected account with its last poll. */
  record Row(ChannelAccount account, String networkLabel, String lastPoll, String lastError) {}

  static String formId(AccountSetup.Form form) {
    return "connect-" + form.network().name().toLowerCase(java.util.Locale.ROOT);
  }
}
