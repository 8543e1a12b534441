package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.ingestion.Ingestion;
import io.parley.outbox.ReplyDispatcher;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.RecordingConnector;
import io.parley.testing.TestEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The user story end to end in headless Chromium: sign in with the first-run login, watch a new
 * conversation arrive without reloading, reply, see the reply go from Queued to Sent, resolve.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
@Import(InboxBrowserTest.XNetwork.class)
class InboxBrowserTest {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired Ingestion ingestion;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired RecordingConnector x;

  Browser browser;

  @BeforeEach
  void openBrowser() {
    browser = Browser.open("http://localhost:" + port);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void signInWatchAConversationArriveReplyAndResolve() {
    Workspace workspace = firstRun.ensureWorkspace();
    ChannelAccount account =
        accounts.add(
            workspace.id(),
            Network.X,
            "northwind",
            "Northwind",
            "nw-1",
            "http://127.0.0.1:1",
            Map.of());
    var login = firstRun.login().orElseThrow();

    browser.go("/inbox");
    assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
    String anonymousSession = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();
    browser.find("#email").sendKeys(login.email());
    browser.find("#password").sendKeys(login.password());
    browser.find("button[type=submit]").click();
    browser.waitForText(".list-header h1", "Open", 10);
    // Session fixation protection: signing in switches to a new session id.
    assertThat(browser.driver().manage().getCookieNamed("JSESSIONID").getValue())
        .isNotEqualTo(anonymousSession);
    assertThat(browser.findAll(".conv")).isEmpty();

    // Arrives while the page is open: the list polls.
    ingestion.ingest(
        account,
        List.of(
            new InboundItem(
                "tweet-1",
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                new InboundItem.Author("u-77", "mira_k", "Mira Kowalski", 120),
                false,
                "@northwind my tent pole snapped on day one 😞",
                null,
                Instant.now(),
                null,
                "{}")));
    browser.waitForText(".conv", "Mira Kowalski", 15);
    ingestion.ingest(
        account,
        List.of(
            new InboundItem(
                "tweet-2",
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                new InboundItem.Author("u-78", "otto", "Otto Berg", 3),
                false,
                "@northwind do you sell gift cards?",
                null,
                Instant.now(),
                null,
                "{}")));
    browser.waitForText(".conv", "Otto Berg", 15);

    // Search narrows the list as you type.
    browser.find(".search input[type=search]").sendKeys("tent pole");
    browser.waitUntil(10, d -> browser.findAll(".conv").size() == 1);
    browser.waitForText(".conv", "Mira Kowalski", 5).click();

    browser.waitForText(".thread-header h2", "Mira Kowalski", 10);
    assertThat(browser.driver().getCurrentUrl()).matches(".*/conversations/\\d+\\?.*");
    assertThat(browser.find("#thread-messages").getText()).contains("tent pole snapped");
    assertThat(browser.find("[data-counter]").getText()).isEqualTo("0 / 280");

    var textarea = browser.find(".reply-form textarea");
    textarea.sendKeys("So sorry, Mira! A replacement pole is on its way.");
    assertThat(browser.find("[data-counter]").getText()).isEqualTo("49 / 280");
    textarea.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));

    var reply = browser.waitForText(".msg-out", "replacement pole", 10);
    assertThat(reply.getText()).contains("Queued");
    assertThat(browser.find(".reply-form textarea").getDomProperty("value")).isEmpty();

    // Delivered in the background: the thread polls and shows Sent without a reload.
    assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    assertThat(x.delivered())
        .extracting(p -> p.text())
        .contains("So sorry, Mira! A replacement pole is on its way.");
    browser.waitForText(".msg-out .delivery-sent", "Sent", 15);

    // live updates may re-render the header between finding the button and clicking it
    browser.waitUntil(
        10,
        d -> {
          try {
            d.findElement(By.cssSelector(".segmented button[value=RESOLVED]")).click();
            return true;
          } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
            return false;
          }
        });
    browser.waitForText(".segmented button.is-active", "Resolved", 10);
    browser.waitUntil(10, d -> d.findElements(By.cssSelector(".conv")).isEmpty());
    browser.waitForText("#count-resolved", "1", 10);

    assertThat(browser.consoleErrors()).isEmpty();

    // The API documentation works for the signed-in user under the same strict script policy.
    browser.go("/api/docs");
    browser.waitForText(".swagger-ui", "Parley API", 20);
    browser.waitForText(".swagger-ui", "/api/v1/conversations/{id}/replies", 20);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class XNetwork {
    @Bean
    RecordingConnector xConnector() {
      return new RecordingConnector(Network.X, 280);
    }
  }
}
