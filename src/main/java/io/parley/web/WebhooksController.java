package io.parley.web;

import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.notifications.WebhookDeliveries;
import io.parley.notifications.WebhookEvent;
import io.parley.notifications.Webhooks;
import java.util.EnumSet;
import java.util.List;
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
 * Admins configure outgoing webhooks and read their delivery log. The secret is write-only: the
 * page never shows it again after saving.
 */
@Controller
class WebhooksController {

  private final Webhooks webhooks;
  private final WebhookDeliveries deliveries;
  private final Workspaces workspaces;
  private final Access access;
  private final TimeLabels time;

  WebhooksController(
      Webhooks webhooks,
      WebhookDeliveries deliveries,
      Workspaces workspaces,
      Access access,
      TimeLabels time) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.workspaces = workspaces;
    this.access = access;
    this.time = time;
  }

  @GetMapping("/settings/webhooks")
  String page(@AuthenticationPrincipal SignedIn me, Model model) {
    access.requireAdmin(me);
    model.addAttribute("me", me);
    model.addAttribute("role", access.role(me));
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
    model.addAttribute("events", WebhookEvent.values());
    model.addAttribute("webhooks", webhooks.list(me.workspaceId()));
    model.addAttribute(
        "deliveries",
        deliveries.recent(me.workspaceId(), 50).stream()
            .map(
                d ->
                    new DeliveryRow(
                        d,
                        time.when(d.createdAt()),
                        time.full(d.createdAt()),
                        d.state() == WebhookDeliveries.State.PENDING && d.attempts() > 0
                            ? "next try " + time.when(d.nextAttemptAt())
                            : null))
            .toList());
    if (!model.containsAttribute("form")) {
      model.addAttribute(
          "form", new Form("", List.of(WebhookEvent.CONVERSATION_CREATED.wireName())));
    }
    return "webhooks";
  }

  @PostMapping("/settings/webhooks")
  String add(
      @AuthenticationPrincipal SignedIn me,
      @RequestParam(defaultValue = "") String url,
      @RequestParam(defaultValue = "") String secret,
      @RequestParam(name = "event", required = false) List<String> events,
      RedirectAttributes redirect) {
    access.requireAdmin(me);
    Set<WebhookEvent> chosen = EnumSet.noneOf(WebhookEvent.class);
    for (String e : events == null ? List.<String>of() : events) {
      chosen.add(
          WebhookEvent.byWireName(e)
              .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST)));
    }
    try {
      webhooks.add(me.workspaceId(), url, secret, chosen);
    } catch (IllegalArgumentException e) {
      // The secret is not sent back: the admin types it again.
      redirect.addFlashAttribute("problem", e.getMessage());
      redirect.addFlashAttribute("form", new Form(url, events == null ? List.of() : events));
      return "redirect:/settings/webhooks#add-webhook";
    }
    redirect.addFlashAttribute(
        "notice", "Webhook added. The secret is stored encrypted and will not be shown again.");
    return "redirect:/settings/webhooks";
  }

  @PostMapping("/settings/webhooks/{id}/delete")
  String delete(
      @AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes redirect) {
    access.requireAdmin(me);
    if (!webhooks.remove(me.workspaceId(), id)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    redirect.addFlashAttribute("notice", "Webhook removed. Nothing more is sent to it.");
    return "redirect:/settings/webhooks";
  }

  record Form(String url, List<String> events) {}

  record DeliveryRow(
      WebhookDeliveries.Delivery delivery, String when, String full, String nextAttempt) {}
}
