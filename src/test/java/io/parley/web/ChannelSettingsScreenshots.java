package io.parley.web;

import io.parley.accounts.FirstRun;
import io.parley.testing.Browser;
import io.parley.testing.Peers;
import io.parley.testing.TestEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Not a check but a look at the channels settings page: empty, a refused token, and connected to
 * the local Mastodon peer. Runs only when asked: {@code ./mvnw test
 * -Dtest=ChannelSettingsScreenshots -Dparley.screenshots=/tmp/parley-shots}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class ChannelSettingsScreenshots {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;

  @Test
  void takeScreenshots() {
    Path dir = Path.of(System.getProperty("parley.screenshots"));
    var env = Peers.mastodon();
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    try (Browser browser = Browser.open("http://localhost:" + port, 1366, 1100)) {
      browser.go("/login");
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find("#password").submit();
      browser.go("/settings/channels");
      browser.screenshot(dir.resolve("channels-1-empty.png"));
      browser.find("#connect-mastodon-server").clear();
      browser.find("#connect-mastodon-server").sendKeys(env.get("MASTODON_BASE_URL"));
      browser.find("#connect-mastodon-secret").sendKeys("wrong-token");
      browser.find("#connect-mastodon-secret").submit();
      browser.screenshot(dir.resolve("channels-2-refused.png"));
      browser.find("#connect-mastodon-secret").sendKeys(env.get("MASTODON_BRAND_TOKEN"));
      browser.find("#connect-mastodon-secret").submit();
      browser.screenshot(dir.resolve("channels-3-connected.png"));
      // signing in on the server: Parley's link, the server's own login form, and back
      browser.find("#connect-mastodon-sign-in-server").clear();
      browser.find("#connect-mastodon-sign-in-server").sendKeys(env.get("MASTODON_BASE_URL"));
      browser.find("#connect-mastodon-sign-in-server").submit();
      browser.screenshot(dir.resolve("channels-4-continue.png"));
      browser.find("#sign-in-continue a").click();
      browser.find("input[name=login]").sendKeys("brand");
      browser.find("input[name=passwd]").sendKeys(env.get("MASTODON_BRAND_PASSWORD"));
      browser.find("input[name=passwd]").submit();
      browser.waitForText("#channel-connected", "Connected as @brand", 15);
      browser.screenshot(dir.resolve("channels-5-signed-in.png"));
    }
  }
}
