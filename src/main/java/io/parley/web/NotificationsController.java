package io.parley.web;

import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.notifications.Notifications;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * A person's own notifications: the list, the bell's live count and marking read. Everyone signed
 * in has some (a viewer can be @mentioned); each only ever sees their own.
 */
@Controller
class NotificationsController {

  private final Notifications notifications;
  private final Workspaces workspaces;
  private final Access access;
  private final TimeLabels time;

  NotificationsController(
      Notifications notifications, Workspaces workspaces, Access access, TimeLabels time) {
    this.notifications = notifications;
    this.workspaces = workspaces;
    this.access = access;
    this.time = time;
  }

  @GetMapping("/notifications")
  String list(@AuthenticationPrincipal SignedIn me, Model model) {
    model.addAttribute("me", me);
    model.addAttribute("role", access.role(me));
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
    model.addAttribute(
        "notifications",
        notifications.recent(me.workspaceId(), me.userId(), 100).stream()
            .map(n -> new Row(n, time.when(n.createdAt()), time.full(n.createdAt())))
            .toList());
    model.addAttribute("unreadNotifications", notifications.unreadCount(me.userId()));
    return "notifications";
  }

  /** The bell alone, re-fetched when the live stream says a notification arrived. */
  @GetMapping("/notifications/bell")
  String bell(@AuthenticationPrincipal SignedIn me, Model model) {
    model.addAttribute("unreadNotifications", notifications.unreadCount(me.userId()));
    return "fragments/notification-bell :: bell";
  }

  @PostMapping("/notifications/read")
  String markAllRead(@AuthenticationPrincipal SignedIn me) {
    notifications.markAllRead(me.userId());
    return "redirect:/notifications";
  }

  /** Opens what the notification is about and marks it read on the way. */
  @PostMapping("/notifications/{id}/open")
  String open(@AuthenticationPrincipal SignedIn me, @PathVariable long id) {
    return notifications
        .markRead(me.userId(), id)
        .map(conversation -> "redirect:/conversations/" + conversation)
        .orElse("redirect:/notifications");
  }

  record Row(Notifications.Notification notification, String when, String full) {}
}
