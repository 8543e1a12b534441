package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.ApiTokens;
import io.parley.accounts.FirstRun;
import io.parley.accounts.Users;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Not a check but a look: the account page with its API tokens, right after creating one (the copy
 * box) and after a reload (gone). Runs only when asked: {@code ./mvnw test
 * -Dtest=AccountScreenshots -Dparley.screenshots=/tmp/parley-shots}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class AccountScreenshots {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired Users users;
  @Autowired ApiTokens tokens;

  @Test
  void takeScreenshots() {
    Path dir = Path.of(System.getProperty("parley.screenshots"));
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    long admin = users.byEmail(login.email()).orElseThrow().id();
    // A used token, a revoked one and one that never expires, so every state shows.
    String used =
        tokens.create(admin, "Zapier: new mentions to Slack", Duration.ofDays(90)).plaintext();
    tokens.authenticate(used);
    var old = tokens.create(admin, "Old laptop", Duration.ofDays(30));
    tokens.revoke(admin, old.token().id());
    tokens.create(admin, "Weekly report (cron)", null);

    try (Browser browser = Browser.open("http://localhost:" + port, 1280, 1500)) {
      browser.go("/login");
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find(".login-form button[type=submit]").click();
      browser.waitForText(".list-header h1", "Open", 10);

      browser.go("/account");
      browser.find("#token-name").sendKeys("Nightly export");
      browser.find("#token-form button[type=submit]").click();
      browser.waitForText("#token-created", "Nightly export", 10);
      String token = browser.find("#new-token").getDomProperty("value");
      assertThat(token).startsWith("pat_");
      browser.js("document.getElementById('api-tokens').scrollIntoView()");
      browser.screenshot(dir.resolve("account-token-created.png"));

      browser.go("/account");
      browser.waitForText("#token-list", "Nightly export", 10);
      assertThat(browser.driver().getPageSource()).doesNotContain(token);
      browser.js("document.getElementById('api-tokens').scrollIntoView()");
      browser.screenshot(dir.resolve("account-tokens.png"));

      browser.go("/admin/people");
      browser.waitForText("#workspace-tokens", "Nightly export", 10);
      browser.js("document.getElementById('api-tokens').scrollIntoView()");
      browser.screenshot(dir.resolve("people-tokens.png"));

      // No mail server here: the email choices say so, and an invitation gives a link.
      browser.go("/account");
      browser.js("document.getElementById('email-notifications').scrollIntoView()");
      browser.screenshot(dir.resolve("account-email.png"));
      browser.go("/admin/people");
      browser.find("#invite-email").sendKeys("nia@example.com");
      browser.find("#invite-name").sendKeys("Nia New");
      browser.find("#invite-form button[type=submit]").click();
      browser.waitForText("#invite-created", "nia@example.com", 10);
      browser.screenshot(dir.resolve("people-invite.png"));
      browser.js("document.getElementById('invitations').scrollIntoView()");
      browser.screenshot(dir.resolve("people-invitations.png"));
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }
}
