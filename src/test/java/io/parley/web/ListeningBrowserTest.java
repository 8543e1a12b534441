package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccounts;
import io.parley.listening.ListeningPipeline;
import io.parley.sandbox.SandboxApi;
import io.parley.sandbox.SandboxNetwork;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * In headless Chromium, against the sandbox's public timeline: a manager types a query and sees the
 * recent posts it matches with the words marked (a hostile post stays text), saves it, opens its
 * feed once a new post matched, and marks the opportunity won with a value that shows in the
 * query's numbers. Screenshots go to {@code target/screenshots/} (or {@code
 * -Dparley.screenshots=DIR}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class ListeningBrowserTest {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired Users users;
  @Autowired PasswordEncoder passwords;
  @Autowired ChannelAccounts accounts;
  @Autowired ListeningPipeline pipeline;

  @Test
  void aManagerWritesAQueryWithALiveTestOpensTheFeedAndMarksAnOpportunityWon() {
    Path dir = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
    var ws = firstRun.ensureWorkspace();
    String email = "mia-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    users.create(
        ws.id(), email, "Mia Manager", passwords.encode("manager password 1"), Role.MANAGER);
    try (SandboxNetwork network = SandboxNetwork.start(SandboxNetwork.Options.forTests());
        Browser browser = Browser.open("http://localhost:" + port, 1366, 1200)) {
      SandboxApi api = new SandboxApi(network.url());
      accounts.add(
          ws.id(),
          Network.SANDBOX,
          "northwind",
          "Northwind Outfitters",
          null,
          network.url().toString(),
          Map.of("token", network.brandToken()));
      api.customerPost(
          "zofia_w", "anyone know where to get a dress for a wedding? 🙏", null, false);
      api.customerPost(
          "mallory",
          "<img src=x onerror=alert(1)> a gown for my wedding <b>please</b>",
          null,
          false);
      api.customerPost("hiker_jo", "need new running shoes", null, false);
      listen();

      browser.go("/login");
      browser.find("#email").sendKeys(email);
      browser.find("#password").sendKeys("manager password 1");
      browser.find("#password").submit();
      browser.waitForText(".list-header h1", "Open", 10);
      browser.find("#nav-listening").click();
      browser.waitForText(".page-header h1", "Listening", 10);

      browser.find("#query-name").sendKeys("Weddings");
      browser.find("#query-text").sendKeys("(dress OR gown) NEAR/4 wedding");
      browser.waitForText("#trial-summary", "Matches 2 of the last", 10);
      assertThat(browser.findAll("#trial mark"))
          .extracting(WebElement::getText)
          .contains("dress", "gown", "wedding");
      assertThat(browser.findAll("#trial .sample-text"))
          .extracting(WebElement::getText)
          .anySatisfy(
              t ->
                  assertThat(t).contains("<img src=x onerror=alert(1)>").contains("<b>please</b>"));
      assertThat(browser.findAll("#trial img, #trial .sample-text b")).isEmpty();
      browser.screenshot(dir.resolve("listening-1-live-test.png"));

      browser.find("#query-text").sendKeys(" (");
      browser.waitForText("#syntax-error", "unbalanced parenthesis", 10);
      browser.find("#query-text").sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
      browser.find("#query-text").sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
      browser.waitForText("#trial-summary", "Matches 2", 10);

      browser.find("#save-query").click();
      browser.waitForText(".alert-success", "Weddings", 10);
      api.customerPost("mei_hikes", "which dress for a beach wedding?", null, false);
      listen();

      browser.find("[data-query-id] .query-name").click();
      browser.waitForText(".page-header h1", "Weddings", 10);
      WebElement item = browser.find(".opportunity");
      assertThat(item.getText()).contains("which dress for a beach wedding?", "@mei_hikes");
      item.findElement(By.cssSelector("button[data-status=engaged]")).click();
      browser.waitForText(".alert-success", "Marked engaged", 10);
      browser.find(".won-form .value-input").sendKeys("249.50");
      browser.find(".won-form button").click();
      browser.waitForText(".alert-success", "Marked won with a value of 249.50", 10);
      assertThat(browser.find("#won-count").getText()).isEqualTo("1");
      assertThat(browser.find("#won-value").getText()).isEqualTo("249.50");
      assertThat(browser.find(".opportunity .status-badge").getText()).isEqualTo("won");
      browser.screenshot(dir.resolve("listening-2-feed-won.png"));

      browser.go("/listening");
      assertThat(browser.find("[data-query-id] .won-value").getText()).isEqualTo("249.50");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  private void listen() {
    pipeline.pollAll();
    pipeline.drain();
  }
}
