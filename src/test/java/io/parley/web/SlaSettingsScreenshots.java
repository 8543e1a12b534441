package io.parley.web;

import io.parley.accounts.FirstRun;
import io.parley.testing.Browser;
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
 * Not a check but a look at the SLA targets page: a saved target and business hours, then a refused
 * duration. Runs only when asked: {@code ./mvnw test -Dtest=SlaSettingsScreenshots
 * -Dparley.screenshots=/tmp/parley-shots}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
class SlaSettingsScreenshots {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired io.parley.testing.Fixtures fixtures;
  @Autowired io.parley.accounts.Users users;
  @Autowired io.parley.ingestion.Ingestion ingestion;
  @Autowired io.parley.conversations.Conversations conversations;
  @Autowired io.parley.routing.RoutingRules rules;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @Test
  void takeScreenshots() {
    Path dir = Path.of(System.getProperty("parley.screenshots"));
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    try (Browser browser = Browser.open("http://localhost:" + port, 1366, 1300)) {
      browser.go("/login");
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find("#password").submit();
      browser.waitForText(".list-header h1", "Open", 10);
      browser.go("/settings/sla");
      browser.waitForText(".page-header h1", "SLA targets", 10);
      browser.screenshot(dir.resolve("sla-1-empty.png"));
      browser.find("#firstResponse").sendKeys("45m");
      browser.find("#nextResponse").sendKeys("30m");
      browser.find("#resolution").sendKeys("1d");
      browser.find("#save-target").click();
      browser.waitForText("#sla-saved", "Target saved", 10);
      browser.find("#hours").sendKeys("Europe/Berlin MON-FRI 09:00-18:00");
      browser.find("#holidays").sendKeys("2026-12-24, 2026-12-25, 2026-12-31");
      browser.find("#save-hours").click();
      browser.waitForText("#sla-saved", "Business hours saved", 10);
      browser.screenshot(dir.resolve("sla-2-saved.png"));
      browser.find("#firstResponse").sendKeys("soon");
      browser.find("#save-target").click();
      browser.waitForText("#target-error", "write a duration", 10);
      browser.screenshot(dir.resolve("sla-3-error.png"));

      // A few answered and unanswered conversations for the report and a routing suggestion.
      var admin = users.byEmail(login.email()).orElseThrow();
      var ws = fixtures.workspaceById(admin.workspaceId());
      var x = fixtures.channel(ws, io.parley.shared.Network.X);
      var now = java.time.Instant.now();
      long apology = rules.list(ws.id()).getFirst().actions().suggestedReplyId();
      rules.add(
          ws.id(),
          new io.parley.routing.RuleDraft(
              "Broken on arrival",
              new io.parley.routing.RuleConditions(
                  null, null, null, null, null, null, null, "broken", null, null, null, null),
              new io.parley.routing.RuleActions(
                  null, null, null, "damaged", false, false, apology, null)));
      String[] texts = {
        "where is my order #1182?",
        "do you ship to Norway?",
        "my parcel arrived broken",
        "is the blue jacket back?",
        "refund still not here after 3 weeks"
      };
      for (int i = 0; i < texts.length; i++) {
        String id = "shot-" + i + "-" + now.toEpochMilli();
        ingestion.ingest(
            x,
            java.util.List.of(
                io.parley.testing.Fixtures.item(
                    id, null, texts[i], now.minus(java.time.Duration.ofMinutes(20L + 35L * i)))));
        if (i % 2 == 0) {
          long c =
              conversations.findMessage(ws.id(), x.network(), id).orElseThrow().conversationId();
          conversations.queueReply(ws.id(), c, admin.id(), "On it!");
        }
      }
      browser.go("/reports/sla");
      browser.waitForText(".page-header h1", "SLA report", 10);
      browser.screenshot(dir.resolve("sla-4-report.png"));
      browser.go("/settings/routing");
      browser.waitForText(".page-header h1", "Routing rules", 10);
      browser.screenshot(dir.resolve("sla-5-routing.png"));

      // The suggested apology and the "Correct labels" form on the broken-parcel thread.
      var broken =
          conversations
              .findMessage(ws.id(), x.network(), "shot-2-" + now.toEpochMilli())
              .orElseThrow();
      jdbc.sql(
              "insert into message_triage (message_id, workspace_id, conversation_id, language,"
                  + " language_confidence, sentiment, sentiment_score, lexicon_compound, intents,"
                  + " complaint_score, question_score, praise_score, purchase_intent_score,"
                  + " spam_score, urgency, triaged_at) values (?, ?, ?, 'en', 1, 'negative', 0.9,"
                  + " -0.5, 'complaint', 0.9, 0, 0, 0, 0, 55, ?)")
          .params(broken.id(), ws.id(), broken.conversationId(), java.sql.Timestamp.from(now))
          .update();
      browser.go("/conversations/" + broken.conversationId());
      browser.waitForText("#suggested-reply strong", "Apology", 10);
      browser.screenshot(dir.resolve("sla-6-thread-suggestion.png"));
      browser.find(".triage-fix summary").click();
      browser.screenshot(dir.resolve("sla-7-correct-labels.png"));
    }
  }
}
