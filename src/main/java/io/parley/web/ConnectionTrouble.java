package io.parley.web;

import io.parley.alerts.Alerts;
import io.parley.channels.ConnectorHealth;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the workspace's broken channel connections and unread alert count into the inbox pages'
 * model, for the banner and bell in {@code fragments/connection-alerts.html}. Viewers see neither.
 */
@ControllerAdvice(assignableTypes = InboxController.class)
class ConnectionTrouble {

  private final ConnectorHealth health;
  private final Alerts alerts;

  ConnectionTrouble(ConnectorHealth health, Alerts alerts) {
    this.health = health;
    this.alerts = alerts;
  }

  @ModelAttribute("brokenConnections")
  List<ConnectorHealth.Broken> brokenConnections(@AuthenticationPrincipal SignedIn me) {
    return me == null || !me.role().canReply() ? List.of() : health.broken(me.workspaceId());
  }

  @ModelAttribute("unreadAlerts")
  int unreadAlerts(@AuthenticationPrincipal SignedIn me) {
    return me == null || !me.role().canReply() ? 0 : alerts.unreadCount(me.workspaceId());
  }
}
