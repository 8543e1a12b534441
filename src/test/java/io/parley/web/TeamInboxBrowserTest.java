package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.FirstRun;
import io.parley.accounts.Role;
import io.parley.accounts.Team;
import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.accounts.Workspaces;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.SavedReplies;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Browser;
import io.parley.testing.TestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The team inbox in headless Chromium: invitations and first sign-in, two agents in two browsers
 * seeing each other and live messages (Server-Sent Events, no reload), the reply collision check,
 * saved replies with variables, keyboard navigation, team isolation, and hostile post text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "h2"})
@ContextConfiguration(initializers = TestEnvironment.class)
@Import(InboxBrowserTest.XNetwork.class)
class TeamInboxBrowserTest {

  static final String PASSWORD = "a quiet lake at dawn";

  @LocalServerPort int port;
  @Autowired FirstRun firstRun;
  @Autowired Workspaces workspaces;
  @Autowired Users users;
  @Autowired Teams teams;
  @Autowired PasswordEncoder passwords;
  @Autowired ChannelAccounts accounts;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired SavedReplies savedReplies;

  private final List<Browser> browsers = new ArrayList<>();

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(Browser::close);
    browsers.clear();
  }

  private Browser browser() {
    Browser b = Browser.open("http://localhost:" + port);
    browsers.add(b);
    return b;
  }

  @Test
  void anAdminInvitesSomeoneWhoSetsAPasswordAndSignsIn() {
    firstRun.ensureWorkspace();
    var login = firstRun.login().orElseThrow();
    Browser admin = browser();
    signIn(admin, login.email(), login.password());
    admin.go("/admin/people");
    String email = "nia-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
    admin.find("#invite-email").sendKeys(email);
    admin.find("#invite-name").sendKeys("Nia Okafor");
    admin.find("#invite-role").sendKeys("Agent");
    admin.findAll("#invite-form input[name=teams]").getFirst().click();
    admin.find("#invite-form button[type=submit]").click();
    admin.waitForText("#invite-created", email, 10);
    String link = admin.find("#invite-link").getDomProperty("value");
    assertThat(admin.find("#invitations").getText()).contains("Nia Okafor", "Pending");

    Browser invited = browser();
    invited.driver().get(link);
    invited.waitForText("h1", "Join", 10);
    invited.find("#password").sendKeys(PASSWORD);
    invited.find("#repeat").sendKeys(PASSWORD + " but different");
    invited.find("#invite-accept button[type=submit]").click();
    invited.waitForText("#repeat-error", "do not match", 10);
    invited.find("#password").sendKeys(PASSWORD);
    invited.find("#repeat").clear();
    invited.find("#repeat").sendKeys(PASSWORD);
    invited.find("#invite-accept button[type=submit]").click();
    invited.waitForText("#welcome", "Your account is ready", 10);
    assertThat(invited.find("#email").getDomProperty("value")).isEqualTo(email);
    invited.find("#password").sendKeys(PASSWORD);
    invited.find("button[type=submit]").click();
    invited.waitForText(".list-header h1", "Open", 10);
    assertThat(invited.find(".me-name").getText()).contains("Nia Okafor");
    // An agent has no settings for people, teams or the audit log.
    assertThat(invited.findAll("a[href='/admin/people']")).isEmpty();

    // The link worked once.
    Browser again = browser();
    again.driver().get(link);
    again.waitForText("#invite-gone", "already used", 10);
    assertThat(scriptErrors(invited)).isEmpty();
  }

  @Test
  void twoAgentsSeeEachOtherAndLiveMessagesWithoutReloading() {
    Setup s = setup();
    Conversation c = customerWrites(s.support(), "Mira Kowalski", "my tent pole snapped");
    Browser ada = browser();
    Browser ben = browser();
    signIn(ada, s.ada().email(), PASSWORD);
    signIn(ben, s.ben().email(), PASSWORD);
    open(ada, c);
    open(ben, c);

    ada.waitForText("#presence", "Ben Baker is viewing", 15);
    ben.waitForText("#presence", "Ada Agent is viewing", 15);
    ben.find(".reply-form textarea").sendKeys("Hi Mira");
    ada.waitForText("#presence", "Ben Baker is typing", 10);
    shot(ada, "team-1-presence");

    // A new message in the open thread and a new conversation: both appear at once, no reload.
    ada.js("window.__sameDocument = true;");
    customerAnswers(s.support(), c, "Order NW-20931, photos attached");
    ada.waitForText("#thread-messages", "photos attached", 10);
    ben.waitForText("#thread-messages", "photos attached", 10);
    customerWrites(s.support(), "Otto Berg", "where is my parcel");
    ada.waitForText(".conv", "Otto Berg", 10);
    assertThat(ada.findAll(".conv").getFirst().getText()).contains("Otto Berg");
    assertThat(ada.js("return window.__sameDocument === true;")).isEqualTo(true);
    // Both conversations are unread now (the open one got a new message): the count follows live.
    ada.waitUntil(10, d -> ada.find("#unread-open").getText().equals("2"));

    // Ben replies; Ada, who opened the thread before, is asked before her reply crosses his.
    ben.find(".reply-form textarea").sendKeys(", a new pole is on its way.");
    ben.find(".reply-form button[type=submit]").click();
    ben.waitForText(".msg-out", "new pole is on its way", 10);
    ada.find(".reply-form textarea").sendKeys("Hi Mira, we are on it");
    ada.find(".reply-form button[type=submit]").click();
    ada.waitForText("#reply-error", "Ben Baker replied since you opened", 10);
    shot(ada, "team-2-collision");
    assertThat(outgoing(c)).containsExactly("Hi Mira, a new pole is on its way.");
    ada.find("#reply-error button[value=yes]").click();
    ada.waitForText(".msg-out", "we are on it", 10);
    assertThat(outgoing(c))
        .containsExactly("Hi Mira, a new pole is on its way.", "Hi Mira, we are on it");

    // Ben leaves: Ada stops seeing him.
    ben.go("/inbox");
    ada.waitUntil(15, d -> !ada.find("#presence").getText().contains("Ben Baker"));
    assertThat(scriptErrors(ada)).isEmpty();
  }

  @Test
  void aSavedReplyFillsInItsVariables() {
    Setup s = setup();
    Conversation c = customerWrites(s.support(), "Mira Kowalski", "is this covered?");
    savedReplies.create(
        s.workspace().id(),
        s.supportTeam().id(),
        null,
        "Warranty covered",
        "Hi {{contact.name}}, {{agent.first_name}} here. Case #{{conversation.id}} is covered.",
        s.ada().id());
    savedReplies.create(
        s.workspace().id(), null, s.ben().id(), "Ben's private one", "Only Ben", s.ben().id());
    Browser ada = browser();
    signIn(ada, s.ada().email(), PASSWORD);
    open(ada, c);
    var box = ada.find(".reply-form textarea");
    box.sendKeys("/warr");
    ada.waitForText("#saved-popup .saved-item", "Warranty covered", 10);
    assertThat(ada.find("#saved-popup").getText()).doesNotContain("Ben's private one");
    shot(ada, "team-3-saved-replies");
    box.sendKeys(Keys.ENTER);
    String expected = "Hi Mira Kowalski, Ada here. Case #" + c.id() + " is covered.";
    ada.waitUntil(5, d -> expected.equals(box.getDomProperty("value")));
    assertThat(ada.find("#saved-popup").isDisplayed()).isFalse();
    box.sendKeys(Keys.CONTROL, Keys.ENTER);
    ada.waitForText(".msg-out", expected, 10);
  }

  @Test
  void keyboardShortcutsMoveResolveAssignAndExplainThemselves() {
    Setup s = setup();
    Conversation first = customerWrites(s.support(), "First Person", "first question");
    Conversation second = customerWrites(s.support(), "Second Person", "second question");
    Browser ada = browser();
    signIn(ada, s.ada().email(), PASSWORD);
    ada.waitForText(".conv", "Second Person", 10);
    var body = ada.find("body");
    body.sendKeys("j");
    ada.waitForText(".thread-header h2", "Second Person", 10);
    body = ada.find("body");
    body.sendKeys("j");
    ada.waitForText(".thread-header h2", "First Person", 10);
    ada.find("body").sendKeys("k");
    ada.waitForText(".thread-header h2", "Second Person", 10);
    ada.find("body").sendKeys("a");
    ada.waitForText(".thread-header", "Assigned to Ada Agent", 10);
    ada.find("body").sendKeys("r");
    assertThat(ada.driver().switchTo().activeElement().getAttribute("aria-label"))
        .isEqualTo("Reply");
    ada.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
    ada.js("document.activeElement.blur();");
    ada.find("body").sendKeys("e");
    ada.waitForText(".segmented button.is-active", "Resolved", 10);
    assertThat(status(s, second)).isEqualTo(ConversationStatus.RESOLVED);
    assertThat(status(s, first)).isEqualTo(ConversationStatus.OPEN);
    ada.find("body").sendKeys("?");
    ada.waitUntil(5, d -> ada.find("#shortcut-help").isDisplayed());
    assertThat(ada.find("#shortcut-help").getText()).contains("Next conversation", "Resolve");
    ada.find("#shortcut-help [data-help-close]").click();
    ada.waitUntil(5, d -> !ada.find("#shortcut-help").isDisplayed());
  }

  @Test
  void anAgentWithoutAccessGetsNoForeignData() {
    Setup s = setup();
    Conversation hidden = customerWrites(s.support(), "Secret Sue", "confidential support case");
    Conversation visible = customerWrites(s.sales(), "Buyer Bob", "price for 40 tents?");
    Browser sam = browser();
    signIn(sam, s.sam().email(), PASSWORD);
    sam.waitForText(".conv", "Buyer Bob", 10);
    assertThat(sam.find("#conversation-list").getText()).doesNotContain("Secret Sue");
    sam.find(".search input[type=search]").sendKeys("confidential");
    sam.waitUntil(10, d -> sam.findAll(".conv").isEmpty());
    sam.go("/conversations/" + hidden.id());
    shot(sam, "team-4-no-access");
    assertThat(sam.driver().getPageSource()).doesNotContain("confidential support case");
    sam.go("/api/v1/conversations/" + hidden.id());
    assertThat(sam.driver().getPageSource())
        .contains("404")
        .doesNotContain("confidential support case");
    sam.go("/conversations/" + visible.id());
    sam.waitForText("#thread-messages", "price for 40 tents", 10);
    // A live event about the hidden conversation does not reach Sam's page either.
    customerAnswers(s.support(), hidden, "more confidential details");
    customerAnswers(s.sales(), visible, "and 10 sleeping bags");
    sam.waitForText("#thread-messages", "10 sleeping bags", 10);
    assertThat(sam.driver().getPageSource()).doesNotContain("confidential");
  }

  /**
   * Hostile text through ingestion: nothing of it becomes active HTML in the list, the thread or
   * the header, and the text still shows as text.
   */
  @Test
  void hostilePostTextStaysText() {
    Setup s = setup();
    String big = "<i>" + "A".repeat(100_000) + "</i>";
    List<String> samples =
        List.of(
            "<script>window.__pwned='script'</script>",
            "<img src=x onerror=\"window.__pwned='img'\">",
            "<a href=\"javascript:window.__pwned='link'\">click</a>",
            "\" onmouseover=\"window.__pwned='attr'\" x=\"",
            "<svg onload=\"window.__pwned='svg'\"></svg>",
            "invoice\u202Egnp.exe and zero\u200Dwidth\u200Bjoiners",
            big);
    Conversation c = null;
    for (String text : samples) {
      c =
          ingest(
              s.support(),
              UUID.randomUUID().toString(),
              null,
              "<b onclick=\"window.__pwned='name'\">Mallory</b>\u202E",
              text);
    }
    Browser ada = browser();
    signIn(ada, s.ada().email(), PASSWORD);
    ada.waitForText(".conv", "Mallory", 10);
    ada.go("/conversations/" + c.id() + "?status=all");
    ada.waitForText(".thread-header h2", "Mallory", 10);
    for (Conversation each :
        conversations.list(
            new InboxFilter(
                s.workspace().id(), null, null, InboxFilter.Assignment.ALL, 0, null, 50))) {
      ada.go("/conversations/" + each.id() + "?status=all");
      ada.waitForText(".thread-header h2", "Mallory", 10);
      assertNothingActive(ada);
    }
    ada.go("/conversations/" + c.id() + "?status=all");
    ada.waitForText("#thread-messages", "AAAA", 10);
    shot(ada, "team-5-hostile");
    ada.go("/inbox?status=all&q=zero");
    ada.waitForText(".conv", "zero", 10);
    assertThat(ada.find("#conversation-list").getText()).contains("gnp.exe", "joiners");
    assertNothingActive(ada);
    // The text is there, as text.
    ada.go("/inbox?status=all&q=script");
    ada.waitForText(".conv", "<script>", 10);
    assertNothingActive(ada);
  }

  /**
   * With {@code -Dparley.screenshots=DIR}, saves what the browser shows (to look at, not a check).
   */
  private static void shot(Browser b, String name) {
    String dir = System.getProperty("parley.screenshots");
    if (dir != null && !dir.isBlank()) {
      b.screenshot(java.nio.file.Path.of(dir, name + ".png"));
    }
  }

  /** Console errors other than the expected 4xx answers (a refused reply, a 409 collision). */
  private static List<String> scriptErrors(Browser b) {
    return b.consoleErrors().stream().filter(e -> !e.contains("Failed to load resource")).toList();
  }

  private static void assertNothingActive(Browser b) {
    assertThat(b.consoleErrors()).noneMatch(e -> e.contains("Content Security Policy"));
    Object report =
        b.js(
            "var bad = [];"
                + "document.querySelectorAll('*').forEach(function (el) {"
                + "  for (var i = 0; i < el.attributes.length; i++) {"
                + "    var a = el.attributes[i];"
                + "    if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);"
                + "    if (/^\\s*javascript:/i.test(a.value)) bad.push(el.tagName + ' ' + a.name);"
                + "  }"
                + "});"
                + "document.querySelectorAll('script').forEach(function (s) {"
                + "  if (!s.src || new URL(s.src).origin !== location.origin) bad.push('script');"
                + "});"
                + "['svg', 'iframe', 'object', 'embed', 'b', 'i'].forEach(function (t) {"
                + "  document.querySelectorAll('main ' + t + ', .conversation-list ' + t)"
                + "    .forEach(function () { bad.push(t); });"
                + "});"
                + "document.querySelectorAll('img').forEach(function (img) {"
                + "  if (!img.classList.contains('logo-mark')) bad.push('img');"
                + "});"
                + "if (window.__pwned) bad.push('ran: ' + window.__pwned);"
                + "return bad.join(', ');");
    assertThat(report).isEqualTo("");
  }

  // ---------------------------------------------------------------- set-up

  record Setup(
      Workspace workspace,
      ChannelAccount support,
      ChannelAccount sales,
      Team supportTeam,
      User ada,
      User ben,
      User sam) {}

  /** A workspace of its own: Support (Ada, Ben) answers X, Sales (Sam) answers Mastodon. */
  private Setup setup() {
    String slug = "w-" + UUID.randomUUID().toString().substring(0, 8);
    Workspace ws = workspaces.create(slug, "Test " + slug);
    ChannelAccount x =
        accounts.add(
            ws.id(), Network.X, "northwind", "Northwind", "nw", "http://127.0.0.1:1", Map.of());
    ChannelAccount masto =
        accounts.add(
            ws.id(),
            Network.MASTODON,
            "nw@social",
            "Northwind",
            "nw-m",
            "http://127.0.0.1:1",
            Map.of());
    Team support = teams.create(ws.id(), "Support");
    Team sales = teams.create(ws.id(), "Sales");
    teams.grant(ws.id(), support.id(), x.id());
    teams.grant(ws.id(), sales.id(), masto.id());
    User ada = person(ws, "Ada Agent", support);
    User ben = person(ws, "Ben Baker", support);
    User sam = person(ws, "Sam Sales", sales);
    return new Setup(ws, x, masto, support, ada, ben, sam);
  }

  private User person(Workspace ws, String name, Team team) {
    String email =
        name.toLowerCase().replace(' ', '.')
            + "-"
            + UUID.randomUUID().toString().substring(0, 6)
            + "@example.test";
    User u = users.create(ws.id(), email, name, passwords.encode(PASSWORD), Role.AGENT);
    teams.addMember(ws.id(), team.id(), u.id());
    return u;
  }

  private static void signIn(Browser b, String email, String password) {
    b.go("/login");
    b.find("#email").sendKeys(email);
    b.find("#password").sendKeys(password);
    b.find("button[type=submit]").click();
    b.waitForText(".list-header h1", "Open", 15);
  }

  private static void open(Browser b, Conversation c) {
    b.go("/conversations/" + c.id());
    b.waitForText("#thread-messages", "", 10);
    b.waitUntil(
        10, d -> d.findElement(By.tagName("body")).getAttribute("class").contains("is-live"));
  }

  private Conversation customerWrites(ChannelAccount account, String name, String text) {
    return ingest(account, UUID.randomUUID().toString(), null, name, text);
  }

  private void customerAnswers(ChannelAccount account, Conversation c, String text) {
    String parent = conversations.messages(c.id()).getFirst().externalId();
    String name = conversations.messages(c.id()).getFirst().authorName();
    ingest(account, UUID.randomUUID().toString(), parent, name, text);
  }

  private Conversation ingest(
      ChannelAccount account, String id, String parent, String name, String text) {
    ingestion.ingest(
        account,
        List.of(
            new InboundItem(
                id,
                InboundItem.Change.CREATED,
                parent == null ? InboundItem.Kind.MENTION : InboundItem.Kind.REPLY,
                parent,
                null,
                new InboundItem.Author(
                    "a-" + name.hashCode(), "h" + Math.abs(name.hashCode()), name, 10),
                false,
                text,
                null,
                Instant.now(),
                null,
                "{}")));
    long messageConversation =
        conversations
            .findMessage(account.workspaceId(), account.network(), id)
            .orElseThrow()
            .conversationId();
    return conversations.byId(account.workspaceId(), messageConversation).orElseThrow();
  }

  private List<String> outgoing(Conversation c) {
    return conversations.messages(c.id()).stream()
        .filter(m -> m.direction() == io.parley.conversations.Direction.OUT)
        .map(io.parley.conversations.Message::text)
        .toList();
  }

  private ConversationStatus status(Setup s, Conversation c) {
    return conversations.byId(s.workspace().id(), c.id()).orElseThrow().status();
  }
}
