package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * In headless Chromium: the routing rules page lists the built-in complaint fast lane, tests a new
 * rule against the workspace's messages without saving it, saves and deletes it; the inbox shows
 * the first-response clock. Screenshots go to {@code target/screenshots/} (or {@code
 * -Dparley.screenshots=DIR}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class RoutingSettingsBrowserTest {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired Ingestion ingestion;
  @Autowired Clock clock;
  @Autowired io.parley.conversations.Conversations conversations;

  @Test
  void testSaveAndDeleteARuleAndSeeTheClockInTheInbox() {
    Path dir = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
    var ws = firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    ChannelAccount x =
        accounts.add(
            ws.id(), Network.X, "northwind", "Northwind", "nw", "http://127.0.0.1:1", Map.of());
    var now = clock.instant();
    ingestion.ingest(
        x,
        List.of(
            item(
                "r1",
                "I want a refund, the stove <b>leaks</b>",
                now.minus(Duration.ofMinutes(200))),
            item("r2", "Loving the new backpack!", now.minus(Duration.ofMinutes(10)))));

    try (Browser browser = Browser.open("http://localhost:" + port, 1366, 1300)) {
      browser.go("/login");
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find("#password").submit();
      browser.waitForText(".list-header h1", "Open", 10);
      WebElement overdue = browser.waitForText(".sla-warning", "left", 10);
      // 4 h default target, 200 min waited (the real clock moves on while the page loads)
      assertThat(overdue.getText()).matches("(39|40)m left");
      assertThat(browser.find(".sla-running").getText()).matches("3h (49|50)m left");
      browser.screenshot(dir.resolve("routing-0-inbox.png"));

      browser.go("/settings/routing");
      browser.waitForText(".page-header h1", "Routing rules", 10);
      assertThat(browser.findAll(".rules tbody tr")).hasSize(1);
      assertThat(browser.find(".rules tbody tr").getText()).contains("Complaint fast lane");

      browser.find("#name").sendKeys("Refunds");
      browser.find("#keywords").sendKeys("refund, money back");
      browser.find("#tag").sendKeys("billing");
      browser.find("#test-rule").click();
      browser.waitForText("#test-result h2", "Would have matched 1 of the last 2", 10);
      assertThat(browser.find(".matches li bdi").getText())
          .isEqualTo("I want a refund, the stove <b>leaks</b>");
      assertThat(browser.findAll(".rules tbody tr")).as("testing saves nothing").hasSize(1);
      browser.screenshot(dir.resolve("routing-1-tested.png"));

      browser.find("#save-rule").click();
      browser.waitForText("#rule-saved", "Refunds", 10);
      assertThat(browser.findAll(".rules tbody tr")).hasSize(2);
      assertThat(browser.findAll(".rules tbody tr").get(1).getText())
          .contains("text contains refund, money back", "tag billing");
      browser.screenshot(dir.resolve("routing-2-saved.png"));

      browser.find("#regex").sendKeys("(unclosed");
      browser.find("#name").sendKeys("Broken");
      browser.find("#tag").sendKeys("x");
      browser.find("#test-rule").click();
      browser.waitForText("#rule-error", "Invalid regular expression", 10);
      assertThat(browser.find("#regex").getDomProperty("value")).isEqualTo("(unclosed");
      browser.screenshot(dir.resolve("routing-3-error.png"));

      browser
          .findAll(".rules tbody tr")
          .get(1)
          .findElement(org.openqa.selenium.By.cssSelector("button"))
          .click();
      browser.waitForText("#rule-deleted", "deleted", 10);
      assertThat(browser.findAll(".rules tbody tr")).hasSize(1);

      // A rule that suggests the built-in apology: the reply box offers it, filled in.
      browser.find("#name").sendKeys("Stove trouble");
      browser.find("#keywords").sendKeys("stove");
      new org.openqa.selenium.support.ui.Select(browser.find("#suggestedReply"))
          .selectByVisibleText("Apology and next step");
      browser.find("#save-rule").click();
      browser.waitForText("#rule-saved", "Stove trouble", 10);
      assertThat(browser.findAll(".rules tbody tr").get(1).getText())
          .contains("suggest “Apology and next step”");
      ingestion.ingest(x, List.of(item("r3", "my stove leaks again", clock.instant())));
      long stove =
          conversations.findMessage(ws.id(), Network.X, "r3").orElseThrow().conversationId();
      browser.go("/conversations/" + stove);
      browser.waitForText("#suggested-reply strong", "Apology and next step", 10);
      assertThat(browser.find("#thread-messages").getText())
          .as("the suggestion loads beside the thread, not over it")
          .contains("my stove leaks again");
      browser.find("[data-use-suggestion]").click();
      assertThat(browser.find("#reply-form textarea").getDomProperty("value"))
          .startsWith("Hi User r3, I'm sorry about this")
          .endsWith("Admin");
      browser.screenshot(dir.resolve("routing-4-suggestion.png"));
    }
  }

  static InboundItem item(String id, String text, java.time.Instant at) {
    return new InboundItem(
        id,
        InboundItem.Change.CREATED,
        InboundItem.Kind.MENTION,
        null,
        null,
        new InboundItem.Author("a-" + id, "user" + id, "User " + id, 120),
        false,
        text,
        null,
        at,
        null,
        "{}");
  }
}
