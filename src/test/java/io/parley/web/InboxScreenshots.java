package io.parley.web;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.ingestion.Ingestion;
import io.parley.outbox.ReplyDispatcher;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Not a check but a look: fills a workspace with varied conversations and saves screenshots of the
 * login page, the inbox, an open thread and the account page. Runs only when asked: {@code ./mvnw
 * test -Dtest=InboxScreenshots -Dparley.screenshots=/tmp/parley-shots}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
@Import(InboxBrowserTest.XNetwork.class)
class InboxScreenshots {

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired ChannelAccounts accounts;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired Users users;
  @Autowired io.parley.accounts.Teams teams;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @Autowired io.parley.contacts.ContactProfiles profiles;
  @Autowired io.parley.conversations.SavedViews savedViews;

  @Test
  void takeScreenshots() {
    Path dir = Path.of(System.getProperty("parley.screenshots"));
    Workspace ws = firstRun.ensureWorkspace();
    long admin = users.inWorkspace(ws.id()).getFirst().id();
    ChannelAccount x = account(ws, Network.X, "northwind");
    ChannelAccount mastodon = account(ws, Network.MASTODON, "northwind@outdoors.social");
    ChannelAccount bluesky = account(ws, Network.BLUESKY, "northwind.bsky.social");
    Instant now = Instant.now();

    in(
        x,
        "m1",
        null,
        InboundItem.Kind.MENTION,
        "mira",
        "Mira Kowalski",
        "@northwind my tent pole snapped on the first night 😞 Is this covered by the warranty?",
        now.minus(47, ChronoUnit.MINUTES));
    in(
        x,
        "m2",
        "m1",
        InboundItem.Kind.REPLY,
        "mira",
        "Mira Kowalski",
        "Order NW-20931, the Ridgeline 2P. Photos attached.",
        now.minus(45, ChronoUnit.MINUTES));
    ingestion.ingest(
        x,
        List.of(
            item(
                "m2",
                "m1",
                InboundItem.Kind.REPLY,
                "mira",
                "Mira Kowalski",
                "Order NW-20931, the Ridgeline 2P tent. Photos in the next post.",
                now.minus(45, ChronoUnit.MINUTES),
                InboundItem.Change.EDITED,
                now.minus(44, ChronoUnit.MINUTES))));
    in(
        mastodon,
        "t1",
        null,
        InboundItem.Kind.MENTION,
        "jose",
        "José Álvarez",
        "Hola @northwind! Long-time customer here. I have been using your Alpine jacket for three"
            + " winters now and the zipper finally gave up.\n\nDo you offer repairs, or should I"
            + " send it somewhere local? I'd much rather repair than replace.\n\nThanks 🙏",
        now.minus(12, ChronoUnit.MINUTES));
    in(
        bluesky,
        "b1",
        null,
        InboundItem.Kind.MENTION,
        "taro",
        "山田 太郎",
        "@northwind.bsky.social 新しいハイキングブーツ最高です！🥾✨ Will you ship to Japan?",
        now.minus(3, ChronoUnit.MINUTES));
    in(
        x,
        "d1",
        null,
        InboundItem.Kind.DIRECT_MESSAGE,
        "priya",
        "Priya Raman",
        "Hi, I was charged twice for my last order (NW-20877). Could you refund one of them?",
        now.minus(2, ChronoUnit.HOURS));
    in(
        mastodon,
        "r1",
        null,
        InboundItem.Kind.MENTION,
        "layla",
        "ليلى حسن",
        "مرحبا! هل لديكم متجر في دبي؟",
        now.minus(26, ChronoUnit.HOURS));
    in(
        x,
        "k1",
        null,
        InboundItem.Kind.MENTION,
        "kev",
        "Kevin O'Brien",
        "@northwind worst customer service ever, nobody answers",
        now.minus(3, ChronoUnit.DAYS));
    ingestion.ingest(
        x,
        List.of(
            item(
                "k1",
                null,
                InboundItem.Kind.MENTION,
                "kev",
                "Kevin O'Brien",
                "",
                now.minus(3, ChronoUnit.DAYS),
                InboundItem.Change.DELETED,
                now.minus(2, ChronoUnit.DAYS))));
    in(
        bluesky,
        "c1",
        null,
        InboundItem.Kind.COMMENT,
        "sam",
        "Sam Lee",
        "Love the new trail-runner colours 🔥",
        now.minus(5, ChronoUnit.DAYS));

    Conversation mira = byPreview(ws, "Photos");
    conversations.queueReply(
        ws.id(),
        mira.id(),
        admin,
        "Hi Mira, so sorry about that! The Ridgeline is covered for 2 years. I've sent a"
            + " replacement pole set to the address on NW-20931 — it should arrive Thursday.");
    dispatcher.dispatchDue();
    conversations.addNote(
        ws.id(),
        mira.id(),
        admin,
        "Checked with the warehouse: pole batch 24-07 had a defect. Watch for more of these.");
    conversations.queueReply(ws.id(), mira.id(), admin, "Let us know if anything else is off!");
    conversations.assign(ws.id(), mira.id(), admin);
    Conversation priya = byPreview(ws, "charged twice");
    conversations.setStatus(ws.id(), priya.id(), ConversationStatus.PENDING);
    conversations.setStatus(ws.id(), priya.id(), ConversationStatus.OPEN);
    conversations.setPriority(ws.id(), priya.id(), io.parley.conversations.Priority.HIGH);
    conversations.tag(ws.id(), priya.id(), "billing");
    var support =
        teams.inWorkspace(ws.id()).stream().filter(t -> t.name().equals("Support")).findFirst();
    support.ifPresent(t -> conversations.handOver(ws.id(), priya.id(), t.id()));
    support.ifPresent(t -> teams.grant(ws.id(), t.id(), x.id()));
    // a rule flagged Priya's conversation: an agent's reply waits for approval
    jdbc.sql("update conversations set approval_required = true where id = ?")
        .param(priya.id())
        .update();
    long agent = users.create(ws.id(), "ada@northwind.example", "Ada Agent", "x", Role.AGENT).id();
    conversations.holdReplyForApproval(
        ws.id(),
        priya.id(),
        agent,
        "So sorry Priya! I've refunded the second charge, you'll see it in 3-5 days.");
    profiles.addNote(
        ws.id(), mira.contactId(), admin, "Long-time customer, camps every summer. Prefers DMs.");
    profiles.addTag(ws.id(), mira.contactId(), "loyal");
    savedViews.save(ws.id(), admin, "Billing", "status=open&assigned=all&tag=billing");

    var login = firstRun.login().orElseThrow();
    try (Browser browser = Browser.open("http://localhost:" + port, 1366, 850)) {
      browser.go("/login");
      browser.screenshot(dir.resolve("1-login.png"));
      browser.find("#email").sendKeys(login.email());
      browser.find("#password").sendKeys(login.password());
      browser.find("button[type=submit]").click();
      browser.waitForText(".conv", "Mira", 10);
      browser.screenshot(dir.resolve("2-inbox.png"));
      browser.waitForText(".conv", "Mira", 10).click();
      browser.waitForText(".thread-header h2", "Mira", 10);
      browser.waitForText(".msg-out", "anything else", 10);
      browser.screenshot(dir.resolve("3-thread.png"));
      browser.go("/inbox?status=all");
      browser.waitForText(".conv", "Kevin", 10).click();
      browser.waitForText(".thread-header h2", "Kevin", 10);
      browser.find(".marker").click();
      browser.waitForText(".revisions", "worst", 10);
      browser.screenshot(dir.resolve("4-deleted.png"));
      browser.go("/inbox?status=all");
      browser.waitForText(".conv", "Mira", 10).click();
      var textarea =
          browser.waitUntil(
              10, d -> d.findElement(org.openqa.selenium.By.cssSelector(".reply-form textarea")));
      textarea.sendKeys("x".repeat(290));
      browser.find(".reply-form button[type=submit]").click();
      browser.waitForText("#reply-error", "at most 280", 10);
      browser.screenshot(dir.resolve("5-too-long.png"));
      browser.find(".sidebar .me-link").click();
      browser.waitForText(".page-header h1", "Your account", 10);
      browser.screenshot(dir.resolve("6-account.png"));
      browser.find("#current").sendKeys(login.password());
      browser.find("#next").sendKeys("correct horse battery");
      browser.find("#repeat").sendKeys("correct horse battery staple");
      browser.find("#password-form button[type=submit]").click();
      browser.waitForText("#repeat-error", "do not match", 10);
      browser.screenshot(dir.resolve("7-account-refused.png"));
      // Team inbox: views, thread actions, bulk selection, shortcuts, settings pages.
      browser.go("/inbox");
      browser.waitForText(".conv", "Priya", 10).click();
      browser.waitForText(".thread-header h2", "Priya", 10);
      browser.find("#thread-header details.menu summary").click();
      browser.screenshot(dir.resolve("8-thread-menu.png"));
      browser.go("/inbox");
      browser.waitForText(".conv", "Mira", 10);
      browser.findAll(".conv-select").get(0).click();
      browser.findAll(".conv-select").get(1).click();
      browser.waitForText(".bulk-bar", "2 selected", 5);
      browser.screenshot(dir.resolve("9-bulk.png"));
      browser.find("body").sendKeys("?");
      browser.waitUntil(5, d -> browser.find("#shortcut-help").isDisplayed());
      browser.screenshot(dir.resolve("10-shortcuts.png"));
      browser.go("/admin/people");
      browser.find("#invite-email").sendKeys("nia@northwind.example");
      browser.find("#invite-name").sendKeys("Nia Okafor");
      browser.findAll("#invite-form input[name=teams]").get(0).click();
      browser.find("#invite-form button[type=submit]").click();
      browser.waitForText("#invite-created", "nia@northwind.example", 10);
      String link = browser.find("#invite-link").getDomProperty("value");
      browser.screenshot(dir.resolve("11-people.png"));
      browser.go("/admin/teams");
      browser.screenshot(dir.resolve("12-teams.png"));
      browser.go("/saved-replies");
      browser.find("#saved-title").sendKeys("Warranty covered");
      browser.find("#saved-body").sendKeys("Hi {{contact.name}}, {{agent.first_name}} here.");
      browser.find("#saved-reply-form button[type=submit]").click();
      browser.waitForText("#saved-replies", "Warranty covered", 10);
      browser.screenshot(dir.resolve("15-saved-replies.png"));
      browser.go("/inbox?approval=1");
      browser.waitForText(".conv", "Priya", 10).click();
      browser.waitForText(".msg-out", "refunded the second charge", 10);
      browser.find(".approval-edit summary").click();
      browser.screenshot(dir.resolve("16-approval.png"));
      browser.go("/inbox?status=open&assigned=all&tag=billing");
      browser.waitForText(".conv", "Priya", 10);
      browser.find(".save-view summary").click();
      browser.find("#filter-sentiment").click();
      browser.screenshot(dir.resolve("17-saved-view.png"));
      browser.go("/admin/audit");
      browser.screenshot(dir.resolve("13-audit.png"));
      browser.driver().manage().deleteAllCookies();
      browser.driver().get(link);
      browser.waitForText("h1", "Join", 10);
      browser.screenshot(dir.resolve("14-invite.png"));
      System.out.println("Console: " + browser.consoleErrors());
    }
  }

  private ChannelAccount account(Workspace ws, Network network, String handle) {
    return accounts.add(
        ws.id(), network, handle, "Northwind", handle, "http://127.0.0.1:1", Map.of());
  }

  private Conversation byPreview(Workspace ws, String text) {
    return conversations
        .list(new InboxFilter(ws.id(), null, null, InboxFilter.Assignment.ALL, 0, text, 50))
        .getFirst();
  }

  private void in(
      ChannelAccount account,
      String id,
      String parent,
      InboundItem.Kind kind,
      String handle,
      String name,
      String text,
      Instant at) {
    ingestion.ingest(
        account,
        List.of(item(id, parent, kind, handle, name, text, at, InboundItem.Change.CREATED, null)));
  }

  private static InboundItem item(
      String id,
      String parent,
      InboundItem.Kind kind,
      String handle,
      String name,
      String text,
      Instant at,
      InboundItem.Change change,
      Instant changedAt) {
    return new InboundItem(
        id,
        change,
        kind,
        parent,
        kind == InboundItem.Kind.DIRECT_MESSAGE ? "dm-" + handle : null,
        new InboundItem.Author("id-" + handle, handle, name, 100),
        false,
        text,
        null,
        at,
        changedAt,
        "{}");
  }
}
