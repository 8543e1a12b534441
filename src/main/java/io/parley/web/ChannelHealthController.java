package io.parley.web;

import io.parley.accounts.Role;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.alerts.Alerts;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.ConnectorHealth;
import io.parley.channels.InboundSignal;
import io.parley.channels.Signals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "Connection health": per channel account the last good poll, how old the newest item is, items
 * per hour, recent errors with their reasons and when the credentials expire; below, the
 * workspace's alerts. Everyone who works the inbox may look (the broken-connection banner links
 * here); connecting accounts stays with admins and managers.
 */
@Controller
class ChannelHealthController {

  private final ChannelAccounts accounts;
  private final ConnectorHealth health;
  private final Alerts alerts;
  private final Workspaces workspaces;
  private final TimeLabels time;
  private final Clock clock;
  private final Signals signals;

  ChannelHealthController(
      ChannelAccounts accounts,
      ConnectorHealth health,
      Signals signals,
      Alerts alerts,
      Workspaces workspaces,
      TimeLabels time,
      Clock clock) {
    this.accounts = accounts;
    this.health = health;
    this.signals = signals;
    this.alerts = alerts;
    this.workspaces = workspaces;
    this.time = time;
    this.clock = clock;
  }

  @GetMapping("/settings/channels/health")
  String health(@AuthenticationPrincipal SignedIn me, Model model) {
    requireInboxWorker(me);
    model.addAttribute("me", me);
    model.addAttribute(
        "workspaceName", workspaces.byId(me.workspaceId()).map(Workspace::name).orElse(""));
    model.addAttribute("manager", me.role() == Role.ADMIN || me.role() == Role.MANAGER);
    model.addAttribute(
        "cards", accounts.inWorkspace(me.workspaceId()).stream().map(this::card).toList());
    model.addAttribute(
        "alerts",
        alerts.recent(me.workspaceId(), 20).stream()
            .map(a -> new AlertRow(a, time.when(a.createdAt()), time.full(a.createdAt())))
            .toList());
    model.addAttribute("unreadAlerts", alerts.unreadCount(me.workspaceId()));
    return "channel-health";
  }

  @PostMapping("/settings/channels/health/alerts/read")
  String markRead(@AuthenticationPrincipal SignedIn me) {
    requireInboxWorker(me);
    alerts.markAllRead(me.workspaceId());
    return "redirect:/settings/channels/health#alerts";
  }

  private Card card(ChannelAccount account) {
    ConnectorHealth.Report r = health.report(account.id());
    Instant now = clock.instant();
    String state;
    String stateClass;
    if (!account.enabled()) {
      state = "Switched off";
      stateClass = "state-off";
    } else if (r.broken()) {
      state = r.credentialsRefused() ? "Broken: credentials refused" : "Broken";
      stateClass = "state-bad";
    } else if (r.consecutiveFailures() > 0) {
      state = "Failing (" + r.consecutiveFailures() + " in a row)";
      stateClass = "state-warn";
    } else if (r.lastSuccessAt() == null) {
      state = "Not polled yet";
      stateClass = "state-off";
    } else {
      state = "Working";
      stateClass = "state-ok";
    }
    String expiry;
    if (r.credentialsExpireAt() == null) {
      expiry = "Does not expire";
    } else if (r.credentialsExpireAt().isBefore(now)) {
      expiry = "Expired " + time.full(r.credentialsExpireAt()) + " (Parley signs in again)";
    } else {
      expiry =
          "Renewable until "
              + time.full(r.credentialsExpireAt())
              + " (in "
              + duration(Duration.between(now, r.credentialsExpireAt()))
              + ")";
    }
    String delivery;
    if (r.delivery() == null || !account.enabled()) {
      delivery = "Polling";
    } else if (r.delivery().streaming()) {
      delivery =
          "Live: the network announces new items (streaming since "
              + time.when(r.delivery().since())
              + "), polled every minute as a safety net";
    } else {
      delivery = "Polling" + (r.delivery().why() == null ? "" : " (" + r.delivery().why() + ")");
    }
    Map<InboundSignal.Kind, Integer> lastDay =
        signals.since(account.id(), now.minus(Duration.ofDays(1)));
    String engagement =
        lastDay.isEmpty()
            ? "None in the last 24 hours"
            : lastDay.entrySet().stream()
                    .map(e -> e.getKey().count(e.getValue()))
                    .collect(Collectors.joining(" · "))
                + " in the last 24 hours";
    List<ErrorRow> errors =
        r.recentErrors().stream()
            .map(
                f ->
                    new ErrorRow(
                        time.when(f.at()), time.full(f.at()), f.reason(), f.credentialsRefused()))
            .toList();
    return new Card(
        account,
        account.network().label(),
        state,
        stateClass,
        r.lastSuccessAt() == null ? "Never" : time.when(r.lastSuccessAt()),
        r.lastSuccessAt() == null ? null : time.full(r.lastSuccessAt()),
        r.lag() == null ? "Nothing fetched yet" : duration(r.lag()),
        r.itemsLastHour(),
        engagement,
        delivery,
        expiry,
        errors);
  }

  /** "42s", "5m", "3h 10m", "2d 4h". */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    if (s < 86400) {
      long m = (s % 3600) / 60;
      return (s / 3600) + "h" + (m == 0 ? "" : " " + m + "m");
    }
    long h = (s % 86400) / 3600;
    return (s / 86400) + "d" + (h == 0 ? "" : " " + h + "h");
  }

  static void requireInboxWorker(SignedIn me) {
    if (!me.role().canReply()) {
      throw new AccessDeniedException("Connection health is for the people working the inbox");
    }
  }

  /** One account on the health page. */
  record Card(
      ChannelAccount account,
      String networkLabel,
      String state,
      String stateClass,
      String lastPoll,
      String lastPollFull,
      String lag,
      int itemsPerHour,
      String signals,
      String delivery,
      String credentials,
      List<ErrorRow> errors) {}

  record ErrorRow(String when, String full, String reason, boolean credentialsRefused) {}

  record AlertRow(Alerts.Alert alert, String when, String full) {}
}
