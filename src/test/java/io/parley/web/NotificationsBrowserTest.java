package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.conversations.Conversations;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.Fixtures;
import io.parley.testing.TestEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The bell counts up without a reload when a colleague @mentions you (live stream, htmx re-fetch,
 * no CSP complaints), and opening the notification lands on the conversation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
@Import(InboxBrowserTest.XNetwork.class)
class NotificationsBrowserTest {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Users users;

  @Test
  void theBellCountsAMentionLiveAndOpensTheConversation() {
    Workspace ws = firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    String handle = login.email().substring(0, login.email().indexOf('@'));
    User ben =
        users.create(
            ws.id(), "ben-" + UUID.randomUUID() + "@example.test", "Ben Baker", "x", Role.MANAGER);
    ChannelAccount x =
        accounts.add(
            ws.id(), Network.X, "northwind", "Northwind", "nw-n", "http://127.0.0.1:1", Map.of());
    String id = UUID.randomUUID().toString();
    ingestion.ingest(x, List.of(Fixtures.item(id, null, "Where is my parcel?", Instant.now())));
    long c = conversations.findMessage(ws.id(), Network.X, id).orElseThrow().conversationId();

    try (Browser browser = Browser.open("http://localhost:" + port)) {
      browser.go("/login");
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find("#password").submit();
      browser.go("/inbox");
      browser.waitUntil(10, d -> browser.js("return document.body.classList.contains('is-live')"));
      int before = browser.findAll("#notification-count").size();
      assertThat(before).isZero();

      conversations.addNote(ws.id(), c, ben.id(), "@" + handle + " please call them back");

      browser.waitForText("#notification-count", "1", 10);
      browser.find("#notification-bell").click();
      browser.waitForText(".notification-title", "Ben Baker mentioned you in a note", 10);
      browser.find(".notification-open").click();
      browser.waitUntil(
          10, d -> d.getCurrentUrl().endsWith("/conversations/" + c) ? Boolean.TRUE : null);
      assertThat(browser.findAll("#notification-count")).isEmpty();
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }
}
