package io.parley.web;

import io.parley.notifications.Notifications;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The signed-in person's unread notification count, for the bell in the inbox's sidebar. */
@ControllerAdvice(assignableTypes = InboxController.class)
class NotificationBell {

  private final Notifications notifications;

  NotificationBell(Notifications notifications) {
    this.notifications = notifications;
  }

  @ModelAttribute("unreadNotifications")
  int unreadNotifications(@AuthenticationPrincipal SignedIn me) {
    return me == null ? 0 : notifications.unreadCount(me.userId());
  }
}
