package io.parley.web;

import io.parley.accounts.FirstRun;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.Connectors;
import io.parley.ingestion.ConnectorPoller;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.Peers;
import io.parley.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Not a check but a look at the connection health page and the inbox banner: a working Mastodon and
 * Bluesky account from the local peers, one whose token was refused and one whose server is down.
 * Runs only when asked: {@code ./mvnw test -Dtest=ChannelHealthScreenshots
 * -Dparley.screenshots=/tmp/parley-shots}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class ChannelHealthScreenshots {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired Connectors connectors;
  @Autowired ConnectorPoller poller;

  @Test
  void takeScreenshots() {
    Path dir = Path.of(System.getProperty("parley.screenshots"));
    var mastodon = Peers.mastodon();
    var bluesky = Peers.bluesky();
    long ws = firstRun.ensureWorkspace().id();
    var login = firstRun.login().orElseThrow();
    var m = connectors.find(Network.MASTODON).orElseThrow();
    var good =
        accounts.add(
            ws,
            Network.MASTODON,
            "brand",
            "The Brand",
            mastodon.get("MASTODON_BRAND_ACCOUNT_ID"),
            mastodon.get("MASTODON_BASE_URL"),
            Map.of("access_token", mastodon.get("MASTODON_BRAND_TOKEN")));
    poller.poll(good, m);
    var sky =
        accounts.add(
            ws,
            Network.BLUESKY,
            "brand.test",
            "The Brand",
            bluesky.get("BSKY_BRAND_DID"),
            bluesky.get("BSKY_PDS_URL"),
            Map.of("identifier", "brand.test", "app_password", bluesky.get("BSKY_BRAND_PASSWORD")));
    poller.poll(sky, connectors.find(Network.BLUESKY).orElseThrow());
    var refused =
        accounts.add(
            ws,
            Network.MASTODON,
            "support",
            "Support",
            "support-id",
            mastodon.get("MASTODON_BASE_URL"),
            Map.of("access_token", "revoked-token"));
    poller.poll(refused, m);
    var down =
        accounts.add(
            ws,
            Network.MASTODON,
            "news",
            "News",
            "news-id",
            "http://127.0.0.1:1",
            Map.of("access_token", "whatever"));
    for (int i = 0; i < 2; i++) {
      poller.poll(down, m);
    }
    try (Browser browser = Browser.open("http://localhost:" + port, 1366, 1100)) {
      browser.go("/login");
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find("#password").submit();
      browser.go("/inbox");
      browser.screenshot(dir.resolve("health-1-inbox-banner.png"));
      browser.go("/settings/channels/health");
      browser.screenshot(dir.resolve("health-2-page.png"));
      browser.go("/settings/channels");
      browser.screenshot(dir.resolve("health-3-channels-link.png"));
    }
  }
}
