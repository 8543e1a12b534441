package io.parley.web;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.listening.ListeningQueries;
import io.parley.listening.Opportunities;
import io.parley.listening.Opportunity;
import io.parley.listening.OpportunityStatus;
import io.parley.listening.PostSignals;
import io.parley.listening.StoredQuery;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Not a check but a look at the Listening pages: queries with two weeks of matches, won values, a
 * paused query and one without matches; the editor's live test and a syntax error; a feed with
 * every status, an etiquette-guard refusal and an empty feed. Runs only when asked: {@code ./mvnw
 * test -Dtest=ListeningScreenshots -Dparley.screenshots=/tmp/parley-shots}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class ListeningScreenshots {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired ListeningQueries queries;
  @Autowired Opportunities opportunities;
  @Autowired Users users;
  @Autowired JdbcClient jdbc;

  private ChannelAccount account;

  @Test
  void takeScreenshots() {
    Path dir = Path.of(System.getProperty("parley.screenshots"));
    var ws = firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    long w = ws.id();
    long me = users.byEmail(login.email()).orElseThrow().id();
    account =
        accounts.add(w, Network.X, "northwind", "Northwind", "nw", "http://127.0.0.1:1", Map.of());

    StoredQuery weddings =
        queries.create(w, "Wedding outfits", "(dress OR gown OR suit) NEAR/4 wedding", me);
    StoredQuery shoes =
        queries.create(w, "Running shoes", "\"running shoes\" OR (trail NEAR/2 shoes*)", me);
    StoredQuery brandx =
        queries.create(
            w,
            "BrandX complaints",
            "(brandx OR @brandx) (refund OR broken OR \"never again\")",
            me);
    queries.create(w, "Tents", "tent* -giveaway", me);
    queries.setEnabled(w, brandx.id(), false);

    String[] weddingPosts = {
      "anyone know where to get a dress for a wedding? budget is tight",
      "need a suit for my brother's wedding in June, any tips?",
      "what colour dress for an autumn wedding?",
      "my wedding gown arrived and it's perfect",
      "<script>alert('x')</script> cheap dress for wedding click here",
      "looking for a linen suit, beach wedding next month",
      "bridesmaid dress ideas for a winter wedding?",
    };
    for (int i = 0; i < weddingPosts.length; i++) {
      record(weddings, "guest_" + i, weddingPosts[i], Duration.ofHours(3 + i * 5), 13 - i * 2);
    }
    String[] shoePosts = {
      "need new running shoes for a half marathon",
      "trail shoes that survive scottish mud?",
      "which running shoes for flat feet?",
    };
    for (int i = 0; i < shoePosts.length; i++) {
      record(shoes, "runner_" + i, shoePosts[i], Duration.ofHours(1 + i), 6 - i * 3);
    }
    record(
        brandx,
        "angry_al",
        "BrandX still no refund after 6 weeks. never again",
        Duration.ofHours(30),
        9);
    // an old post: the etiquette guard will refuse a reply to it
    Opportunity old =
        record(
            weddings,
            "late_lou",
            "which dress for a wedding in the rain?",
            Duration.ofHours(80),
            3);

    var feed = opportunities.forQuery(w, weddings.id(), null);
    long a = feed.get(0).id();
    long b = feed.get(1).id();
    long c = feed.get(2).id();
    long d = feed.get(3).id();
    opportunities.changeStatus(w, a, OpportunityStatus.ENGAGED, null);
    opportunities.assign(w, a, me);
    opportunities.setNotes(w, a, "Asked for her size; sent the lookbook link by DM.");
    opportunities.changeStatus(w, b, OpportunityStatus.ENGAGED, null);
    opportunities.changeStatus(w, b, OpportunityStatus.WON, new BigDecimal("189.00"));
    opportunities.changeStatus(w, c, OpportunityStatus.IGNORED, null);
    opportunities.changeStatus(w, d, OpportunityStatus.LOST, null);
    long s = opportunities.forQuery(w, shoes.id(), null).getFirst().id();
    opportunities.changeStatus(w, s, OpportunityStatus.ENGAGED, null);
    opportunities.changeStatus(w, s, OpportunityStatus.WON, new BigDecimal("1249.90"));

    try (Browser browser = Browser.open("http://localhost:" + port, 1366, 1100)) {
      browser.go("/login");
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find("#password").submit();
      browser.waitForText(".list-header h1", "Open", 10);
      browser.screenshot(dir.resolve("listening-0-inbox-nav.png"));

      browser.go("/listening");
      browser.screenshot(dir.resolve("listening-1-queries.png"));

      browser.go("/listening?edit=" + weddings.id());
      browser.find("#query-text").sendKeys(" -cheap");
      browser.waitForText("#trial-summary", "Matches", 10);
      browser.js("document.getElementById('editor').scrollIntoView()");
      browser.screenshot(dir.resolve("listening-2-editor-live-test.png"));

      browser.find("#query-text").sendKeys(" NEAR wedding");
      browser.waitForText("#syntax-error", "NEAR", 10);
      browser.screenshot(dir.resolve("listening-3-editor-syntax-error.png"));

      browser.go("/listening/queries/" + weddings.id());
      browser.screenshot(dir.resolve("listening-4-feed.png"));

      browser
          .find("#opportunity-" + old.id() + " textarea[name=text]")
          .sendKeys("Try our Raincoat dress, 20% off with code RAIN!");
      browser.find("#opportunity-" + old.id()).findElement(By.cssSelector(".btn-primary")).click();
      browser.waitForText(".guard-refusal", "Not sent", 10);
      browser.js("document.querySelector('.guard-refusal').scrollIntoView({block: 'center'})");
      browser.screenshot(dir.resolve("listening-5-guard-refusal.png"));

      browser.go("/listening/queries/" + weddings.id() + "?status=won");
      browser.screenshot(dir.resolve("listening-6-feed-won.png"));

      browser.go(
          "/listening/queries/"
              + queries.inWorkspace(w).stream()
                  .filter(q -> q.name().equals("Tents"))
                  .findFirst()
                  .orElseThrow()
                  .id());
      browser.screenshot(dir.resolve("listening-7-empty-feed.png"));
    }
  }

  /** An opportunity for {@code q}, posted {@code age} ago and matched {@code daysAgo} days ago. */
  private Opportunity record(StoredQuery q, String handle, String text, Duration age, int daysAgo) {
    Instant at = Instant.now().minus(age);
    Opportunity o =
        opportunities
            .record(
                account,
                q.id(),
                new InboundItem(
                    "pub-" + UUID.randomUUID(),
                    InboundItem.Change.CREATED,
                    InboundItem.Kind.MENTION,
                    null,
                    null,
                    new InboundItem.Author(
                        "a-" + handle, handle, handle.replace('_', ' '), 40 + text.length() * 37),
                    false,
                    text,
                    null,
                    at,
                    null,
                    "{}"),
                PostSignals.NONE)
            .orElseThrow();
    // spread the matches over the two weeks, as if they had come in day by day
    jdbc.sql("update opportunities set created_at = ? where id = ?")
        .params(Timestamp.from(Instant.now().minus(Duration.ofDays(Math.max(0, daysAgo)))), o.id())
        .update();
    return o;
  }
}
