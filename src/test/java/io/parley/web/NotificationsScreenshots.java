package io.parley.web;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversations;
import io.parley.ingestion.Ingestion;
import io.parley.notifications.WebhookDeliveries;
import io.parley.notifications.WebhookEvent;
import io.parley.notifications.WebhookReceiver;
import io.parley.notifications.Webhooks;
import io.parley.routing.SlaBreached;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Not a check but a look: the notification bell in the inbox, the notifications page and the
 * webhooks settings page with a delivery log. Runs only when asked: {@code ./mvnw test
 * -Dtest=NotificationsScreenshots -Dparley.screenshots=/tmp/parley-shots}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
@Import(InboxBrowserTest.XNetwork.class)
class NotificationsScreenshots {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Users users;
  @Autowired Webhooks webhooks;
  @Autowired WebhookDeliveries deliveries;
  @Autowired ApplicationEventPublisher events;

  @Test
  void takeScreenshots() {
    Path dir = Path.of(System.getProperty("parley.screenshots"));
    Workspace ws = firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    User admin = users.byEmail(login.email()).orElseThrow();
    User ben = users.create(ws.id(), "ben.baker@northwind.test", "Ben Baker", "x", Role.MANAGER);
    ChannelAccount x =
        accounts.add(
            ws.id(),
            Network.X,
            "northwind",
            "Northwind",
            "northwind",
            "http://127.0.0.1:1",
            Map.of());
    String handle = login.email().substring(0, login.email().indexOf('@'));
    try (var ok = new WebhookReceiver(200);
        var failing = new WebhookReceiver(500)) {
      webhooks.add(
          ws.id(),
          ok.url(),
          "a-long-secret-for-the-crm",
          Set.of(WebhookEvent.CONVERSATION_CREATED, WebhookEvent.CONVERSATION_ASSIGNED));
      webhooks.add(
          ws.id(), failing.url(), "another-long-secret", Set.of(WebhookEvent.SLA_BREACHED));

      Instant now = Instant.now();
      long tent =
          in(
              x,
              "t1",
              "mira",
              "Mira Kowalski",
              "@northwind my tent pole snapped on night one",
              now.minus(50, ChronoUnit.MINUTES));
      long order =
          in(
              x,
              "o1",
              "jon",
              "Jon Abara",
              "@northwind order #4411 never arrived, 3 weeks now",
              now.minus(30, ChronoUnit.MINUTES));
      long refund =
          in(
              x,
              "r1",
              "li",
              "Li Wen",
              "@northwind still waiting for my refund",
              now.minus(10, ChronoUnit.MINUTES));
      conversations.addNote(
          ws.id(),
          tent,
          ben.id(),
          "@"
              + handle
              + " this is the second broken pole from batch 7 this week, can you check"
              + " with the warehouse? <script>alert(1)</script>");
      conversations.assign(ws.id(), order, admin.id(), ben.id());
      events.publishEvent(
          new SlaBreached(
              refund,
              ws.id(),
              io.parley.routing.SlaKind.FIRST_RESPONSE,
              now.minus(5, ChronoUnit.MINUTES)));
      deliveries.deliverDue();

      try (Browser browser = Browser.open("http://localhost:" + port, 1366, 900)) {
        browser.go("/login");
        browser.find("#email").sendKeys(login.email());
        browser.find("#password").sendKeys(login.password());
        browser.find("#password").submit();
        browser.go("/inbox");
        browser.screenshot(dir.resolve("notifications-1-inbox-bell.png"));
        browser.go("/notifications");
        browser.screenshot(dir.resolve("notifications-2-page.png"));
        browser.go("/settings/webhooks");
        browser.screenshot(dir.resolve("notifications-3-webhooks.png"));
        browser.find("#webhook-url").sendKeys("http://169.254.169.254/latest/meta-data/");
        browser.find("#webhook-secret").sendKeys("a-long-enough-secret");
        browser.find("#webhook-form").submit();
        browser.screenshot(dir.resolve("notifications-4-webhook-refused.png"));
      }
    }
  }

  private long in(
      ChannelAccount account, String id, String handle, String name, String text, Instant at) {
    ingestion.ingest(
        account,
        List.of(
            new InboundItem(
                id,
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                new InboundItem.Author("a-" + handle, handle, name, 120),
                false,
                text,
                null,
                at,
                null,
                "{}")));
    return conversations.findMessage(ws(account), Network.X, id).orElseThrow().conversationId();
  }

  private static long ws(ChannelAccount account) {
    return account.workspaceId();
  }
}
