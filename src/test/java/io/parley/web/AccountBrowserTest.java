package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * In headless Chromium: sign in with the generated first-run login, open "Your account" from the
 * left column, choose a new password, sign out and back in with it. Has its own application context
 * (it retires the first-run login the other browser tests sign in with).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class AccountBrowserTest {

  static final String NEW_PASSWORD = "tents and teapots 1984";

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;

  @Test
  void changeTheGeneratedPasswordThenSignInWithTheNewOne() {
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    try (Browser browser = Browser.open("http://localhost:" + port)) {
      signIn(browser, login.email(), login.password());
      browser.waitForText(".list-header h1", "Open", 10);

      browser.find(".sidebar .me-link").click();
      browser.waitForText(".page-header h1", "Your account", 10);
      assertThat(browser.find("#account-email").getText()).isEqualTo(login.email());
      assertThat(browser.find("#account-name").getText()).isEqualTo("Admin");
      assertThat(browser.find("#account-role").getText()).isEqualTo("Admin");
      assertThat(browser.find("#account-workspace").getText()).isEqualTo("Northwind Outfitters");
      assertThat(browser.find("#generated-password").getText()).contains("generated");

      // A typo in the repeat field: the reason shows next to it and nothing changes.
      browser.find("#current").sendKeys(login.password());
      browser.find("#next").sendKeys(NEW_PASSWORD);
      browser.find("#repeat").sendKeys(NEW_PASSWORD + "s");
      browser.find("#password-form button[type=submit]").click();
      browser.waitForText("#repeat-error", "do not match", 10);
      assertThat(login.file()).exists();
      // The refusal is a 422, which Chromium reports on the console; nothing else may be there.
      assertThat(browser.consoleErrors())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("/account/password", "422");
      assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id"))
          .isEqualTo("current");

      browser.find("#current").sendKeys(login.password());
      browser.find("#next").sendKeys(NEW_PASSWORD);
      browser.find("#repeat").sendKeys(NEW_PASSWORD);
      browser.find("#password-form button[type=submit]").click();
      browser.waitForText("#password-changed", "Your password is changed", 10);
      assertThat(browser.driver().getCurrentUrl()).endsWith("/account");
      assertThat(browser.findAll("#generated-password")).isEmpty();
      assertThat(login.file()).doesNotExist();

      // Still signed in: the inbox opens without a detour to the login page.
      browser.find(".back-link").click();
      browser.waitForText(".list-header h1", "Open", 10);

      browser.find(".me form button[type=submit]").click();
      browser.waitForText(".alert-info", "signed out", 10);
      signIn(browser, login.email(), login.password());
      browser.waitForText(".alert-error", "do not match", 10);
      signIn(browser, login.email(), NEW_PASSWORD);
      browser.waitForText(".list-header h1", "Open", 10);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  private static void signIn(Browser browser, String email, String password) {
    if (!browser.driver().getCurrentUrl().contains("/login")) {
      browser.go("/login");
    }
    browser.find("#email").clear();
    browser.find("#email").sendKeys(email);
    browser.find("#password").sendKeys(password);
    browser.find(".login-form button[type=submit]").click();
  }
}
